package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.github.tensorforge.cuda.CudaTestSupport.*;

/**
 * Batched matmul (cuBLAS where it loads, else our kernel) on odd sizes, transposed operands, strided batches and
 * broadcast batch axes. In tf32/bf16 math mode float32 results are compared with a tolerance that fits that mode.
 */
class CudaMatmulTest {
    private static double tol(DType t, int k) { return gemmTol(t, k); }

    /** a (m, k) and b (k, n) in the requested layouts (transposed = swapped strides over a transposed buffer). */
    private static void check2d(DType t, int m, int n, int k, boolean ta, boolean tb, Random rnd) {
        Twin a = ta ? randomContiguous(t, rnd, k, m).view(new int[] {m, k}, new int[] {1, m}, 0)
                : randomContiguous(t, rnd, m, k);
        Twin b = tb ? randomContiguous(t, rnd, n, k).view(new int[] {k, n}, new int[] {1, k}, 0)
                : randomContiguous(t, rnd, k, n);
        Twin out = output(t, m, n);
        both((be, c) -> be.matmul(c ? out.tested() : out.ref(), c ? a.tested() : a.ref(), c ? b.tested() : b.ref()));
        double tol = tol(t, k);
        assertClose("matmul " + t + " " + m + "x" + k + (ta ? "^T" : "") + " @ " + k + "x" + n + (tb ? "^T" : ""),
                out, tol, tol);
        releaseAll(a, b, out);
    }

    @Test void oddSizesAndTransposes() {
        Random rnd = new Random(20);
        int[][] sizes = {{1, 1, 1}, {1, 17, 5}, {7, 1, 9}, {33, 65, 17}, {129, 131, 127}, {128, 128, 128},
                {257, 100, 300}, {64, 500, 3}, {3, 70, 1000}};
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (int[] s : sizes) {
                for (int tr = 0; tr < 4; tr++) check2d(t, s[0], s[1], s[2], (tr & 1) != 0, (tr & 2) != 0, rnd);
            }
        }
    }

    @Test void largeSquare() {
        Random rnd = new Random(21);
        check2d(DType.FLOAT32, 1024, 1024, 1024, false, false, rnd);
        check2d(DType.FLOAT32, 512, 768, 1000, false, true, rnd);
    }

    @Test void batchedWithBroadcastAndStridedBatches() {
        Random rnd = new Random(22);
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            int m = 19, k = 23, n = 29;
            // a (2, 3, m, k); b broadcast over the first batch axis: (2, 3, k, n) with stride 0 on axis 0.
            Twin a = randomContiguous(t, rnd, 2, 3, m, k);
            Twin bBase = randomContiguous(t, rnd, 3, k, n);
            Twin b = bBase.view(new int[] {2, 3, k, n}, new int[] {0, k * n, n, 1}, 0);
            Twin out = output(t, 2, 3, m, n);
            both((be, c) -> be.matmul(c ? out.tested() : out.ref(), c ? a.tested() : a.ref(), c ? b.tested() : b.ref()));
            assertClose("batched broadcast " + t, out, tol(t, k), tol(t, k));
            // Batch axes in swapped order (not collapsible into one stride): our kernel's batch layout path.
            Twin aBase = randomContiguous(t, rnd, 3, 2, m, k);
            Twin aSwapped = aBase.view(new int[] {2, 3, m, k}, new int[] {m * k, 2 * m * k, k, 1}, 0);
            Twin out2 = output(t, 2, 3, m, n);
            both((be, c) -> be.matmul(c ? out2.tested() : out2.ref(), c ? aSwapped.tested() : aSwapped.ref(),
                    c ? b.tested() : b.ref()));
            assertClose("batched swapped batch axes " + t, out2, tol(t, k), tol(t, k));
            // A batch of transposed operands with an offset.
            Twin cBase = randomContiguous(t, rnd, 4 * k * m + 3);
            Twin aT = cBase.view(new int[] {4, m, k}, new int[] {k * m, 1, m}, 3);
            Twin b3 = randomContiguous(t, rnd, 4, k, n);
            Twin out3 = output(t, 4, m, n);
            both((be, c) -> be.matmul(c ? out3.tested() : out3.ref(), c ? aT.tested() : aT.ref(), c ? b3.tested() : b3.ref()));
            assertClose("batched transposed with offset " + t, out3, tol(t, k), tol(t, k));
            releaseAll(a, bBase, out, aBase, out2, cBase, b3, out3);
        }
    }

    @Test void emptyInnerDimensionGivesZeros() {
        Twin a = output(DType.FLOAT32, 5, 0), b = output(DType.FLOAT32, 0, 7);
        Twin out = output(DType.FLOAT32, 5, 7);
        both((be, c) -> be.matmul(c ? out.tested() : out.ref(), c ? a.tested() : a.ref(), c ? b.tested() : b.ref()));
        assertClose("k = 0", out, 0, 0);
        releaseAll(a, b, out);
    }

    @Test void ownKernelMatchesWhenCublasIsInUse() {
        // The own GEMM is the fallback and a benchmark peer: exercise it directly even when cuBLAS is present.
        CudaBackend c = cuda();
        Random rnd = new Random(23);
        for (int[] s : new int[][] {{130, 70, 257}, {128, 256, 64}, {5, 3, 2}}) {
            for (int tr = 0; tr < 4; tr++) {
                int m = s[0], n = s[1], k = s[2];
                boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                Twin a = ta ? randomContiguous(DType.FLOAT32, rnd, k, m).view(new int[] {m, k}, new int[] {1, m}, 0)
                        : randomContiguous(DType.FLOAT32, rnd, m, k);
                Twin b = tb ? randomContiguous(DType.FLOAT32, rnd, n, k).view(new int[] {k, n}, new int[] {1, k}, 0)
                        : randomContiguous(DType.FLOAT32, rnd, k, n);
                Twin out = output(DType.FLOAT32, m, n);
                REF.matmul(out.ref(), a.ref(), b.ref());
                c.ownMatmul(out.tested(), a.tested(), b.tested());
                double tol = 2e-5 * Math.sqrt(k) + 1e-5;
                assertClose("own gemm " + m + "x" + k + (ta ? "^T" : "") + " @ " + k + "x" + n + (tb ? "^T" : ""), out, tol, tol);
                releaseAll(a, b, out);
            }
        }
    }
}
