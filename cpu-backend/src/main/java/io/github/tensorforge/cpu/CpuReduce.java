package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.View;

/**
 * Reductions. The input is split into a kept layout (the output's axes) and a reduced layout, each coalesced. Floating
 * SUM/MAX/MIN take one of two vector strategies: when the reduced run is contiguous, each output element reduces a
 * run with vector accumulators (rows of a matrix, whole tensors); when the kept axis is the contiguous one (column
 * sums, bias gradients), whole output rows accumulate input rows. Integer and bool dtypes, ARGMAX/ARGMIN and other
 * layouts run scalar loops. MAX/MIN/ARGMAX/ARGMIN propagate NaN; ARGMAX/ARGMIN return the first extreme index.
 */
final class CpuReduce {

    private final CpuThreadPool pool;

    CpuReduce(CpuThreadPool pool) {
        this.pool = pool;
    }

    void reduce(ReduceOp op, View out, View x, int[] axes) {
        int rank = x.rank();
        boolean[] red = new boolean[rank];
        for (int a : axes) red[a] = true;
        int nk = rank - axes.length;
        int[] kShape = new int[nk], kxStr = new int[nk], koStr = new int[nk];
        int[] rShape = new int[axes.length], rxStr = new int[axes.length];
        for (int d = 0, k = 0, r = 0; d < rank; d++) {
            if (red[d]) {
                rShape[r] = x.shape()[d];
                rxStr[r++] = x.strides()[d];
            } else {
                kShape[k] = x.shape()[d];
                kxStr[k] = x.strides()[d];
                koStr[k++] = out.strides()[d];
            }
        }
        CpuLayout kept = CpuLayout.of(kShape, new View(out.buffer(), out.dtype(), kShape, koStr, out.offset()),
                new View(x.buffer(), x.dtype(), kShape, kxStr, x.offset()));
        CpuLayout reduced = CpuLayout.of(rShape, new View(x.buffer(), x.dtype(), rShape, rxStr, 0));
        if (kept.size == 0) return;
        if (reduced.size == 0) {
            // Only SUM reaches a backend with an empty reduced axis: the sum of nothing is 0.
            fillZero(out, kept);
            return;
        }
        long total = kept.size * reduced.size;
        DType t = x.dtype();
        switch (op) {
            case ARGMAX, ARGMIN -> {
                int axisLen = x.shape()[axes[0]], axisStride = x.strides()[axes[0]];
                long[] o = HeapBuffer.of(out).longs();
                boolean max = op == ReduceOp.ARGMAX;
                Object xa = HeapBuffer.of(x).array();
                pool.parallelFor(kept.size, Math.max(1, CpuElementwise.PARALLEL_MIN / Math.max(1, axisLen)), 1, (s, e) ->
                        kept.forEach(s, e, (p, n) -> {
                            int os = kept.innerStride(0), xs = kept.innerStride(1);
                            for (int j = 0; j < n; j++) {
                                o[p[0] + j * os] = arg(t, xa, p[1] + j * xs, axisStride, axisLen, max);
                            }
                        }));
            }
            case SUM, MAX, MIN -> {
                if (t == DType.FLOAT32 || t == DType.FLOAT64) floating(op, out, x, kept, reduced, total);
                else integral(op, out, x, kept, reduced, total);
            }
        }
    }

    private static void fillZero(View out, CpuLayout kept) {
        Object o = HeapBuffer.of(out).array();
        int os = kept.innerStride(0);
        kept.forEach(0, kept.size, (p, n) -> {
            for (int j = 0; j < n; j++) {
                int i = p[0] + j * os;
                switch (out.dtype()) {
                    case FLOAT32 -> ((float[]) o)[i] = 0f;
                    case FLOAT64 -> ((double[]) o)[i] = 0.0;
                    case INT32 -> ((int[]) o)[i] = 0;
                    case INT64 -> ((long[]) o)[i] = 0L;
                    case BOOL -> ((boolean[]) o)[i] = false;
                }
            }
        });
    }

    // ---- floating SUM/MAX/MIN -------------------------------------------------------------------------------------

    private void floating(ReduceOp op, View out, View x, CpuLayout kept, CpuLayout reduced, long total) {
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object o = HeapBuffer.of(out).array(), xa = HeapBuffer.of(x).array();
        int os = kept.innerStride(0), kxs = kept.innerStride(1);
        int rs = reduced.innerStride(0);
        if (rs != 1 && kxs == 1 && os == 1 && kept.inner() > 1) {
            // Strategy B: accumulate whole input rows into output rows.
            pool.parallelFor(kept.size, CpuElementwise.PARALLEL_MIN / Math.max(1, reduced.size) + 1, 64, (s, e) ->
                    kept.forEach(s, e, (p, n) -> {
                        boolean[] first = {true};
                        reduced.forEach(0, reduced.size, p[1], (rp, rn) -> {
                            for (int r = 0; r < rn; r++) {
                                int src = rp[0] + r * rs;
                                if (f32) CpuReduceRuns.rowCombine(op, (float[]) o, p[0], (float[]) xa, src, n, first[0]);
                                else CpuReduceRuns64.rowCombine(op, (double[]) o, p[0], (double[]) xa, src, n, first[0]);
                                first[0] = false;
                            }
                        });
                    }));
            return;
        }
        // Strategy A: each output element reduces its runs.
        if (kept.size < pool.threads() && reduced.size >= 4 * CpuElementwise.PARALLEL_MIN) {
            // Few outputs, long reductions: split each reduction across the pool and combine partials.
            int chunks = pool.threads();
            double[] partial = new double[chunks];
            kept.forEach(0, kept.size, (p, n) -> {
                for (int j = 0; j < n; j++) {
                    int base = p[1] + j * kxs;
                    long per = (reduced.size + chunks - 1) / chunks;
                    pool.run(chunks, c -> partial[c] = reduceRange(op, f32, xa, reduced, base, c * per,
                            Math.min(reduced.size, (c + 1) * per)));
                    double acc = partial[0];
                    for (int c = 1; c < chunks; c++) acc = combine(op, acc, partial[c]);
                    store(f32, o, p[0] + j * os, acc);
                }
            });
            return;
        }
        pool.parallelFor(kept.size, Math.max(1, CpuElementwise.PARALLEL_MIN / reduced.size), 1, (s, e) ->
                kept.forEach(s, e, (p, n) -> {
                    for (int j = 0; j < n; j++) {
                        store(f32, o, p[0] + j * os, reduceRange(op, f32, xa, reduced, p[1] + j * kxs, 0, reduced.size));
                    }
                }));
    }

