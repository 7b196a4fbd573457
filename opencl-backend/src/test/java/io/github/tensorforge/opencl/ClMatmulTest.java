package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.tensorforge.opencl.ClTestSupport.*;

/** GEMM against the reference: odd sizes (edge tiles), transposed and strided operands, broadcast batches. */
class ClMatmulTest {

    private static double tol(DType t, int k) { return t == DType.FLOAT32 ? 1e-5 * Math.max(8, k) : 1e-12 * Math.max(8, k); }

    /** a (m, k) and b (k, n), each plain or transposed (stored as the transpose, viewed with swapped strides). */
    private static void run(DType t, int m, int n, int k, boolean ta, boolean tb, Random rnd) {
        Twin a = ta ? pair(t, random(t, m * k, rnd), new int[] {m, k}, new int[] {1, m}, 0)
                    : contiguous(t, random(t, m * k, rnd), m, k);
        Twin b = tb ? pair(t, random(t, k * n, rnd), new int[] {k, n}, new int[] {1, k}, 0)
                    : contiguous(t, random(t, k * n, rnd), k, n);
        Twin out = output(t, m, n);
        REF.matmul(out.ref(), a.ref(), b.ref());
        cl().matmul(out.tested(), a.tested(), b.tested());
        assertSame("matmul " + t + " " + m + "x" + k + " * " + k + "x" + n + (ta ? " A^T" : "") + (tb ? " B^T" : ""),
                out, tol(t, k), 1e-5);
        releaseAll(a, b, out);
    }

    @Test void oddSizesAndTransposes() {
        Random rnd = new Random(8);
        int[][] sizes = {{1, 1, 1}, {5, 7, 3}, {129, 65, 33}, {17, 16, 64}, {64, 64, 64}, {3, 1, 9}, {1, 20, 5}};
        for (DType t : floatTypes()) {
            for (int[] s : sizes) {
                for (int tr = 0; tr < 4; tr++) {
                    if (t == DType.FLOAT64 && s[0] > 100 && tr != 3) continue;
                    run(t, s[0], s[1], s[2], (tr & 1) != 0, (tr & 2) != 0, rnd);
                }
            }
        }
    }

    @Test void stridedSlicesWithOffsets() {
        Random rnd = new Random(9);
        for (DType t : floatTypes()) {
            // a = rows 2.. and every other column of a (20, 30) matrix: shape (9, 13), strides (60, 2), offset 62
            Twin a = pair(t, random(t, 20 * 30, rnd), new int[] {9, 13}, new int[] {60, 2}, 62);
            // b = a (13, 6) window of a (15, 11) matrix at (1, 3), offset 14
            Twin b = pair(t, random(t, 15 * 11, rnd), new int[] {13, 6}, new int[] {11, 1}, 14);
            Twin out = output(t, 9, 6);
            REF.matmul(out.ref(), a.ref(), b.ref());
            cl().matmul(out.tested(), a.tested(), b.tested());
            assertSame("matmul strided " + t, out, tol(t, 13), 1e-5);
            releaseAll(a, b, out);
        }
    }

    @Test void batchedWithBroadcastBatch() {
        Random rnd = new Random(10);
        for (DType t : floatTypes()) {
            int b0 = 2, b1 = 3, m = 7, k = 12, n = 9;
            // a: (2, 3, 7, 12) with the first batch axis broadcast (stride 0)
            Twin a = pair(t, random(t, b1 * m * k, rnd), new int[] {b0, b1, m, k}, new int[] {0, m * k, k, 1}, 0);
            // b: (2, 3, 12, 9) transposed matrices, second batch axis broadcast
            Twin b = pair(t, random(t, b0 * k * n, rnd), new int[] {b0, b1, k, n}, new int[] {k * n, 0, 1, k}, 0);
            Twin out = output(t, b0, b1, m, n);
            REF.matmul(out.ref(), a.ref(), b.ref());
            cl().matmul(out.tested(), a.tested(), b.tested());
            assertSame("batched broadcast matmul " + t, out, tol(t, k), 1e-5);
            releaseAll(a, b, out);
            // a plain 3-D batch, vector-load path (k and n multiples of 4)
            Twin a2 = contiguous(t, random(t, 5 * 33 * 20, rnd), 5, 33, 20);
            Twin b2 = contiguous(t, random(t, 5 * 20 * 36, rnd), 5, 20, 36);
            Twin o2 = output(t, 5, 33, 36);
            REF.matmul(o2.ref(), a2.ref(), b2.ref());
            cl().matmul(o2.tested(), a2.tested(), b2.tested());
            assertSame("batched matmul " + t, o2, tol(t, 20), 1e-5);
            releaseAll(a2, b2, o2);
        }
    }

    /** Every tile configuration, including the GPU one that cannot be timed here, is checked for correctness. */
    @Test void everyTileConfigurationIsCorrect() {
        Random rnd = new Random(19);
        ClGemm.Tile[] tiles = {ClGemm.GPU_TILE, ClGemm.CPU_TILE, ClGemm.SMALL_TILE, new ClGemm.Tile(4, 4, 2, 2, 8)};
        int[][] sizes = {{1, 1, 1}, {129, 65, 33}, {70, 68, 36}};
        for (ClGemm.Tile tile : tiles) {
            for (DType t : floatTypes()) {
                if (t == DType.FLOAT64 && tile != ClGemm.GPU_TILE) continue;
                for (int[] s : sizes) {
                    for (int tr = 0; tr < 4; tr++) {
                        int m = s[0], n = s[1], k = s[2];
                        boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                        // batch of 2 with a broadcast A
                        Twin a = ta ? pair(t, random(t, m * k, rnd), new int[] {2, m, k}, new int[] {0, 1, m}, 0)
                                    : pair(t, random(t, m * k, rnd), new int[] {2, m, k}, new int[] {0, k, 1}, 0);
                        Twin b = tb ? pair(t, random(t, 2 * k * n, rnd), new int[] {2, k, n}, new int[] {k * n, 1, k}, 0)
                                    : contiguous(t, random(t, 2 * k * n, rnd), 2, k, n);
                        Twin out = output(t, 2, m, n);
                        REF.matmul(out.ref(), a.ref(), b.ref());
                        cl().matmul(out.tested(), a.tested(), b.tested(), tile);
                        assertSame("matmul tile " + tile + " " + t + " " + m + "x" + k + "x" + n + (ta ? " A^T" : "")
                                + (tb ? " B^T" : ""), out, tol(t, k), 1e-5);
                        releaseAll(a, b, out);
                    }
                }
            }
        }
    }

    @Test void emptyInnerDimensionGivesZeros() {
        Twin a = contiguous(DType.FLOAT32, new float[0], 3, 0);
        Twin b = contiguous(DType.FLOAT32, new float[0], 0, 4);
        Twin out = output(DType.FLOAT32, 3, 4);
        REF.matmul(out.ref(), a.ref(), b.ref());
        cl().matmul(out.tested(), a.tested(), b.tested());
        assertSame("matmul k=0", out, 0, 0);
        releaseAll(a, b, out);
    }

    @Test void rejectsIntegerOperandsWithClearMessage() {
        Twin a = contiguous(DType.INT32, new int[4], 2, 2);
        Twin out = output(DType.INT32, 2, 2);
        View ca = a.tested();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> cl().matmul(out.tested(), ca, ca));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("int32"),
                e.getMessage());
        releaseAll(a, out);
    }
}
