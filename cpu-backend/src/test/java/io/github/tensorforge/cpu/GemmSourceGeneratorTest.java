package io.github.tensorforge.cpu;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed float64 GEMM is the generator's translation of the float32 one. */
class GemmSourceGeneratorTest {
    @Test void committedFloat64GemmIsGeneratedFromTheFloat32One() throws Exception {
        Path dir = GemmSourceGenerator.moduleDir();
        String expected = GemmSourceGenerator.generate(Files.readString(dir.resolve(GemmSourceGenerator.SOURCE), StandardCharsets.UTF_8));
        String committed = Files.readString(dir.resolve(GemmSourceGenerator.TARGET), StandardCharsets.UTF_8);
        assertEquals(expected, committed, "CpuGemm64.java is not the translation of CpuGemm.java: edit CpuGemm.java only, then run "
                + "java cpu-backend/src/test/java/io/github/tensorforge/cpu/GemmSourceGenerator.java");
    }

    @Test void translatesTypesNamesAndZeroAndLeavesOutLinesNamingTheGenerator() {
        String out = GemmSourceGenerator.generate("final class CpuGemm { // float32\n"
                + "    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;\n"
                + "    private static final float ZERO = 0f;\n    long b = 4 / Float.BYTES; CpuGemmPathsTest t; }\n"
                + "// Edit this float file, not CpuGemm64: GemmSourceGenerator writes it\n");
        assertTrue(out.contains("final class CpuGemm64 { // float64"), out);
        assertTrue(out.contains("VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED"), out);
        assertTrue(out.contains("private static final double ZERO = 0d;"), out);
        assertTrue(out.contains("4 / Double.BYTES; CpuGemmPathsTest t;"), out);
        assertTrue(!out.contains("Edit this") && out.startsWith(GemmSourceGenerator.HEADER), out);
    }

    @Test void refusesTextWithoutATranslation() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GemmSourceGenerator.generate("class CpuGemm {\n  // two floats\n}\n"));
        assertTrue(e.getMessage().contains("'float'") && e.getMessage().contains("\"// two floats\""), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> GemmSourceGenerator.generate("class CpuGemm { double x = 1.5f; }"));
        assertTrue(e.getMessage().contains("'1.5f'"), e.getMessage());
    }
}
