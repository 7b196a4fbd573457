package io.github.tensorforge.tests;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dependency rules of DESIGN.md, checked on the sources: core never names a backend, nn or the command; no
 * backend imports another backend, the reference backend or nn.
 */
class ModuleBoundariesTest {
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "core", List.of("io.github.tensorforge.cpu", "io.github.tensorforge.opencl", "io.github.tensorforge.cuda",
                    "io.github.tensorforge.nn", "io.github.tensorforge.cli"),
            // A backend builds on the SPI only: the reference backend is its peer in tests, not a library.
            "cpu-backend", List.of("io.github.tensorforge.opencl", "io.github.tensorforge.cuda", "io.github.tensorforge.nn",
                    "io.github.tensorforge.reference"),
            "opencl-backend", List.of("io.github.tensorforge.cpu", "io.github.tensorforge.cuda", "io.github.tensorforge.nn",
                    "io.github.tensorforge.reference"),
            "cuda-backend", List.of("io.github.tensorforge.cpu", "io.github.tensorforge.opencl", "io.github.tensorforge.nn",
                    "io.github.tensorforge.reference"),
            "nn", List.of("io.github.tensorforge.cpu", "io.github.tensorforge.opencl", "io.github.tensorforge.cuda",
                    "io.github.tensorforge.cli"));

    @Test void modulesImportOnlyWhatTheDesignAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var e : FORBIDDEN.entrySet()) {
            Path src = Path.of("..", e.getKey(), "src", "main", "java");
            assertTrue(Files.isDirectory(src), "module sources not found: " + src.toAbsolutePath());
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        String l = line.trim();
                        if (!l.startsWith("import ")) continue;
                        for (String pkg : e.getValue()) {
                            if (l.startsWith("import " + pkg + ".") || l.startsWith("import static " + pkg + ".")) {
                                violations.add(e.getKey() + ": " + src.relativize(f) + ": " + l);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), "imports that break the module rules:\n" + String.join("\n", violations));
    }
}
