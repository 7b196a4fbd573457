package io.github.tensorforge.cpu;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed float64 GEMM classes are the generator's translation of the float32 ones. */
class Float64SourceGeneratorTest {
    @Test void committedFloat64GemmIsGeneratedFromTheFloat32One() throws Exception {
        Path dir = Float64SourceGenerator.moduleDir();
        for (String source : Float64SourceGenerator.SOURCES) {
            String expected = Float64SourceGenerator.generate(source,
                    Files.readString(Float64SourceGenerator.file(dir, source), StandardCharsets.UTF_8));
            String target = Float64SourceGenerator.target(source);
            String committed = Files.readString(Float64SourceGenerator.file(dir, target), StandardCharsets.UTF_8);
            assertEquals(expected, committed, target + ".java is not the translation of " + source + ".java: edit "
                    + source + ".java only, then run java cpu-backend/src/test/java/io/github/tensorforge/cpu/Float64SourceGenerator.java");
        }
    }

    @Test void translatesTypesNamesAndZeroAndLeavesOutLinesNamingTheGenerator() {
        String out = Float64SourceGenerator.generate("CpuGemm", "final class CpuGemm { // float32\n"
                + "    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;\n"
                + "    void tile() { CpuGemmKernels.kernel(); }\n"
                + "    private static final float ZERO = 0f;\n    long b = 4 / Float.BYTES; CpuGemmPathsTest t; }\n"
                + "// Edit this float file, not CpuGemm64: Float64SourceGenerator writes it\n");
        assertTrue(out.contains("final class CpuGemm64 { // float64"), out);
        assertTrue(out.contains("VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED"), out);
        assertTrue(out.contains("void tile() { CpuGemmKernels64.kernel(); }"), out);
        assertTrue(out.contains("private static final double ZERO = 0d;"), out);
        assertTrue(out.contains("4 / Double.BYTES; CpuGemmPathsTest t;"), out);
        assertTrue(!out.contains("Edit this") && out.startsWith(Float64SourceGenerator.header("CpuGemm")), out);
    }

    @Test void refusesTextWithoutATranslation() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Float64SourceGenerator.generate("CpuGemmKernels", "class CpuGemmKernels {\n  // two floats\n}\n"));
        assertTrue(e.getMessage().startsWith("CpuGemmKernels.java: 'float'") && e.getMessage().contains("\"// two floats\""), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Float64SourceGenerator.generate("CpuGemm", "class CpuGemm { double x = 1.5f; }"));
        assertTrue(e.getMessage().contains("'1.5f'"), e.getMessage());
    }
}
