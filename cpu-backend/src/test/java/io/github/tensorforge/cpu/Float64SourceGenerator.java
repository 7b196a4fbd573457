package io.github.tensorforge.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the float64 twin of each float32 kernel class in {@link #SOURCES} ({@code CpuGemm.java} ->
 * {@code CpuGemm64.java}, ...), so the two cannot drift apart: the Vector API has no generics
 * over primitive lanes, so the JDK itself generates its per-type vector classes from one template the same way. The
 * translation is textual: class names, vector and primitive types, the zero literal; lines that name this generator
 * are left out. The float32 files must stay translatable: no other float literal or word "float" (say "element"), and
 * byte sizes written as {@code Float.BYTES} multiples. {@link Float64SourceGeneratorTest} fails when a committed float64
 * file is not what this produces.
 *
 * <p>Run after editing a float32 file, from the repository root or from {@code cpu-backend}:
 * {@code java cpu-backend/src/test/java/io/github/tensorforge/cpu/Float64SourceGenerator.java}
 */
public final class Float64SourceGenerator {
    static final String DIR = "src/main/java/io/github/tensorforge/cpu/";
    /** The float32 classes; each one's float64 twin is named with a 64 suffix. */
    static final List<String> SOURCES = List.of("CpuGemm", "CpuGemmKernels", "CpuBinaryRuns", "CpuReduceRuns", "CpuLayerNormRows");

    private Float64SourceGenerator() {}

    /** The float64 class name of a float32 one. */
    static String target(String source) {
        return source + "64";
    }

    /** The float64 translation of the text of the float32 class {@code source} (one of {@link #SOURCES}). */
    static String generate(String source, String floatText) {
        // Lines that name the generator speak of the float32 file as the source; the header below replaces them.
        String s = floatText.lines().filter(line -> !line.contains("Float64SourceGenerator"))
                .collect(java.util.stream.Collectors.joining("\n", "", floatText.endsWith("\n") ? "\n" : ""));
        for (String name : SOURCES) s = s.replaceAll("\\b" + name + "\\b", target(name));
        s = s.replace("FloatVector", "DoubleVector");
        s = s.replaceAll("\\bFloat\\b", "Double");
        s = s.replaceAll("\\bfloat\\b", "double");
        s = s.replace("float32", "float64");
        s = s.replace(" = 0f;", " = 0d;");
        Matcher left = Pattern.compile("(?i)float(?!64)|\\b\\d+(\\.\\d*)?f\\b").matcher(s);
        if (left.find()) {
            int from = s.lastIndexOf('\n', left.start()) + 1, to = s.indexOf('\n', left.start());
            String line = s.substring(from, to < 0 ? s.length() : to).trim();
            throw new IllegalStateException(source + ".java: '" + left.group() + "' has no float64 translation, in the line "
                    + "that reads (translated) \"" + line + "\"; write it with the words the generator translates (see its"
                    + " javadoc)");
        }
        return header(source) + s;
    }

    /** The first lines of a generated file. */
    static String header(String source) {
        return "// GENERATED from " + source + ".java by Float64SourceGenerator: do not edit. Edit " + source + ".java, then run\n"
                + "// java cpu-backend/src/test/java/io/github/tensorforge/cpu/Float64SourceGenerator.java\n";
    }

    /** The cpu-backend module directory, from the repository root or the module itself. */
    static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        String probe = DIR + SOURCES.get(0) + ".java";
        if (Files.exists(here.resolve(probe))) return here;
        if (Files.exists(here.resolve("cpu-backend").resolve(probe))) return here.resolve("cpu-backend");
        throw new IllegalStateException("run from the repository root or cpu-backend: " + probe + " not found under " + here);
    }

    /** The path of class {@code name}'s source file under the module directory. */
    static Path file(Path moduleDir, String name) {
        return moduleDir.resolve(DIR + name + ".java");
    }

    public static void main(String[] args) throws IOException {
        Path dir = moduleDir();
        for (String source : SOURCES) {
            String out = generate(source, Files.readString(file(dir, source), StandardCharsets.UTF_8));
            Files.writeString(file(dir, target(source)), out, StandardCharsets.UTF_8);
            System.out.println("wrote " + file(dir, target(source)));
        }
    }
}
