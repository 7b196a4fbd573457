package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.tensorforge.cpu.CpuTestSupport.*;

/** Packed GEMM through the SPI against the reference: odd sizes, every operand orientation, strides, batches. */
class CpuMatmulTest {
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    private static double rtol(DType t, int k) { return t == DType.FLOAT32 ? 1e-5 * Math.sqrt(k + 1) : 1e-12; }

    private static void check(String what, Twin out, Twin a, Twin b, int k) {
        CPU.matmul(out.tested(), a.tested(), b.tested());
        REF.matmul(out.ref(), a.ref(), b.ref());
        DType t = out.dtype();
        // Products of N(0, 4) values: entries have scale about 4 sqrt(k); rounding error relative to that scale.
        double scale = 4 * Math.sqrt(Math.max(k, 1));
        assertClose("matmul " + what + " " + t, out, rtol(t, k), rtol(t, k) * scale);
    }

    /** (m, k) operand in one of four layouts: row-major, transposed storage, strided rows and columns, offset. */
    private static Twin operand(DType t, Random rnd, int rows, int cols, int layout) {
        return switch (layout) {
            case 0 -> contiguous(t, rnd, rows, cols);
            case 1 -> pair(t, random(t, Math.max(1, rows * cols), rnd), new int[] {rows, cols}, new int[] {1, rows}, 0);
            case 2 -> strided(t, rnd, new int[] {rows, cols}, new int[] {2 * cols + 3, 2});
            default -> strided(t, rnd, new int[] {rows, cols}, new int[] {1, rows + 5});
        };
    }

    @Test void sizesAndLayouts() {
        Random rnd = new Random(21);
        int[][] mnk = {{1, 1, 1}, {5, 7, 3}, {7, 1, 17}, {1, 33, 5}, {17, 17, 17}, {129, 65, 33}, {33, 129, 300},
                {6, 16, 8}, {8, 32, 9}, {12, 48, 257}, {13, 35, 513}};
        for (DType t : FLOATS) {
            for (int[] s : mnk) {
                int m = s[0], n = s[1], k = s[2];
                for (int la = 0; la < 4; la++) {
                    for (int lb = 0; lb < 4; lb++) {
                        Twin a = operand(t, rnd, m, k, la), b = operand(t, rnd, k, n, lb);
                        Twin out = output(t, m, n);
                        check(m + "x" + k + " * " + k + "x" + n + " layouts " + la + "/" + lb, out, a, b, k);
                    }
                }
            }
        }
    }

    @Test void largeParallelProductsAndBlockEdges() {
        Random rnd = new Random(22);
        // Crosses KC, MC and NC block boundaries and runs on the pool.
        int[][] mnk = {{300, 2100, 70}, {257, 131, 600}, {128, 512, 784}};
        for (DType t : FLOATS) {
            for (int[] s : mnk) {
                int m = s[0], n = s[1], k = s[2];
                Twin a = contiguous(t, rnd, m, k), b = operand(t, rnd, k, n, t == DType.FLOAT32 ? 1 : 0);
                check(m + "x" + k + " * " + k + "x" + n, output(t, m, n), a, b, k);
            }
        }
    }

    @Test void zeroInnerDimensionGivesZeros() {
        for (DType t : FLOATS) {
            Twin a = contiguous(t, new Random(1), 3, 0), b = contiguous(t, new Random(2), 0, 4);
            check("3x0 * 0x4", output(t, 3, 4), a, b, 0);
        }
    }

    @Test void batchedWithBroadcastBatchAxes() {
        Random rnd = new Random(23);
        for (DType t : FLOATS) {
            // a: (4, 3, 9, 5) batch-broadcast over axis 1; b: (4, 3, 5, 7) broadcast over axis 0.
            int[] as = {4, 3, 9, 5}, bs = {4, 3, 5, 7};
            Twin a = strided(t, rnd, as, new int[] {45, 0, 5, 1});
            Twin b = strided(t, rnd, bs, new int[] {0, 35, 1, 5});  // and transposed matrices
            check("batched (4,3,9,5) x (4,3,5,7) broadcast", output(t, 4, 3, 9, 7), a, b, 5);
            // Many small products: run one per task.
            Twin a2 = contiguous(t, rnd, 64, 16, 24), b2 = contiguous(t, rnd, 64, 24, 16);
            check("batched 64 x (16x24 * 24x16)", output(t, 64, 16, 16), a2, b2, 24);
            // A few large ones: parallel inside each product.
            Twin a3 = contiguous(t, rnd, 2, 150, 140), b3 = strided(t, rnd, new int[] {2, 140, 130}, new int[] {0, 130, 1});
            check("batched 2 x (150x140 * 140x130)", output(t, 2, 150, 130), a3, b3, 140);
        }
    }

    @Test void outputViewWithOffsetIsRespected() {
        Random rnd = new Random(24);
        Twin a = contiguous(DType.FLOAT32, rnd, 19, 11), b = contiguous(DType.FLOAT32, rnd, 11, 23);
        Twin big = output(DType.FLOAT32, 19 * 23 + 5);
        Twin out = big.view(new int[] {19, 23}, new int[] {23, 1}, 5);
        check("into an offset view", out, a, b, 11);
        assertClose("whole buffer around an offset output", big, 1e-5, 1e-4);
    }
}
