package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operand rules shared by the element-wise fused kernels (Adam's step, dropout) and their messages. */
class FusedOperandsTest {
    private static final MemoryTracker TRACKER = new MemoryTracker();

    private static View view(DType t, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return View.contiguous(new HeapBuffer(null, t, n, TRACKER), shape);
    }

    private static void rejects(Runnable r, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention " + f);
    }

    @Test void matchingContiguousViewsPassAndAnOptionalOneMayBeNull() {
        View x = view(DType.FLOAT32, 3, 4), out = view(DType.FLOAT32, 12);
        assertDoesNotThrow(() -> DropoutMask.checkOperands("cpu", out, x));
        assertDoesNotThrow(() -> AdamStep.checkOperands("cpu", x, out, x, out, null));
    }

    @Test void dtypeSizeAndLayoutAreChecked() {
        View x = view(DType.FLOAT32, 8);
        rejects(() -> DropoutMask.checkOperands("opencl", view(DType.FLOAT64, 8), x), "opencl", "dropout", "out", DType.FLOAT64.toString());
        rejects(() -> DropoutMask.checkOperands("cpu", view(DType.FLOAT32, 4), x), "dropout", "[4]", "[8]");
        rejects(() -> DropoutMask.checkOperands("cpu", view(DType.INT32, 8), view(DType.INT32, 8)), "dropout", "float32 or float64");
        View strided = new View(new HeapBuffer(null, DType.FLOAT32, 16, TRACKER), DType.FLOAT32, new int[] {8}, new int[] {2}, 0);
        rejects(() -> AdamStep.checkOperands("cuda", x, strided, x, x, null), "cuda", "adamStep", "grad", "contiguous");
        rejects(() -> AdamStep.checkOperands("cpu", x, x, x, x, view(DType.INT32, 8)), "maxExpAvgSq", DType.INT32.toString());
    }
}
