package io.github.tensorforge.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 GEMM {@code C = A B} (or {@code C += A B}) in the GotoBLAS/BLIS structure:
 * <ul>
 *   <li>loop jc over column panels of {@code NC}, pc over k-blocks of {@code KC}: pack {@code B[pc.., jc..]} into
 *       strips of {@link #NR} columns, k-major and zero-padded (shared by all threads);</li>
 *   <li>loop ic over row blocks of {@code MC}: each task packs {@code A[ic.., pc..]} into strips of {@link #MR} rows,
 *       k-major and zero-padded (per thread, stays in L2);</li>
 *   <li>for every NR strip of B (in L1) and MR strip of A, the register-tiled micro-kernel keeps an MR x NR tile of
 *       C in {@code MR * 2} vector accumulators and does one broadcast and two FMAs per row per k.</li>
 * </ul>
 * Operand strides are arbitrary (a transposed operand is just swapped strides): the packing routines read either
 * orientation with unit-stride inner loops. Tiles at the matrix edge are computed into a scratch tile and merged.
 * C is cleared before the first k-block and the kernel starts its accumulators from C: one store path (a branch
 * between "store" and "accumulate" made the JDK 17 JIT lose half the speed).
 * Work is split across the pool by row blocks (and by column strips when there are fewer row blocks than threads).
 *
 * <p>Tile shape follows the vector length: 8 x 2 vectors (8 x 32) with 512-bit vectors, 6 x 2 vectors (6 x 16) with
 * 256-bit ones, so accumulators plus operands fit the 32 or 16 vector registers. Block sizes can be overridden with
 * the system properties {@code tensorforge.cpu.gemm.kc/mc/nc} for tuning.
 */
final class CpuGemm {
    /**
     * Vector species of the micro-kernel: the preferred one, or the width in bits given by the system property
     * {@code tensorforge.cpu.gemm.bits} (for tests of the other tile shape; a width the CPU lacks runs, slowly, in the
     * Vector API's Java fallback).
     */
    static final VectorSpecies<Float> S = Integer.getInteger("tensorforge.cpu.gemm.bits", 0) > 0
            ? VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.getInteger("tensorforge.cpu.gemm.bits", 0)))
            : FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int NR = 2 * L;
    static final int MR = L >= 16 ? 8 : 6;
    /** k-block: 512 with 512-bit vectors (measured best on Zen 4 in the issue), 256 with 256-bit ones (L1-sized panel). */
    static final int KC = Integer.getInteger("tensorforge.cpu.gemm.kc", L >= 16 ? 512 : 256);
    static final int MC = roundUp(Integer.getInteger("tensorforge.cpu.gemm.mc", MR * 20), MR);
    static final int NC = roundUp(Integer.getInteger("tensorforge.cpu.gemm.nc", 2048), NR);
    /** Below this many flops a product runs on the calling thread. */
    private static final float ZERO = 0f;
    static final long PARALLEL_FLOPS = 1L << 21;

    /** Applied to finished rows of C: {@code len} values of row {@code row} from column {@code col} at {@code c[off]}. */
    @FunctionalInterface
    interface Epilogue {
        void apply(float[] c, int off, int row, int col, int len);
    }

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][]);

    private final CpuThreadPool pool;

    CpuGemm(CpuThreadPool pool) {
        this.pool = pool;
    }

    static int roundUp(int x, int m) { return (x + m - 1) / m * m; }

    private static float[] buffer(int which, int size) {
        float[][] bufs = BUFFERS.get();
        float[] b = bufs[which];
        if (b == null || b.length < size) {
            b = new float[Math.max(size, b == null ? 0 : b.length * 3 / 2)];
            bufs[which] = b;
        }
        return b;
    }

    /**
     * {@code C[m x n] (+)= A[m x k] B[k x n]}; element (i, p) of A is {@code a[ao + i*ars + p*acs]}, likewise B; C rows
     * are {@code ldc} apart with unit column stride. {@code parallel} allows using the pool.
     */
    void gemm(int m, int n, int k, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs,
              float[] c, int co, int ldc, boolean accumulate, Epilogue epilogue, boolean parallel) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                if (!accumulate) java.util.Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0f);
                if (epilogue != null) epilogue.apply(c, co + i * ldc, i, 0, n);
            }
            return;
        }
        int threads = parallel && 2L * m * n * k >= PARALLEL_FLOPS ? pool.threads() : 1;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int nStrips = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] pb = buffer(1, nStrips * NR * kc);
                int jc0 = jc, pc0 = pc;
                if (threads > 1 && nStrips > 1) {
                    int parts = Math.min(threads, nStrips);
                    pool.run(parts, t -> packB(b, bo, brs, bcs, pc0, kc, jc0, nc, pb,
                            t * nStrips / parts, (t + 1) * nStrips / parts));
                } else {
                    packB(b, bo, brs, bcs, pc0, kc, jc0, nc, pb, 0, nStrips);
                }
                boolean add = accumulate || pc > 0;
                Epilogue epi = pc + kc >= k ? epilogue : null;
                // Row blocks of about MC rows, as many as a multiple of the thread count and of equal size (whole MR
                // strips), so threads finish together; column groups only when there are fewer blocks than threads.
                int mStrips = (m + MR - 1) / MR;
                int mBlocks = Math.max(1, (m + MC - 1) / MC);
                if (threads > 1) mBlocks = Math.min(mStrips, roundUp(mBlocks, threads));
                int blocks = mBlocks;
                int groups = threads > 1 && mBlocks < threads ? Math.min(nStrips, (threads + mBlocks - 1) / mBlocks) : 1;
                int tasks = mBlocks * groups;
                CpuThreadPool.ChunkBody body = t -> {
                    int ib = t / groups, g = t % groups;
                    int i0 = (int) ((long) ib * mStrips / blocks) * MR;
                    int rows = Math.min(m, (int) ((long) (ib + 1) * mStrips / blocks) * MR) - i0;
                    int s0 = g * nStrips / groups, s1 = (g + 1) * nStrips / groups;
                    float[] pa = buffer(0, roundUp(rows, MR) * kc);
                    packA(a, ao, ars, acs, i0, rows, pc0, kc, pa);
                    if (!add) {
                        // The micro-kernel always accumulates (one store path keeps its accumulators in registers).
                        int from = jc0 + s0 * NR, to = jc0 + Math.min(nc, s1 * NR);
                        for (int i = 0; i < rows; i++) java.util.Arrays.fill(c, co + (i0 + i) * ldc + from, co + (i0 + i) * ldc + to, 0f);
                    }
                    block(pa, rows, pb, kc, s0, s1, nc, c, co + i0 * ldc + jc0, ldc);
                    if (epi != null) {
                        int col = jc0 + s0 * NR, width = Math.min(nc, s1 * NR) - s0 * NR;
                        for (int i = 0; i < rows; i++) epi.apply(c, co + (i0 + i) * ldc + col, i0 + i, col, width);
                    }
                };
                if (threads > 1 && tasks > 1) pool.run(tasks, body);
                else for (int t = 0; t < tasks; t++) body.run(t);
            }
        }
    }

    /** Packs rows [i0, i0+rows) x k [p0, p0+kc) of A into MR-row strips, k-major, zero-padded. */
    static void packA(float[] a, int ao, int ars, int acs, int i0, int rows, int p0, int kc, float[] dst) {
        int strips = (rows + MR - 1) / MR;
        for (int s = 0; s < strips; s++) {
            int base = s * MR * kc;
            int r0 = s * MR, h = Math.min(MR, rows - r0);
            if (acs == 1 || ars != 1) {
                for (int r = 0; r < h; r++) {
                    int src = ao + (i0 + r0 + r) * ars + p0 * acs;
                    for (int p = 0; p < kc; p++) dst[base + p * MR + r] = a[src + p * acs];
                }
            } else {  // column-major A (a transposed operand): unit stride along rows
                for (int p = 0; p < kc; p++) {
                    int src = ao + (i0 + r0) * ars + (p0 + p) * acs;
                    for (int r = 0; r < h; r++) dst[base + p * MR + r] = a[src + r];
                }
            }
            for (int r = h; r < MR; r++) for (int p = 0; p < kc; p++) dst[base + p * MR + r] = 0f;
        }
    }

    /** Packs strips [s0, s1) of NR columns of B[p0.., j0..] into dst, k-major, zero-padded. */
    static void packB(float[] b, int bo, int brs, int bcs, int p0, int kc, int j0, int nc, float[] dst, int s0, int s1) {
        for (int s = s0; s < s1; s++) {
            int base = s * NR * kc;
            int c0 = j0 + s * NR, w = Math.min(NR, j0 + nc - c0);
            if (bcs == 1 && w == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bo + (p0 + p) * brs + c0;
                    FloatVector.fromArray(S, b, src).intoArray(dst, base + p * NR);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, base + p * NR + L);
                }
            } else if (bcs == 1 || brs != 1) {
                for (int p = 0; p < kc; p++) {
                    int src = bo + (p0 + p) * brs + c0 * bcs;
                    int d = base + p * NR;
                    for (int j = 0; j < w; j++) dst[d + j] = b[src + j * bcs];
                    for (int j = w; j < NR; j++) dst[d + j] = 0f;
                }
            } else {  // row-major B^T (a transposed operand): unit stride along k
                for (int j = 0; j < w; j++) {
                    int src = bo + p0 + (c0 + j) * bcs;
                    for (int p = 0; p < kc; p++) dst[base + p * NR + j] = b[src + p];
                }
                for (int p = 0; p < kc; p++) for (int j = w; j < NR; j++) dst[base + p * NR + j] = 0f;
            }
        }
    }

    /** Multiplies a packed A block (rows) by packed B strips [s0, s1) into C (already offset to the block). */
    private static void block(float[] pa, int rows, float[] pb, int kc, int s0, int s1, int nc, float[] c, int co,
                              int ldc) {
        float[] tile = null;
        for (int s = s0; s < s1; s++) {
            int pbi = s * NR * kc;
            int col = s * NR, w = Math.min(NR, nc - col);
            for (int r0 = 0; r0 < rows; r0 += MR) {
                int pai = r0 * kc;  // strip r0/MR starts at (r0/MR)*MR*kc
                int h = Math.min(MR, rows - r0);
                if (h == MR && w == NR) {
                    kernel(pa, pai, pb, pbi, kc, c, co + r0 * ldc + col, ldc);
                } else {
                    if (tile == null) tile = new float[MR * NR];
                    else java.util.Arrays.fill(tile, ZERO);
                    kernel(pa, pai, pb, pbi, kc, tile, 0, NR);
                    for (int i = 0; i < h; i++) {
                        int ci = co + (r0 + i) * ldc + col;
                        for (int j = 0; j < w; j++) c[ci + j] += tile[i * NR + j];
                    }
                }
            }
        }
    }

    private static void kernel(float[] pa, int pai, float[] pb, int pbi, int kc, float[] c, int ci, int ldc) {
        if (MR == 8) kernel8(pa, pai, pb, pbi, kc, c, ci, ldc);
        else kernel6(pa, pai, pb, pbi, kc, c, ci, ldc);
    }

    private static void kernel6(float[] pa, int pai, float[] pb, int pbi, int kc, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, ci + 0 * ldc), c01 = FloatVector.fromArray(S, c, ci + 0 * ldc + L);
        FloatVector c10 = FloatVector.fromArray(S, c, ci + 1 * ldc), c11 = FloatVector.fromArray(S, c, ci + 1 * ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, ci + 2 * ldc), c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, ci + 3 * ldc), c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
        FloatVector c40 = FloatVector.fromArray(S, c, ci + 4 * ldc), c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
        FloatVector c50 = FloatVector.fromArray(S, c, ci + 5 * ldc), c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
        for (int p = 0; p < kc; p++, pai += 6, pbi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, pbi);
            FloatVector b1 = FloatVector.fromArray(S, pb, pbi + L);
            FloatVector a = FloatVector.broadcast(S, pa[pai]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, pa[pai + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, pa[pai + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, pa[pai + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, pa[pai + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, pa[pai + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
    }

    private static void kernel8(float[] pa, int pai, float[] pb, int pbi, int kc, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, ci + 0 * ldc), c01 = FloatVector.fromArray(S, c, ci + 0 * ldc + L);
        FloatVector c10 = FloatVector.fromArray(S, c, ci + 1 * ldc), c11 = FloatVector.fromArray(S, c, ci + 1 * ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, ci + 2 * ldc), c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, ci + 3 * ldc), c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
        FloatVector c40 = FloatVector.fromArray(S, c, ci + 4 * ldc), c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
        FloatVector c50 = FloatVector.fromArray(S, c, ci + 5 * ldc), c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
        FloatVector c60 = FloatVector.fromArray(S, c, ci + 6 * ldc), c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + L);
        FloatVector c70 = FloatVector.fromArray(S, c, ci + 7 * ldc), c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + L);
        for (int p = 0; p < kc; p++, pai += 8, pbi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, pbi);
            FloatVector b1 = FloatVector.fromArray(S, pb, pbi + L);
            FloatVector a = FloatVector.broadcast(S, pa[pai]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, pa[pai + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, pa[pai + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, pa[pai + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, pa[pai + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, pa[pai + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, pa[pai + 6]);
            c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, pa[pai + 7]);
            c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + L);
    }

}
