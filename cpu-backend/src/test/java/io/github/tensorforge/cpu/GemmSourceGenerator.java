package io.github.tensorforge.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the float64 GEMM ({@code CpuGemm64.java}) from the float32 one ({@code CpuGemm.java}), so the two cannot
 * drift apart: the Vector API has no generics over primitive lanes, so the JDK itself generates its per-type vector
 * classes from one template the same way. The translation is textual: class name, vector and primitive types, the
 * zero literal; lines that name this generator are left out. {@code CpuGemm.java} must stay translatable: no other
 * float literal or word "float" (say "element"), and byte sizes written as {@code Float.BYTES} multiples.
 * {@link GemmSourceGeneratorTest} fails when the committed {@code CpuGemm64.java} is not what this produces.
 *
 * <p>Run after editing {@code CpuGemm.java}, from the repository root or from {@code cpu-backend}:
 * {@code java cpu-backend/src/test/java/io/github/tensorforge/cpu/GemmSourceGenerator.java}
 */
public final class GemmSourceGenerator {
    static final String SOURCE = "src/main/java/io/github/tensorforge/cpu/CpuGemm.java";
    static final String TARGET = "src/main/java/io/github/tensorforge/cpu/CpuGemm64.java";
    static final String HEADER = """
            // GENERATED from CpuGemm.java by GemmSourceGenerator: do not edit. Edit CpuGemm.java, then run
            // java cpu-backend/src/test/java/io/github/tensorforge/cpu/GemmSourceGenerator.java
            """;

    private GemmSourceGenerator() {}

    /** The float64 translation of {@code CpuGemm.java}'s text. */
    static String generate(String floatSource) {
        // Lines that name the generator speak of the float32 file as the source; the header below replaces them.
        String s = floatSource.lines().filter(line -> !line.contains("GemmSourceGenerator"))
                .collect(java.util.stream.Collectors.joining("\n", "", floatSource.endsWith("\n") ? "\n" : ""));
        s = s.replaceAll("\\bCpuGemm\\b", "CpuGemm64");
        s = s.replace("FloatVector", "DoubleVector");
        s = s.replaceAll("\\bFloat\\b", "Double");
        s = s.replaceAll("\\bfloat\\b", "double");
        s = s.replace("float32", "float64");
        s = s.replace(" = 0f;", " = 0d;");
        Matcher left = Pattern.compile("(?i)float(?!64)|\\b\\d+(\\.\\d*)?f\\b").matcher(s);
        if (left.find()) {
            int from = s.lastIndexOf('\n', left.start()) + 1, to = s.indexOf('\n', left.start());
            String line = s.substring(from, to < 0 ? s.length() : to).trim();
            throw new IllegalStateException("CpuGemm.java: '" + left.group() + "' has no float64 translation, in the line "
                    + "that reads (translated) \"" + line + "\"; write it with the words the generator translates (see its"
                    + " javadoc)");
        }
        return HEADER + s;
    }

    /** The cpu-backend module directory, from the repository root or the module itself. */
    static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.exists(here.resolve(SOURCE))) return here;
        if (Files.exists(here.resolve("cpu-backend").resolve(SOURCE))) return here.resolve("cpu-backend");
        throw new IllegalStateException("run from the repository root or cpu-backend: " + SOURCE + " not found under " + here);
    }

    public static void main(String[] args) throws IOException {
        Path dir = moduleDir();
        String out = generate(Files.readString(dir.resolve(SOURCE), StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(TARGET), out, StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve(TARGET));
    }
}
