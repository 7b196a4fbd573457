package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static io.github.tensorforge.cpu.CpuTestSupport.*;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The GEMM's paths against the reference backend, in float32 ({@link CpuGemm}) and float64 ({@link CpuGemm64}, generated
 * from it): the direct path (B read in place, A in place or packed), its column tail and its size limits, batched
 * attention-shaped products, products with few rows split by columns, few-row products with a wide B^T (multiplied as
 * their transpose), and packed products whose k-blocks are packed in groups. Odd sizes, transposed and strided operands.
 */
class CpuGemmPathsTest {
    private static final CpuThreadPool POOL = new CpuThreadPool(2);

    @AfterAll static void stopPool() { POOL.shutdown(); }

    private static void check(String what, Twin out, Twin a, Twin b, int k) {
        CPU.matmul(out.tested(), a.tested(), b.tested());
        REF.matmul(out.ref(), a.ref(), b.ref());
        double rtol = 1e-5 * Math.sqrt(k + 1);
        assertClose("matmul " + what, out, rtol, rtol * 4 * Math.sqrt(Math.max(k, 1)));
    }

    /** (rows x cols) operand: 0 row-major, 1 transposed storage, 2 rows padded (unit column stride), 3 column stride 2. */
    private static Twin operand(DType type, Random rnd, int rows, int cols, int layout) {
        return switch (layout) {
            case 0 -> contiguous(type, rnd, rows, cols);
            case 1 -> pair(type, random(type, Math.max(1, rows * cols), rnd), new int[] {rows, cols}, new int[] {1, rows}, 0);
            case 2 -> strided(type, rnd, new int[] {rows, cols}, new int[] {cols + 5, 1});
            default -> strided(type, rnd, new int[] {rows, cols}, new int[] {2 * cols + 1, 2});
        };
    }

    @ParameterizedTest @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void directPathOddSizesAndLayouts(DType type) {
        Random rnd = new Random(31);
        // n >= 16 and a row-major B (layouts 0 and 2) take the direct path; layout 1 and 3 of B take the packed one.
        int[][] mnk = {{1, 16, 1}, {7, 17, 7}, {17, 33, 17}, {33, 64, 33}, {1023, 48, 33}, {5, 1023, 7}, {13, 40, 512}};
        for (int[] s : mnk) {
            int m = s[0], n = s[1], k = s[2];
            for (int la = 0; la < 4; la++) {
                for (int lb = 0; lb < 4; lb++) {
                    Twin a = operand(type, rnd, m, k, la), b = operand(type, rnd, k, n, lb);
                    check(m + "x" + k + " * " + k + "x" + n + " layouts " + la + "/" + lb, output(type, m, n), a, b, k);
                }
            }
        }
    }

    @ParameterizedTest @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void aroundTheDirectPathLimits(DType type) {
        Random rnd = new Random(32);
        int maxK = CpuGemm.DIRECT_MAX_K;
        int nAtLimit = (int) ((type == DType.FLOAT32 ? CpuGemm.DIRECT_MAX_B : CpuGemm64.DIRECT_MAX_B) / 256);
        int maxM = CpuGemm.DIRECT_MAX_M;
        int[][] mnk = {{19, 40, maxK}, {19, 40, maxK + 1}, {9, nAtLimit, 256}, {9, nAtLimit + 1, 256}, {maxM, 40, 33},
                {maxM + 1, 40, 33}};
        for (int[] s : mnk) {
            int m = s[0], n = s[1], k = s[2];
            check(m + "x" + k + " * " + k + "x" + n, output(type, m, n), contiguous(type, rnd, m, k), contiguous(type, rnd, k, n), k);
        }
    }

    @ParameterizedTest @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void batchedAttentionShapes(DType type) {
        Random rnd = new Random(33);
        int bh = 24, t = 64, d = 32;
        // scores = Q K^T with K stored (bh, t, d): the transposed view has unit row stride.
        Twin q = contiguous(type, rnd, bh, t, d), kStored = contiguous(type, rnd, bh, t, d);
        Twin kT = pair(type, random(type, bh * t * d, rnd), new int[] {bh, d, t}, new int[] {t * d, 1, d}, 0);
        check("Q K^T (24, 64x32 * 32x64)", output(type, bh, t, t), q, kT, d);
        // The same product with K^T materialised row-major (the direct path).
        Twin kRow = contiguous(type, rnd, bh, d, t);
        check("Q K (24, 64x32 * 32x64)", output(type, bh, t, t), q, kRow, d);
        // context = P V: (bh, t, t) x (bh, t, d).
        Twin p = contiguous(type, rnd, bh, t, t);
        check("P V (24, 64x64 * 64x32)", output(type, bh, t, d), p, kStored, t);
        // Four batch axes' worth: (2, 12) heads, odd sequence length.
        Twin q4 = contiguous(type, rnd, 2, 12, 33, 32), k4 = contiguous(type, rnd, 2, 12, 32, 33);
        check("(2,12, 33x32 * 32x33)", output(type, 2, 12, 33, 33), q4, k4, 32);
    }