    private static void store(boolean f32, Object o, int i, double v) {
        if (f32) ((float[]) o)[i] = (float) v;
        else ((double[]) o)[i] = v;
    }

    static double combine(ReduceOp op, double a, double b) {
        return switch (op) {
            case SUM -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case ARGMAX, ARGMIN -> throw new IllegalStateException("reduce " + op + " has its own path");
        };
    }

    /** Reduces the flat range [start, end) of the reduced layout placed at {@code base}; start < end. */
    private static double reduceRange(ReduceOp op, boolean f32, Object xa, CpuLayout reduced, int base, long start,
                                      long end) {
        double[] acc = {Double.NaN};
        boolean[] first = {true};
        int rs = reduced.innerStride(0);
        reduced.forEach(start, end, base, (p, n) -> {
            double v = f32 ? CpuReduceRuns.run(op, (float[]) xa, p[0], rs, n)
                    : CpuReduceRuns64.run(op, (double[]) xa, p[0], rs, n);
            acc[0] = first[0] ? v : combine(op, acc[0], v);
            first[0] = false;
        });
        return acc[0];
    }

    // ---- integers, bool -------------------------------------------------------------------------------------------

    private void integral(ReduceOp op, View out, View x, CpuLayout kept, CpuLayout reduced, long total) {
        DType t = x.dtype();
        Object o = HeapBuffer.of(out).array(), xa = HeapBuffer.of(x).array();
        int os = kept.innerStride(0), kxs = kept.innerStride(1), rs = reduced.innerStride(0);
        pool.parallelFor(kept.size, Math.max(1, CpuElementwise.PARALLEL_MIN / reduced.size), 1, (s, e) ->
                kept.forEach(s, e, (p, n) -> {
                    for (int j = 0; j < n; j++) {
                        long[] acc = {0};
                        boolean[] first = {true};
                        reduced.forEach(0, reduced.size, p[1] + j * kxs, (rp, rn) -> {
                            for (int r = 0; r < rn; r++) {
                                long v = getL(t, xa, rp[0] + r * rs);
                                if (first[0]) acc[0] = v;
                                else acc[0] = switch (op) {
                                    case SUM -> acc[0] + v;
                                    case MAX -> Math.max(acc[0], v);
                                    case MIN -> Math.min(acc[0], v);
                                    case ARGMAX, ARGMIN -> throw new IllegalStateException("reduce " + op + " has its own path");
                                };
                                first[0] = false;
                            }
                        });
                        int i = p[0] + j * os;
                        switch (out.dtype()) {
                            case INT32 -> ((int[]) o)[i] = (int) acc[0];
                            case INT64 -> ((long[]) o)[i] = acc[0];
                            case BOOL -> ((boolean[]) o)[i] = acc[0] != 0;
                            case FLOAT32, FLOAT64 -> throw new IllegalStateException("reduce: integer path for " + out.dtype());
                        }
                    }
                }));
    }

    private static long getL(DType t, Object a, int i) {
        return switch (t) {
            case INT32 -> ((int[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case BOOL -> ((boolean[]) a)[i] ? 1 : 0;
            case FLOAT32 -> (long) ((float[]) a)[i];
            case FLOAT64 -> (long) ((double[]) a)[i];
        };
    }

    /** Index of the first extreme value along one axis; the first NaN wins. */
    private static long arg(DType t, Object a, int base, int stride, int len, boolean max) {
        switch (t) {
            case FLOAT32 -> {
                float[] x = (float[]) a;
                int best = 0;
                float bv = x[base];
                if (Float.isNaN(bv)) return 0;
                for (int i = 1; i < len; i++) {
                    float v = x[base + i * stride];
                    if (Float.isNaN(v)) return i;
                    if (max ? v > bv : v < bv) {
                        bv = v;
                        best = i;
                    }
                }
                return best;
            }
            case FLOAT64 -> {
                double[] x = (double[]) a;
                int best = 0;
                double bv = x[base];
                if (Double.isNaN(bv)) return 0;
                for (int i = 1; i < len; i++) {
                    double v = x[base + i * stride];
                    if (Double.isNaN(v)) return i;
                    if (max ? v > bv : v < bv) {
                        bv = v;
                        best = i;
                    }
                }
                return best;
            }
            case INT32, INT64, BOOL -> {
                int best = 0;
                long bv = getL(t, a, base);
                for (int i = 1; i < len; i++) {
                    long v = getL(t, a, base + i * stride);
                    if (max ? v > bv : v < bv) {
                        bv = v;
                        best = i;
                    }
                }
                return best;
            }
        }
        throw new IllegalStateException("reduce: unknown dtype " + t);
    }
}
