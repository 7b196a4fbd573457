package io.github.tensorforge.opencl;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without libOpenCL.so the backend says so itself, before JOCL's native loader prints to the terminal (issue 24). */
class ClLibraryTest {
    @TempDir Path tmp;

    @Test void findsTheLoaderOnlyWhereAnElfFileIs() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty")), broken = Files.createDirectories(tmp.resolve("broken"));
        Path real = Files.createDirectories(tmp.resolve("real")), linked = Files.createDirectories(tmp.resolve("linked"));
        Files.write(broken.resolve(ClLibrary.NAME), new byte[0]);                          // "file too short"
        Files.write(real.resolve("libOpenCL.so.1.0.0"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        Files.createSymbolicLink(linked.resolve(ClLibrary.NAME), real.resolve("libOpenCL.so.1.0.0"));
        String reason = ClLibrary.missing(List.of(empty, broken));
        assertTrue(reason != null && reason.contains("libOpenCL.so (the OpenCL ICD loader) is not installed")
                && reason.contains("ocl-icd-opencl-dev"), reason);
        assertNull(ClLibrary.missing(List.of(empty, broken, linked)));
        assertTrue(ClLibrary.searchPath().contains(Path.of("/usr/lib")));
    }

    @Test void aMachineWithOpenClFindsItsLoader() {
        // where the OpenCL tests run (PoCL in CI), the search must find the loader JOCL uses
        ClDevice.Selection s = ClDevice.select();
        Assumptions.assumeTrue(s.found(), () -> "no OpenCL device here: " + s.reason());
        assertNull(ClLibrary.missing(), "an OpenCL device was found, so the loader is where the search looks");
    }
}
