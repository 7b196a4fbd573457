package io.github.tensorforge.cpu;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed float64 GEMM classes are the generator's translation of the float32 ones. */
class GemmSourceGeneratorTest {
    @Test void committedFloat64GemmIsGeneratedFromTheFloat32One() throws Exception {
        Path dir = GemmSourceGenerator.moduleDir();
        for (String source : GemmSourceGenerator.SOURCES) {
            String expected = GemmSourceGenerator.generate(source,
                    Files.readString(GemmSourceGenerator.file(dir, source), StandardCharsets.UTF_8));
            String target = GemmSourceGenerator.target(source);
            String committed = Files.readString(GemmSourceGenerator.file(dir, target), StandardCharsets.UTF_8);
            assertEquals(expected, committed, target + ".java is not the translation of " + source + ".java: edit "
                    + source + ".java only, then run java cpu-backend/src/test/java/io/github/tensorforge/cpu/GemmSourceGenerator.java");
        }
    }

    @Test void translatesTypesNamesAndZeroAndLeavesOutLinesNamingTheGenerator() {
        String out = GemmSourceGenerator.generate("CpuGemm", "final class CpuGemm { // float32\n"
                + "    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;\n"
                + "    void tile() { CpuGemmKernels.kernel(); }\n"
                + "    private static final float ZERO = 0f;\n    long b = 4 / Float.BYTES; CpuGemmPathsTest t; }\n"
                + "// Edit this float file, not CpuGemm64: GemmSourceGenerator writes it\n");
        assertTrue(out.contains("final class CpuGemm64 { // float64"), out);
        assertTrue(out.contains("VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED"), out);
        assertTrue(out.contains("void tile() { CpuGemmKernels64.kernel(); }"), out);
        assertTrue(out.contains("private static final double ZERO = 0d;"), out);
        assertTrue(out.contains("4 / Double.BYTES; CpuGemmPathsTest t;"), out);
        assertTrue(!out.contains("Edit this") && out.startsWith(GemmSourceGenerator.header("CpuGemm")), out);
    }

    @Test void refusesTextWithoutATranslation() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GemmSourceGenerator.generate("CpuGemmKernels", "class CpuGemmKernels {\n  // two floats\n}\n"));
        assertTrue(e.getMessage().startsWith("CpuGemmKernels.java: 'float'") && e.getMessage().contains("\"// two floats\""), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> GemmSourceGenerator.generate("CpuGemm", "class CpuGemm { double x = 1.5f; }"));
        assertTrue(e.getMessage().contains("'1.5f'"), e.getMessage());
    }
}
