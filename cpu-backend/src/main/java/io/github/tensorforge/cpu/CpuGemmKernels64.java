// GENERATED from CpuGemmKernels.java by Float64SourceGenerator: do not edit. Edit CpuGemmKernels.java, then run
// java cpu-backend/src/test/java/io/github/tensorforge/cpu/Float64SourceGenerator.java
package io.github.tensorforge.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernels of {@link CpuGemm64}: each adds the product of a strip of A and a strip of B (kc long)
 * to an MR x 2-vector tile of C held in vector accumulators, with one broadcast of A and two FMAs per row per k step.
 * {@link #kernel} reads A from packed strips or a column-major A in place (14 rows with 512-bit vectors, 6 with
 * 256-bit ones); {@link #kernelD6}, {@link #kernelD4} and {@link #kernelD2} read the rows of a row-major A in place.
 * The blocking, packing and scheduling around them are in {@link CpuGemm64}.
 *
 * <p>The kernels are written out by hand, accumulator by accumulator: the JIT keeps each in a register only when it is
 * a local of its own, and a helper that returned the tile would need an object the JIT may not scalar-replace.
 */
final class CpuGemmKernels64 {
    private static final VectorSpecies<Double> S = CpuGemm64.S;
    private static final int L = CpuGemm64.L, MR = CpuGemm64.MR;

    private CpuGemmKernels64() {}

    /**
     * The register-tiled micro-kernel: an MR x 2-vector tile of C (rows {@code ldc} apart, from {@code c[ci]}) plus the
     * product of kc columns of A and kc rows of a B strip. Column p of A is {@code pa[pai + p * lda ..]} (MR values:
     * lda = MR for packed strips, the column stride for a column-major A read in place); row p of B is
     * {@code pb[pbi + p * ldb ..]} (ldb = NR for packed strips, the row stride for B read in place).
     */
    static void kernel(double[] pa, int pai, int lda, double[] pb, int pbi, int ldb, int kc, double[] c, int ci,
                       int ldc) {
        if (MR == 14) kernel14(pa, pai, lda, pb, pbi, ldb, kc, c, ci, ldc);
        else kernel6(pa, pai, lda, pb, pbi, ldb, kc, c, ci, ldc);
    }

    private static void kernel6(double[] pa, int pai, int lda, double[] pb, int pbi, int ldb, int kc, double[] c, int ci,
                                int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(S, c, ci + 0 * ldc), c01 = DoubleVector.fromArray(S, c, ci + 0 * ldc + L);
        DoubleVector c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc), c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + L);
        DoubleVector c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc), c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
        DoubleVector c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc), c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
        DoubleVector c40 = DoubleVector.fromArray(S, c, ci + 4 * ldc), c41 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L);
        DoubleVector c50 = DoubleVector.fromArray(S, c, ci + 5 * ldc), c51 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L);
        // ia stepped, ib multiplied: the one form of the four tried that neither JIT compiles badly (JDK 25 spilled an
        // accumulator with both multiplied: 784x128 (transposed) by 128x512 ran at 28 GFLOP/s instead of 34; JDK 17
        // ran 2048^3 at 33 instead of 35 with both stepped; with constant strides for packed operands, 24).
        // Two k steps per iteration: JDK 17's C2 neither unrolls this loop nor hoists its range checks, so each step
        // paid the loop's branch, index updates and stack reloads. One thread, Zen 1, 2048^3 went from 34.5 to 36.2
        // GFLOP/s on JDK 17 (1024^3 34.3 -> 35.2); JDK 25 stayed at 35.7-35.9; four steps gained nothing more.
        int p = 0, ia = pai;
        for (; p < kc - 1; p += 2, ia += 2 * lda) {
            int ib = pbi + ldb * p;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector a = DoubleVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, pa[ia + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, pa[ia + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, pa[ia + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, pa[ia + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, pa[ia + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            int ja = ia + lda;
            b0 = DoubleVector.fromArray(S, pb, ib + ldb);
            b1 = DoubleVector.fromArray(S, pb, ib + ldb + L);
            a = DoubleVector.broadcast(S, pa[ja]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, pa[ja + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, pa[ja + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, pa[ja + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, pa[ja + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, pa[ja + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        for (; p < kc; p++, ia += lda) {
            int ib = pbi + ldb * p;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector a = DoubleVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, pa[ia + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, pa[ia + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, pa[ia + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, pa[ia + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, pa[ia + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
    }

    /**
     * The 14-row tile of 512-bit vectors: 28 accumulators, two B vectors and the broadcast fill 31 of the 32 registers.
     * Accumulator {@code cRRV} holds row RR, vector V. Against 8 rows, each B vector loaded feeds 14 FMAs instead of 8;
     * on a 2-core Xeon with two 512-bit FMA units per core (kernel alone, packed operands in cache, both cores busy)
     * 8 rows ran at 167 GFLOP/s per core, 12 at 175, 14 at 186-189, 15 at 151-164 (16 cannot fit).
     * kernel6's index form, one k step per iteration (two steps per iteration ran slower here: 145-151 GFLOP/s).
     */
    private static void kernel14(double[] pa, int pai, int lda, double[] pb, int pbi, int ldb, int kc, double[] c, int ci,
                                 int ldc) {
        DoubleVector c000 = DoubleVector.fromArray(S, c, ci + 0 * ldc), c001 = DoubleVector.fromArray(S, c, ci + 0 * ldc + L);
        DoubleVector c010 = DoubleVector.fromArray(S, c, ci + 1 * ldc), c011 = DoubleVector.fromArray(S, c, ci + 1 * ldc + L);
        DoubleVector c020 = DoubleVector.fromArray(S, c, ci + 2 * ldc), c021 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
        DoubleVector c030 = DoubleVector.fromArray(S, c, ci + 3 * ldc), c031 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
        DoubleVector c040 = DoubleVector.fromArray(S, c, ci + 4 * ldc), c041 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L);
        DoubleVector c050 = DoubleVector.fromArray(S, c, ci + 5 * ldc), c051 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L);
        DoubleVector c060 = DoubleVector.fromArray(S, c, ci + 6 * ldc), c061 = DoubleVector.fromArray(S, c, ci + 6 * ldc + L);
        DoubleVector c070 = DoubleVector.fromArray(S, c, ci + 7 * ldc), c071 = DoubleVector.fromArray(S, c, ci + 7 * ldc + L);
        DoubleVector c080 = DoubleVector.fromArray(S, c, ci + 8 * ldc), c081 = DoubleVector.fromArray(S, c, ci + 8 * ldc + L);
        DoubleVector c090 = DoubleVector.fromArray(S, c, ci + 9 * ldc), c091 = DoubleVector.fromArray(S, c, ci + 9 * ldc + L);
        DoubleVector c100 = DoubleVector.fromArray(S, c, ci + 10 * ldc), c101 = DoubleVector.fromArray(S, c, ci + 10 * ldc + L);
        DoubleVector c110 = DoubleVector.fromArray(S, c, ci + 11 * ldc), c111 = DoubleVector.fromArray(S, c, ci + 11 * ldc + L);
        DoubleVector c120 = DoubleVector.fromArray(S, c, ci + 12 * ldc), c121 = DoubleVector.fromArray(S, c, ci + 12 * ldc + L);
        DoubleVector c130 = DoubleVector.fromArray(S, c, ci + 13 * ldc), c131 = DoubleVector.fromArray(S, c, ci + 13 * ldc + L);
        for (int p = 0, ia = pai; p < kc; p++, ia += lda) {
            int ib = pbi + ldb * p;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector a = DoubleVector.broadcast(S, pa[ia]);
            c000 = a.fma(b0, c000); c001 = a.fma(b1, c001);
            a = DoubleVector.broadcast(S, pa[ia + 1]);
            c010 = a.fma(b0, c010); c011 = a.fma(b1, c011);
            a = DoubleVector.broadcast(S, pa[ia + 2]);
            c020 = a.fma(b0, c020); c021 = a.fma(b1, c021);
            a = DoubleVector.broadcast(S, pa[ia + 3]);
            c030 = a.fma(b0, c030); c031 = a.fma(b1, c031);
            a = DoubleVector.broadcast(S, pa[ia + 4]);
            c040 = a.fma(b0, c040); c041 = a.fma(b1, c041);
            a = DoubleVector.broadcast(S, pa[ia + 5]);
            c050 = a.fma(b0, c050); c051 = a.fma(b1, c051);
            a = DoubleVector.broadcast(S, pa[ia + 6]);
            c060 = a.fma(b0, c060); c061 = a.fma(b1, c061);
            a = DoubleVector.broadcast(S, pa[ia + 7]);
            c070 = a.fma(b0, c070); c071 = a.fma(b1, c071);
            a = DoubleVector.broadcast(S, pa[ia + 8]);
            c080 = a.fma(b0, c080); c081 = a.fma(b1, c081);
            a = DoubleVector.broadcast(S, pa[ia + 9]);
            c090 = a.fma(b0, c090); c091 = a.fma(b1, c091);
            a = DoubleVector.broadcast(S, pa[ia + 10]);
            c100 = a.fma(b0, c100); c101 = a.fma(b1, c101);
            a = DoubleVector.broadcast(S, pa[ia + 11]);
            c110 = a.fma(b0, c110); c111 = a.fma(b1, c111);
            a = DoubleVector.broadcast(S, pa[ia + 12]);
            c120 = a.fma(b0, c120); c121 = a.fma(b1, c121);
            a = DoubleVector.broadcast(S, pa[ia + 13]);
            c130 = a.fma(b0, c130); c131 = a.fma(b1, c131);
        }
        c000.intoArray(c, ci); c001.intoArray(c, ci + L);
        c010.intoArray(c, ci + ldc); c011.intoArray(c, ci + ldc + L);
        c020.intoArray(c, ci + 2 * ldc); c021.intoArray(c, ci + 2 * ldc + L);
        c030.intoArray(c, ci + 3 * ldc); c031.intoArray(c, ci + 3 * ldc + L);
        c040.intoArray(c, ci + 4 * ldc); c041.intoArray(c, ci + 4 * ldc + L);
        c050.intoArray(c, ci + 5 * ldc); c051.intoArray(c, ci + 5 * ldc + L);
        c060.intoArray(c, ci + 6 * ldc); c061.intoArray(c, ci + 6 * ldc + L);
        c070.intoArray(c, ci + 7 * ldc); c071.intoArray(c, ci + 7 * ldc + L);
        c080.intoArray(c, ci + 8 * ldc); c081.intoArray(c, ci + 8 * ldc + L);
        c090.intoArray(c, ci + 9 * ldc); c091.intoArray(c, ci + 9 * ldc + L);
        c100.intoArray(c, ci + 10 * ldc); c101.intoArray(c, ci + 10 * ldc + L);
        c110.intoArray(c, ci + 11 * ldc); c111.intoArray(c, ci + 11 * ldc + L);
        c120.intoArray(c, ci + 12 * ldc); c121.intoArray(c, ci + 12 * ldc + L);
        c130.intoArray(c, ci + 13 * ldc); c131.intoArray(c, ci + 13 * ldc + L);
    }


    /**
     * 6 x 2-vector tile with both operands read in place: row r of A at {@code a[ar + p]} (unit k stride; a clamped
     * duplicate row for a partial strip), row p of the B strip at {@code b[bi + p * ldb]}.
     */
    static void kernelD6(double[] a, int a0, int a1, int a2, int a3, int a4, int a5, double[] b, int bi, int ldb,
                         int kc, double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(S, c, ci + 0 * ldc), c01 = DoubleVector.fromArray(S, c, ci + 0 * ldc + L);
        DoubleVector c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc), c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + L);
        DoubleVector c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc), c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
        DoubleVector c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc), c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
        DoubleVector c40 = DoubleVector.fromArray(S, c, ci + 4 * ldc), c41 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L);
        DoubleVector c50 = DoubleVector.fromArray(S, c, ci + 5 * ldc), c51 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L);
        for (int p = 0; p < kc; p++) {
            int ib = bi + ldb * p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, b, ib + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
    }

    /** {@link #kernelD6} for the 4 rows of a partial strip (8 accumulators: still one FMA per cycle). */
    static void kernelD4(double[] a, int a0, int a1, int a2, int a3, double[] b, int bi, int ldb, int kc,
                         double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(S, c, ci + 0 * ldc), c01 = DoubleVector.fromArray(S, c, ci + 0 * ldc + L);
        DoubleVector c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc), c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + L);
        DoubleVector c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc), c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
        DoubleVector c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc), c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
        for (int p = 0; p < kc; p++) {
            int ib = bi + ldb * p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, b, ib + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
    }

    /** {@link #kernelD6} for the 1 or 2 rows of a partial strip. */
    static void kernelD2(double[] a, int a0, int a1, double[] b, int bi, int ldb, int kc, double[] c, int ci,
                         int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(S, c, ci + 0 * ldc), c01 = DoubleVector.fromArray(S, c, ci + 0 * ldc + L);
        DoubleVector c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc), c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + L);
        for (int p = 0; p < kc; p++) {
            int ib = bi + ldb * p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, b, ib + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
    }
}
