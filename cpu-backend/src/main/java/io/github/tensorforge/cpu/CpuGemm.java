package io.github.tensorforge.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 GEMM {@code C = A B} (or {@code C += A B}) in the GotoBLAS/BLIS structure:
 * <ul>
 *   <li>loop jc over column panels of {@code NC}, pc over k-blocks of {@code KC}: pack {@code B[pc.., jc..]} into
 *       strips of {@link #NR} columns, k-major and zero-padded (shared by all threads);</li>
 *   <li>loop ic over row blocks of {@code MC}: each task takes a block of rows of A, read in place when its rows are
 *       contiguous (6-row tile) unless B is wide and k long ({@link #PACK_A_MIN_N}), and otherwise packed into strips
 *       of {@link #MR} rows, k-major and zero-padded;</li>
 *   <li>for every NR strip of B (in L1) and MR strip of A, a register-tiled micro-kernel ({@link CpuGemmKernels})
 *       adds their product to an MR x NR tile of C.</li>
 * </ul>
 * Operand strides are arbitrary (a transposed operand is just swapped strides): the packing routines read either
 * orientation with unit-stride inner loops. Tiles at the matrix edge are computed into a scratch tile and merged;
 * the last 1-4 rows of an A read in place take a 2- or 4-row kernel rather than a whole 6-row tile.
 * C is cleared before the first k-block and the kernel starts its accumulators from C: one store path (a branch
 * between "store" and "accumulate" made the JDK 17 JIT lose half the speed).
 * k is cut into blocks of equal size (at most KC). The B panels of as many k-blocks as fit {@link #PACKED_B_MAX} are
 * packed in one parallel call and multiplied in one more, each task owning its part of C across those k-blocks.
 * Work is split across the pool by row blocks (and by column strips when there are fewer row blocks than threads),
 * a few tasks per thread, claimed dynamically. Products with at most {@link #WIDE_MAX_M} rows split their columns
 * instead ({@link #wide}).
 *
 * <p>Small products (row-major B of at most {@link #DIRECT_MAX_B} elements, k at most {@link #DIRECT_MAX_K}, m at most
 * {@link #DIRECT_MAX_M}: attention heads, small layers) take the direct path instead: B is read in place and A too
 * when its rows are contiguous, so nothing is packed and each C tile is loaded and stored once. On a 2-core Zen 1 a
 * batch of 64x32 by 32x64 products ran at about twice the speed of the packed path this way.
 *
 * <p>Tile shape follows the vector width: 14 rows x 2 vectors with 512-bit vectors, 6 rows x 2 vectors with 256-bit
 * ones, so accumulators plus operands fit the 32 or 16 vector registers. Block sizes can be overridden with the system
 * properties {@code tensorforge.cpu.gemm.kc/mc/nc} for tuning (in elements; the same for both element types).
 * <p>Edit this file, not CpuGemm64: Float64SourceGenerator (cpu-backend's tests) writes that one from this one.
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
    static final int MR = S.vectorBitSize() >= 512 ? 14 : 6;
    private static final int ELEMENT_BYTES = Float.BYTES;
    /**
     * k-block: as many k steps as let one packed B strip (NR columns) fill the L1 data cache, rounded down to a multiple
     * of 64, within [128, 512]. Same for both element types: NR elements are two vectors, whatever their type. 2-core
     * Xeon with AVX-512 (48 KiB L1d: 384), JDK 17, 2 threads, GFLOP/s at kc = 512 / 384 / 256: with the 8-row tile
     * 1024^3 214 / - / 251; with the 14-row tile 1024^3 266 / 270 / 274 and 2048^3 275 / 262 / 264 (within the noise).
     * With 256-bit vectors on Zen 1 (32 KiB: 512) an earlier measurement found 512 best, 1-4% ahead of 256. Zen 4
     * (32 KiB with 512-bit vectors: 256) has not been measured with this rule. {@code tensorforge.cpu.gemm.kc}
     * overrides it.
     */
    static final int KC = Integer.getInteger("tensorforge.cpu.gemm.kc",
            Math.max(128, Math.min(512, CpuCaches.L1D / (NR * ELEMENT_BYTES) / 64 * 64)));
    static final int MC = roundUp(Integer.getInteger("tensorforge.cpu.gemm.mc", MR * 20), MR);
    static final int NC = roundUp(Integer.getInteger("tensorforge.cpu.gemm.nc", 2048), NR);
    private static final float ZERO = 0f;
    /** Below this many flops a product runs on the calling thread. */
    static final long PARALLEL_FLOPS = 1L << 21;
    /**
     * Packed B panels of up to 4 MiB are packed together for several k-blocks, so a medium product (128x784 by
     * 784x512) makes 2 pool hand-offs instead of 2 per k-block; larger ones go one k-block at a time. In elements.
     */
    static final long PACKED_B_MAX = Long.getLong("tensorforge.cpu.gemm.packedb", (4L << 20) / Float.BYTES);
    /**
     * Products with a row-major B of at most {@link #DIRECT_MAX_B} elements (256 KiB, half an L2 cache) and k at most
     * this take the direct path (B read in place); larger ones are packed. A B strip read in place has its rows a
     * power of two apart in the usual shapes, so it falls into a few L1 sets and each tile rereads it from L2: past
     * half of L2, packing is faster (one thread, Zen 1: 128x256 by 256x512 ran at 25 GFLOP/s direct, 32 packed;
     * 128x512 by 512x256 at 23-33 direct, 32-33 packed; attention-sized products still gain from the direct path).
     */
    static final int DIRECT_MAX_K = Integer.getInteger("tensorforge.cpu.gemm.direct.k", 512);
    static final long DIRECT_MAX_B = Long.getLong("tensorforge.cpu.gemm.direct.b", (256L << 10) / Float.BYTES);
    /**
     * Products with more rows than this are packed even when B is small: packing B once costs little over many rows,
     * and a packed strip stays in L1 (one thread, Zen 1, 4096x128 by 128x256: float32 28 GFLOP/s direct, 31 packed;
     * float64 12.7 direct, 14.8 packed).
     */
    static final int DIRECT_MAX_M = Integer.getInteger("tensorforge.cpu.gemm.direct.m", 512);
    /**
     * In the blocked path a row-major A is packed rather than read in place when a k-block is at least
     * {@link #PACK_A_MIN_KC} long and B has at least {@link #PACK_A_MIN_N} columns. Read in place, an A block of MC
     * rows spans MC row strides (960 KiB at k = 2048) and its rows, a power of two apart in the usual shapes, share
     * few L2 sets, so the block thrashes L2 while the many B strips of a wide panel stream past it; packed, it is
     * contiguous. The copy is repaid only over many strips. Two threads, Zen 1, JDK 17, GFLOP/s in place / packed:
     * 2048^3 65.6 / 70.6, 1024^3 64.2 / 67.3; 2048x256 by 256x2048 (k-blocks of 256) 65.4 / 63.7; 512x1024 by
     * 1024x64 (4 strips) 66.9 / 56.1.
     */
    static final int PACK_A_MIN_KC = Integer.getInteger("tensorforge.cpu.gemm.packa.kc", 384);
    static final int PACK_A_MIN_N = Integer.getInteger("tensorforge.cpu.gemm.packa.n", 896);
    /** Tasks per thread for a parallel product (dynamically claimed, so a preempted thread delays little). */
    static final int TASKS_PER_THREAD = Integer.getInteger("tensorforge.cpu.gemm.tasks", 2);
    /** Products with at most this many rows split their columns over the tasks ({@link #wide}). */
    static final int WIDE_MAX_M = Integer.getInteger("tensorforge.cpu.gemm.wide.m", 256);
    /** Whether A B^T products may be multiplied as their transpose ({@link #swapped}); a property for A/B runs. */
    static final boolean SWAP = !"false".equals(System.getProperty("tensorforge.cpu.gemm.swap"));

    /** Applied to finished rows of C: {@code len} values of row {@code row} from column {@code col} at {@code c[off]}. */
    @FunctionalInterface
    interface Epilogue {
        void apply(float[] c, int off, int row, int col, int len);
    }

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[4][]);

    private final CpuThreadPool pool;

    CpuGemm(CpuThreadPool pool) {
        this.pool = pool;
    }

    static int roundUp(int x, int m) { return (x + m - 1) / m * m; }

    /**
     * Per-thread scratch array {@code which}: 0 packed A, 1 packed B, 2 edge tile, 3 the transposed product of
     * {@link #swapped}.
     */
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
     * How the micro-kernel reads A. Packing A costs as much as a tenth of the product when n is small (a transposed
     * copy per element), so A is read where it lies when its layout allows: rows in place (row-major A, 6-row tile
     * only: 14 row pointers do not fit the registers of the 14-row tile), or columns in place (column-major A in the
     * direct path, where k is short: the transposed scores of attention backward, a small batch's transposed
     * activations; column p of a strip is MR consecutive elements). Only a partial last strip of a column-major A is
     * packed, since reading past its rows could leave the array. Over a long k a column-major A is packed (see gemm).
     */
    private static final int A_PACKED = 0, A_ROWS = 1, A_COLUMNS = 2;

    static int aMode(int ars, int acs) {
        if (acs == 1 && MR == 6) return A_ROWS;
        if (ars == 1 && acs != 1) return A_COLUMNS;
        return A_PACKED;
    }

    /** Scratch elements {@link #prepareA} needs for a block of {@code rows} rows and {@code kc} columns. */
    private static int packedASize(int mode, int rows, int kc) {
        return switch (mode) {
            case A_PACKED -> roundUp(rows, MR) * kc;
            case A_COLUMNS -> MR * kc;
            default -> 0;
        };
    }

    /** Packs what {@link #tile} reads from {@code pa} for rows [i0, i0+rows) and k [p0, p0+kc) of A. */
    private static void prepareA(int mode, float[] a, int ao, int ars, int acs, int i0, int rows, int p0, int kc,
                                 float[] pa) {
        if (mode == A_PACKED) {
            packA(a, ao, ars, acs, i0, rows, p0, kc, pa, 0);
        } else if (mode == A_COLUMNS && rows % MR != 0) {
            int full = rows / MR * MR;
            packA(a, ao, ars, acs, i0 + full, rows - full, p0, kc, pa, 0);
        }
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
                if (!accumulate) java.util.Arrays.fill(c, co + i * ldc, co + i * ldc + n, ZERO);
                if (epilogue != null) epilogue.apply(c, co + i * ldc, i, 0, n);
            }
            return;
        }
        int threads = parallel && 2L * m * n * k >= PARALLEL_FLOPS ? pool.threads() : 1;
        int aMode = aMode(ars, acs);
        if (bcs == 1 && n >= NR && m <= DIRECT_MAX_M && k <= DIRECT_MAX_K && (long) k * n <= DIRECT_MAX_B) {
            direct(m, n, k, aMode, a, ao, ars, acs, b, bo, brs, c, co, ldc, accumulate, epilogue, threads);
            return;
        }
        // A B^T (dX = dY W^T): packing B transposes n x k values; multiplied as its transpose, the product transposes
        // m x k (A) and n x m (the result) instead. Measured (two threads, GFLOP/s, as is / swapped): 128x512 by
        // 512x784 60.2 / 65.2, 32x512 by 512x784 44.6 / 62.2, 16x256 by 256x512 35.8 / 46.4. Not swapped: 128x256 by
        // 256x512 (saves too little: 58.6 / 57.8), 128x128 by 128x1024 (55.2 / 34.4) and k above KC (64x1024 by
        // 1024x1024: 49.2 / 41.4, the swapped product's 4 column strips against several k-blocks).
        if (SWAP && !accumulate && epilogue == null && acs == 1 && bcs != 1 && brs == 1 && m <= WIDE_MAX_M
                && k <= KC && (long) n * k > 2L * ((long) m * k + (long) n * m)) {
            swapped(m, n, k, a, ao, ars, b, bo, bcs, c, co, ldc, parallel, threads);
            return;
        }
        // Over a long k, the columns of a column-major A are a power of two apart in the usual shapes and fall into a
        // few cache sets: packed, a strip is contiguous.
        int mode = aMode == A_COLUMNS ? A_PACKED : aMode;
        // k-blocks of equal size (1100 = 3 x 367 rather than 2 x 512 + 76: a thin last block wastes a C pass).
        int kBlocks = (k + KC - 1) / KC;
        int kcStep = (k + kBlocks - 1) / kBlocks;
        if (m <= WIDE_MAX_M && (threads == 1 || (n + NR - 1) / NR >= threads)) {
            wide(m, n, k, mode, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc, accumulate, epilogue, threads, kBlocks,
                    kcStep);
            return;
        }
        int blockMode = mode == A_ROWS && kcStep >= PACK_A_MIN_KC && n >= PACK_A_MIN_N ? A_PACKED : mode;
        // Row blocks of about MC rows, as many as a multiple of the thread count and of equal size (whole MR strips),
        // so threads finish together; column groups only when there are fewer blocks than threads.
        int mStrips = (m + MR - 1) / MR;
        int mBlocksWanted = Math.max(1, (m + MC - 1) / MC);
        // With several threads, at least TASKS_PER_THREAD blocks per thread (of at least two strips): a claimed
        // task on a thread that the OS preempts then holds up only a small part of the product.
        int mBlocks = threads > 1
                ? Math.min(mStrips, roundUp(Math.max(mBlocksWanted, Math.min(TASKS_PER_THREAD * threads, mStrips / 2)), threads))
                : mBlocksWanted;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int nStrips = (nc + NR - 1) / NR;
            int panel = nStrips * NR * kcStep;  // packed size of one k-block of B
            // k-blocks whose packed B panels together fit PACKED_B_MAX are packed in one parallel call and multiplied
            // in one more: each task owns its part of C across those k-blocks, so no hand-off is needed between them.
            int perGroup = (int) Math.max(1, Math.min(kBlocks, PACKED_B_MAX / panel));
            for (int kb0 = 0; kb0 < kBlocks; kb0 += perGroup) {
                int kb1 = Math.min(kBlocks, kb0 + perGroup);
                int jc0 = jc, g0 = kb0, g1 = kb1;
                float[] pb = buffer(1, panel * (kb1 - kb0));
                int packParts = threads > 1 ? Math.min(threads, nStrips * (kb1 - kb0)) : 1;
                CpuThreadPool.ChunkBody pack = t -> {
                    // Chunk t packs an equal share of the (k-block, strip) pairs.
                    int units = nStrips * (g1 - g0);
                    int u0 = (int) ((long) t * units / packParts), u1 = (int) ((long) (t + 1) * units / packParts);
                    while (u0 < u1) {
                        int kb = g0 + u0 / nStrips, st = u0 % nStrips, end = Math.min(nStrips, st + (u1 - u0));
                        int pc = kb * kcStep, kc = Math.min(kcStep, k - pc);
                        packB(b, bo, brs, bcs, pc, kc, jc0, nc, pb, (kb - g0) * panel, st, end);
                        u0 += end - st;
                    }
                };
                if (packParts > 1) pool.run(packParts, pack);
                else pack.run(0);
                int blocks = mBlocks;
                int groups = threads > 1 && mBlocks < threads ? Math.min(nStrips, (threads + mBlocks - 1) / mBlocks) : 1;
                int tasks = mBlocks * groups;
                CpuThreadPool.ChunkBody body = t -> {
                    int ib = t / groups, g = t % groups;
                    int i0 = (int) ((long) ib * mStrips / blocks) * MR;
                    int rows = Math.min(m, (int) ((long) (ib + 1) * mStrips / blocks) * MR) - i0;
                    int s0 = g * nStrips / groups, s1 = (g + 1) * nStrips / groups;
                    float[] pa = buffer(0, packedASize(blockMode, rows, kcStep));
                    for (int kb = g0; kb < g1; kb++) {
                        int pc = kb * kcStep, kc = Math.min(kcStep, k - pc);
                        prepareA(blockMode, a, ao, ars, acs, i0, rows, pc, kc, pa);
                        if (!accumulate && pc == 0) {
                            // The micro-kernel always accumulates (one store path keeps its accumulators in registers).
                            int from = jc0 + s0 * NR, to = jc0 + Math.min(nc, s1 * NR);
                            for (int i = 0; i < rows; i++) java.util.Arrays.fill(c, co + (i0 + i) * ldc + from, co + (i0 + i) * ldc + to, ZERO);
                        }
                        for (int s = s0; s < s1; s++) {
                            int pbi = (kb - g0) * panel + s * NR * kc, col = jc0 + s * NR;
                            int w = Math.min(NR, nc - s * NR);
                            for (int r0 = 0; r0 < rows; r0 += MR) {
                                tile(blockMode, a, ao, ars, acs, pa, 0, i0, r0, Math.min(MR, rows - r0), pc, kc, pb, pbi,
                                        NR, w, c, co + (i0 + r0) * ldc + col, ldc);
                            }
                        }
                    }
                    if (epilogue != null && g1 == kBlocks) {
                        int col = jc0 + s0 * NR, width = Math.min(nc, s1 * NR) - s0 * NR;
                        for (int i = 0; i < rows; i++) epilogue.apply(c, co + (i0 + i) * ldc + col, i0 + i, col, width);
                    }
                };
                if (threads > 1 && tasks > 1) pool.run(tasks, body);
                else for (int t = 0; t < tasks; t++) body.run(t);
            }
        }
    }

    /**
     * A times B^T where A (row-major) has few rows and B^T (row-major, n x k) many: dX = dY W^T in backward. Packing B
     * for the micro-kernel would transpose all n x k values of B^T. The transposed product (A B^T)^T = B A^T packs a
     * transposed A instead (m x k values) and writes a scratch n x m result, which is then transposed into C.
     */
    private void swapped(int m, int n, int k, float[] a, int ao, int ars, float[] b, int bo, int bcs, float[] c, int co,
                         int ldc, boolean parallel, int threads) {
        float[] t = buffer(3, n * m);
        // The swapped product fails the test that led here (n > 2m), so it does not come back.
        gemm(n, m, k, b, bo, bcs, 1, a, ao, 1, ars, t, 0, m, false, null, parallel);
        // C[i][j] = t[j][i] in blocks of 64 j by 16 i: 4 KiB read and 4 KiB written per block, both in L1.
        int blocks = (n + 63) / 64;
        CpuThreadPool.ChunkBody body = blk -> {
            int j0 = blk * 64, j1 = Math.min(n, j0 + 64);
            for (int i0 = 0; i0 < m; i0 += 16) {
                int i1 = Math.min(m, i0 + 16);
                for (int j = j0; j < j1; j++) {
                    for (int i = i0; i < i1; i++) c[co + i * ldc + j] = t[j * m + i];
                }
            }
        };
        if (threads > 1 && blocks > 1) pool.run(blocks, body);
        else for (int blk = 0; blk < blocks; blk++) body.run(blk);
    }

    /**
     * Products with few rows (at most {@link #WIDE_MAX_M}) and a B too large for the direct path: weight gradients
     * {@code X^T dY}, where m is a layer width and k the number of tokens. Tasks own groups of NR columns across all
     * rows, so every element of B is packed once, by the task that uses it, one strip (kc x NR, in L1) at a time, and
     * the A block (m x kc, in L2) is read in place where its layout allows. Otherwise A is packed once for all k, in
     * parallel, before the tasks start, rather than by every task. (Splitting rows instead would leave each thread a
     * sliver of rows and make every task stream the whole packed B.)
     */
    private void wide(int m, int n, int k, int mode, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs,
                      int bcs, float[] c, int co, int ldc, boolean accumulate, Epilogue epilogue, int threads,
                      int kBlocks, int kcStep) {
        int nStrips = (n + NR - 1) / NR;
        int tasks = threads > 1 ? Math.min(nStrips, TASKS_PER_THREAD * threads) : 1;
        int blockSize = roundUp(m, MR) * kcStep;  // packed A of one k-block
        float[] shared = mode == A_PACKED && tasks > 1 ? buffer(0, blockSize * kBlocks) : null;
        if (shared != null) {
            int parts = Math.min(threads, kBlocks);
            pool.run(parts, t -> {
                for (int kb = t * kBlocks / parts, end = (t + 1) * kBlocks / parts; kb < end; kb++) {
                    int pc = kb * kcStep;
                    packA(a, ao, ars, acs, 0, m, pc, Math.min(kcStep, k - pc), shared, kb * blockSize);
                }
            });
        }
        CpuThreadPool.ChunkBody body = t -> {
            int s0 = (int) ((long) t * nStrips / tasks), s1 = (int) ((long) (t + 1) * nStrips / tasks);
            int col0 = s0 * NR, width = Math.min(n, s1 * NR) - col0;
            float[] pa = shared != null ? shared : buffer(0, packedASize(mode, m, kcStep)), pb = buffer(1, NR * kcStep);
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, co + i * ldc + col0, co + i * ldc + col0 + width, ZERO);
                }
            }
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = kb * kcStep, kc = Math.min(kcStep, k - pc), pao = shared != null ? kb * blockSize : 0;
                if (shared == null) prepareA(mode, a, ao, ars, acs, 0, m, pc, kc, pa);
                for (int s = s0; s < s1; s++) {
                    int col = s * NR, w = Math.min(NR, n - col);
                    packB(b, bo, brs, bcs, pc, kc, col, n - col, pb, 0, 0, 1);
                    for (int r0 = 0; r0 < m; r0 += MR) {
                        tile(mode, a, ao, ars, acs, pa, pao, 0, r0, Math.min(MR, m - r0), pc, kc, pb, 0, NR, w, c,
                                co + r0 * ldc + col, ldc);
                    }
                }
            }
            if (epilogue != null) for (int i = 0; i < m; i++) epilogue.apply(c, co + i * ldc + col0, i, col0, width);
        };
        if (tasks > 1) pool.run(tasks, body);
        else body.run(0);
    }

    /**
     * The direct path for small products (attention heads, small layers): B is read in place (unit column stride,
     * rows {@code brs} apart) by the micro-kernel, and so is A where {@link #aMode} allows (otherwise it is packed
     * once for all of k), and there is no k-blocking, so every C tile is loaded and stored once. Packing would cost
     * about as much as the product itself at these sizes. Row strips are split over a few tasks per thread; the columns
     * after the last whole NR strip go through the packed path.
     */
    private void direct(int m, int n, int k, int mode, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs,
                        float[] c, int co, int ldc, boolean accumulate, Epilogue epilogue, int threads) {
        int nFull = n / NR * NR;
        int mStrips = (m + MR - 1) / MR;
        int tasks = threads > 1 ? Math.min(mStrips, TASKS_PER_THREAD * threads) : 1;
        CpuThreadPool.ChunkBody body = t -> {
            int s0 = (int) ((long) t * mStrips / tasks), s1 = (int) ((long) (t + 1) * mStrips / tasks);
            int i0 = s0 * MR, rows = Math.min(m, s1 * MR) - i0;
            float[] pa = buffer(0, packedASize(mode, rows, k));
            prepareA(mode, a, ao, ars, acs, i0, rows, 0, k, pa);
            if (!accumulate) {
                for (int i = 0; i < rows; i++) java.util.Arrays.fill(c, co + (i0 + i) * ldc, co + (i0 + i) * ldc + nFull, ZERO);
            }
            // B (at most DIRECT_MAX_B elements) stays in L2 while the row strips of this task pass over it.
            for (int r0 = 0; r0 < rows; r0 += MR) {
                int h = Math.min(MR, rows - r0), ci = co + (i0 + r0) * ldc;
                for (int j = 0; j < nFull; j += NR) {
                    tile(mode, a, ao, ars, acs, pa, 0, i0, r0, h, 0, k, b, bo + j, brs, NR, c, ci + j, ldc);
                }
            }
            if (epilogue != null && nFull == n) {
                for (int i = 0; i < rows; i++) epilogue.apply(c, co + (i0 + i) * ldc, i0 + i, 0, n);
            }
        };
        if (tasks > 1) pool.run(tasks, body);
        else body.run(0);
        if (nFull < n) {
            // The last n - nFull columns (fewer than NR): packed path on that slice, then the epilogue on whole rows.
            gemm(m, n - nFull, k, a, ao, ars, acs, b, bo + nFull, brs, 1, c, co + nFull, ldc, accumulate, null,
                    threads > 1);
            if (epilogue != null) for (int i = 0; i < m; i++) epilogue.apply(c, co + i * ldc, i, 0, n);
        }
    }

    /**
     * Adds one tile to C: rows [r0, r0 + h) of the A block that starts at row i0 (k from p0, kc long), times the B strip
     * at {@code b[bi]} (rows {@code ldb} apart, w of its NR columns wanted), into {@code c[ci]} (rows {@code ldc}
     * apart). A is read as {@code mode} says, packed ones from {@code pa[pao]} as {@link #prepareA} (or the column-split
     * path) packed them. A partial tile is computed into a scratch tile and merged. A partial strip of in-place rows
     * repeats its last row: those results land in the scratch tile and are dropped.
     */
    private static void tile(int mode, float[] a, int ao, int ars, int acs, float[] pa, int pao, int i0, int r0, int h,
                             int p0, int kc, float[] b, int bi, int ldb, int w, float[] c, int ci, int ldc) {
        // In-place rows of a partial strip take a 2- or 4-row kernel (sized to h, or one row more, which is then a
        // duplicate and goes to the scratch tile): a 6-row tile for the last 2 rows of m = 128 would spend 12 FMA
        // cycles per k on what needs about 5.
        int computed = mode == A_ROWS ? (h <= 2 ? 2 : h <= 4 ? 4 : MR) : MR;
        boolean whole = h == computed && w == NR;
        float[] dst = c;
        int di = ci, dld = ldc;
        if (!whole) {
            dst = buffer(2, MR * NR);
            java.util.Arrays.fill(dst, 0, MR * NR, ZERO);
            di = 0;
            dld = NR;
        }
        if (mode == A_ROWS) {
            int ar = ao + (i0 + r0) * ars + p0, last = h - 1;
            if (computed == 2) {
                CpuGemmKernels.kernelD2(a, ar, ar + Math.min(1, last) * ars, b, bi, ldb, kc, dst, di, dld);
            } else if (computed == 4) {
                CpuGemmKernels.kernelD4(a, ar, ar + ars, ar + 2 * ars, ar + Math.min(3, last) * ars, b, bi, ldb, kc,
                        dst, di, dld);
            } else {
                CpuGemmKernels.kernelD6(a, ar, ar + ars, ar + 2 * ars, ar + 3 * ars, ar + 4 * ars,
                        ar + Math.min(5, last) * ars, b, bi, ldb, kc, dst, di, dld);
            }
        } else if (mode == A_COLUMNS && h == MR) {
            CpuGemmKernels.kernel(a, ao + i0 + r0 + p0 * acs, acs, b, bi, ldb, kc, dst, di, dld);
        } else {
            // Packed: every strip of the block (A_PACKED), or the block's one partial strip (A_COLUMNS).
            CpuGemmKernels.kernel(pa, pao + (mode == A_PACKED ? r0 * kc : 0), MR, b, bi, ldb, kc, dst, di, dld);
        }
        if (!whole) {
            for (int i = 0; i < h; i++) {
                int cr = ci + i * ldc;
                for (int j = 0; j < w; j++) c[cr + j] += dst[i * NR + j];
            }
        }
    }

    /** Packs rows [i0, i0+rows) x k [p0, p0+kc) of A into MR-row strips from {@code dst[off]}, k-major, zero-padded. */
    static void packA(float[] a, int ao, int ars, int acs, int i0, int rows, int p0, int kc, float[] dst, int off) {
        int strips = (rows + MR - 1) / MR;
        for (int s = 0; s < strips; s++) {
            int base = off + s * MR * kc;
            int r0 = s * MR, h = Math.min(MR, rows - r0);
            if (acs == 1 || ars != 1) {
                for (int r = 0; r < h; r++) {
                    int src = ao + (i0 + r0 + r) * ars + p0 * acs;
                    for (int p = 0; p < kc; p++) dst[base + p * MR + r] = a[src + p * acs];
                }
            } else if (h == MR) {  // column-major A (a transposed operand): MR consecutive elements per column
                int src = ao + (i0 + r0) + p0 * acs, p = 0;
                // One vector copy per column (when a vector holds a strip column); its lanes past MR are overwritten by
                // the next column (the last is scalar).
                for (; L >= MR && p < kc - 1 && src + p * acs + L <= a.length; p++) {
                    FloatVector.fromArray(S, a, src + p * acs).intoArray(dst, base + p * MR);
                }
                for (; p < kc; p++) for (int r = 0; r < MR; r++) dst[base + p * MR + r] = a[src + p * acs + r];
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = ao + (i0 + r0) * ars + (p0 + p) * acs;
                    for (int r = 0; r < h; r++) dst[base + p * MR + r] = a[src + r];
                }
            }
            for (int r = h; r < MR; r++) for (int p = 0; p < kc; p++) dst[base + p * MR + r] = ZERO;
        }
    }

    /** Packs strips [s0, s1) of NR columns of B[p0.., j0..] into dst, k-major, zero-padded. */
    static void packB(float[] b, int bo, int brs, int bcs, int p0, int kc, int j0, int nc, float[] dst, int off,
                      int s0, int s1) {
        for (int s = s0; s < s1; s++) {
            int base = off + s * NR * kc;
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
                    for (int j = w; j < NR; j++) dst[d + j] = ZERO;
                }
            } else {  // row-major B^T (a transposed operand): unit stride along k
                for (int j = 0; j < w; j++) {
                    int src = bo + p0 + (c0 + j) * bcs;
                    for (int p = 0; p < kc; p++) dst[base + p * NR + j] = b[src + p];
                }
                for (int p = 0; p < kc; p++) for (int j = w; j < NR; j++) dst[base + p * NR + j] = ZERO;
            }
        }
    }
}