    @ParameterizedTest @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void packedProductsWithGroupedKBlocks(DType type) {
        Random rnd = new Random(34);
        // More than WIDE_MAX_M rows (row blocks). k = 784: two equal k-blocks; k = 1100 and n = 1023: B panels of
        // several groups; B transposed (packed path).
        int m0 = CpuGemm.WIDE_MAX_M + 1;
        int[][] mnk = {{m0 + 40, 70, 784}, {m0, 1023, 1100}, {m0 + 3, 17, 1100}};
        for (int[] s : mnk) {
            int m = s[0], n = s[1], k = s[2];
            for (int lb : new int[] {0, 1}) {
                Twin a = operand(type, rnd, m, k, lb == 0 ? 1 : 0), b = operand(type, rnd, k, n, lb);
                check(m + "x" + k + " * " + k + "x" + n + " B layout " + lb, output(type, m, n), a, b, k);
            }
        }
        // A wide B and a long k-block: a row-major A is packed rather than read in place (PACK_A_MIN_N, _KC).
        int m = m0 + 5, n = CpuGemm.PACK_A_MIN_N + 3, k = CpuGemm.PACK_A_MIN_KC + 17;
        check(m + "x" + k + " * " + k + "x" + n + " A packed", output(type, m, n), operand(type, rnd, m, k, 0),
                operand(type, rnd, k, n, 0), k);
    }

    @ParameterizedTest @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fewRowsSplitByColumns(DType type) {
        Random rnd = new Random(36);
        // At most WIDE_MAX_M rows and a B beyond the direct path: tasks own column groups (weight gradients X^T dY).
        int wide = CpuGemm.WIDE_MAX_M;
        int[][] mnk = {{1, 70, 1100}, {7, 385, 600}, {wide, 40, 700}, {wide + 1, 40, 700}, {37, 17, 2000}};
        for (int[] s : mnk) {
            int m = s[0], n = s[1], k = s[2];
            for (int la = 0; la < 4; la++) {
                for (int lb : new int[] {0, 1}) {
                    Twin a = operand(type, rnd, m, k, la), b = operand(type, rnd, k, n, lb);
                    check(m + "x" + k + " * " + k + "x" + n + " layouts " + la + "/" + lb, output(type, m, n), a, b, k);
                }
            }
        }
    }

    @ParameterizedTest @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fewRowsTimesWideTransposedB(DType type) {
        Random rnd = new Random(37);
        // A (unit column stride) times B^T stored row-major, with n k well above m k + n m and k <= KC: multiplied as
        // its transpose B A^T into a scratch result, then transposed into C (dX = dY W^T of backward).
        int[][] mnk = {{1, 70, 300}, {7, 385, 100}, {37, 1023, 511}, {128, 784, 512}};
        for (int[] s : mnk) {
            int m = s[0], n = s[1], k = s[2];
            for (int la : new int[] {0, 2}) {
                Twin a = operand(type, rnd, m, k, la), b = operand(type, rnd, k, n, 1);
                check(m + "x" + k + " * " + k + "x" + n + " (B^T) layout " + la, output(type, m, n), a, b, k);
            }
        }
    }

    /** gemm with accumulate and an epilogue on every path, against a double-precision loop. */
    @Test void accumulateAndEpilogueOnEveryPath() {
        CpuGemm gemm = new CpuGemm(POOL);
        Random rnd = new Random(35);
        // direct with in-place A, direct with packed A (transposed), direct with a column tail, packed (B transposed).
        // Then the column-split path for few rows (A^T, and B^T), and the row-block path (more than WIDE_MAX_M rows).
        int[][] cases = {{30, 64, 40, 0, 0}, {30, 64, 40, 1, 0}, {31, 37, 40, 0, 0}, {31, 37, 600, 0, 1},
                {100, 300, 700, 1, 0}, {100, 300, 700, 0, 1}, {300, 200, 300, 0, 0}, {300, 200, 600, 1, 1}};
        for (int[] cs : cases) {
            int m = cs[0], n = cs[1], k = cs[2];
            boolean ta = cs[3] == 1, tb = cs[4] == 1;
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
            for (int i = 0; i < c.length; i++) c[i] = (float) rnd.nextGaussian();
            int ars = ta ? 1 : k, acs = ta ? m : 1, brs = tb ? 1 : n, bcs = tb ? k : 1;
            double[] want = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = c[i * n + j];
                    for (int p = 0; p < k; p++) acc += (double) a[i * ars + p * acs] * b[p * brs + j * bcs];
                    want[i * n + j] = acc * 2 + j - i;  // the epilogue below
                }
            }
            int[] calls = new int[m * n];
            gemm.gemm(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, n, true, (cc, off, row, col, len) -> {
                for (int q = 0; q < len; q++) {
                    cc[off + q] = cc[off + q] * 2 + (col + q) - row;
                    synchronized (calls) { calls[row * n + col + q]++; }
                }
            }, true);
            String what = "gemm accumulate+epilogue " + m + "x" + k + " * " + k + "x" + n + (ta ? " A^T" : "") + (tb ? " B^T" : "");
            for (int i = 0; i < m * n; i++) {
                if (calls[i] != 1) fail(what + ": epilogue ran " + calls[i] + " times on element " + i);
                double tol = 1e-5 * Math.sqrt(k) * (2 + Math.abs(want[i])) * 4;
                if (Math.abs(c[i] - want[i]) > tol) {
                    fail(what + ": element (" + i / n + ", " + i % n + ") is " + c[i] + ", expected " + want[i]);
                }
            }
        }
    }
}
