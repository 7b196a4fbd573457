package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.View;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Index select and its adjoint along one axis. Both views are split into (pre axes, axis, post axes); the post part
 * is a coalesced {@link CpuLayout}, so embedding rows copy with {@code System.arraycopy} and add with vector adds.
 * gather runs in parallel over (pre, index) rows; scatterAdd splits the post range across threads, so repeated indices
 * never race.
 */
final class CpuIndex {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final CpuThreadPool pool;

    CpuIndex(CpuThreadPool pool) {
        this.pool = pool;
    }

    /** The pre/post decomposition of two views around {@code axis}. */
    private record Split(CpuLayout pre, CpuLayout post, int aAxisStride, int bAxisStride) {}

    private static Split split(View a, View b, int[] preShape, int[] postShape, int axis) {
        int rank = a.rank();
        View aPre = new View(a.buffer(), a.dtype(), preShape, Arrays.copyOfRange(a.strides(), 0, axis), a.offset());
        View bPre = new View(b.buffer(), b.dtype(), preShape, Arrays.copyOfRange(b.strides(), 0, axis), b.offset());
        View aPost = new View(a.buffer(), a.dtype(), postShape, Arrays.copyOfRange(a.strides(), axis + 1, rank), 0);
        View bPost = new View(b.buffer(), b.dtype(), postShape, Arrays.copyOfRange(b.strides(), axis + 1, rank), 0);
        return new Split(CpuLayout.of(preShape, aPre, bPre), CpuLayout.of(postShape, aPost, bPost),
                a.strides()[axis], b.strides()[axis]);
    }

    /** Positions (in both views) of every pre element, in row-major order. */
    private static int[][] prePositions(CpuLayout pre) {
        int[][] pos = new int[2][(int) pre.size];
        int[] k = {0};
        int s0 = pre.innerStride(0), s1 = pre.innerStride(1);
        pre.forEach(0, pre.size, (p, n) -> {
            for (int j = 0; j < n; j++, k[0]++) {
                pos[0][k[0]] = p[0] + j * s0;
                pos[1][k[0]] = p[1] + j * s1;
            }
        });
        return pos;
    }

    private static long[] indices(View index) {
        long[] all = HeapBuffer.of(index).longs();
        int n = index.shape()[0], s = index.strides()[0];
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = all[index.offset() + i * s];
        return r;
    }

    void gather(View out, View src, View index, int axis) {
        int rank = out.rank();
        int[] preShape = Arrays.copyOfRange(out.shape(), 0, axis);
        int[] postShape = Arrays.copyOfRange(out.shape(), axis + 1, rank);
        Split sp = split(out, src, preShape, postShape, axis);
        long[] idx = indices(index);
        int[][] pre = prePositions(sp.pre);
        CpuLayout post = sp.post;
        if (post.size == 0 || idx.length == 0 || pre[0].length == 0) return;
        Object o = HeapBuffer.of(out).array(), s = HeapBuffer.of(src).array();
        DType t = out.dtype();
        int os = post.innerStride(0), ss = post.innerStride(1);
        long rows = (long) pre[0].length * idx.length;
        pool.parallelFor(rows, Math.max(1, CpuElementwise.PARALLEL_MIN / post.size), 1, (r0, r1) -> {
            int[] bases = new int[2];
            for (long r = r0; r < r1; r++) {
                int pi = (int) (r / idx.length), i = (int) (r % idx.length);
                bases[0] = pre[0][pi] + i * sp.aAxisStride;
                bases[1] = pre[1][pi] + (int) idx[i] * sp.bAxisStride;
                post.forEach(0, post.size, bases, (p, n) -> {
                    if (os == 1 && ss == 1) System.arraycopy(s, p[1], o, p[0], n);
                    else CpuElementwise.copyStrided(t, o, p[0], os, s, p[1], ss, n);
                });
            }
        });
    }

    void scatterAdd(View out, View index, View src, int axis) {
        int rank = src.rank();
        int[] preShape = Arrays.copyOfRange(src.shape(), 0, axis);
        int[] postShape = Arrays.copyOfRange(src.shape(), axis + 1, rank);
        Split sp = split(out, src, preShape, postShape, axis);
        long[] idx = indices(index);
        int[][] pre = prePositions(sp.pre);
        CpuLayout post = sp.post;
        if (post.size == 0 || idx.length == 0 || pre[0].length == 0) return;
        Object o = HeapBuffer.of(out).array(), s = HeapBuffer.of(src).array();
        DType t = out.dtype();
        int os = post.innerStride(0), ss = post.innerStride(1);
        long work = (long) pre[0].length * idx.length * post.size;
        // Each thread owns a slice of the post range, so repeated indices never write the same element concurrently.
        pool.parallelFor(post.size, post.size * CpuElementwise.PARALLEL_MIN / Math.max(1, work) + 1, 256, (q0, q1) -> {
            int[] bases = new int[2];
            for (int pi = 0; pi < pre[0].length; pi++) {
                for (int i = 0; i < idx.length; i++) {
                    bases[0] = pre[0][pi] + (int) idx[i] * sp.aAxisStride;
                    bases[1] = pre[1][pi] + i * sp.bAxisStride;
                    post.forEach(q0, q1, bases, (p, n) -> addRun(t, o, p[0], os, s, p[1], ss, n));
                }
            }
        });
    }

    /** {@code o[op + i*os] += s[sp + i*ss]} for i in [0, n). */
    static void addRun(DType t, Object o, int op, int os, Object s, int sp, int ss, int n) {
        switch (t) {
            case FLOAT32 -> {
                float[] d = (float[]) o, x = (float[]) s;
                int i = 0;
                if (os == 1 && ss == 1) {
                    for (int ub = F.loopBound(n); i < ub; i += F.length()) {
                        FloatVector.fromArray(F, d, op + i).add(FloatVector.fromArray(F, x, sp + i)).intoArray(d, op + i);
                    }
                }
                for (; i < n; i++) d[op + i * os] += x[sp + i * ss];
            }
            case FLOAT64 -> {
                double[] d = (double[]) o, x = (double[]) s;
                int i = 0;
                if (os == 1 && ss == 1) {
                    for (int ub = D.loopBound(n); i < ub; i += D.length()) {
                        DoubleVector.fromArray(D, d, op + i).add(DoubleVector.fromArray(D, x, sp + i)).intoArray(d, op + i);
                    }
                }
                for (; i < n; i++) d[op + i * os] += x[sp + i * ss];
            }
            case INT32 -> { int[] d = (int[]) o, x = (int[]) s; for (int i = 0; i < n; i++) d[op + i * os] += x[sp + i * ss]; }
            case INT64 -> { long[] d = (long[]) o, x = (long[]) s; for (int i = 0; i < n; i++) d[op + i * os] += x[sp + i * ss]; }
            case BOOL -> { boolean[] d = (boolean[]) o, x = (boolean[]) s; for (int i = 0; i < n; i++) d[op + i * os] |= x[sp + i * ss]; }
        }
    }
}
