package io.github.tensorforge.cpu;

import io.github.tensorforge.spi.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 reduction kernels of {@link CpuReduce} (and of the fused softmax and layer norm): one run of a
 * coalesced layout reduced to a value, and rows combined element by element.
 *
 * <p>Edit this file, not CpuReduceRuns64: Float64SourceGenerator (cpu-backend's tests) writes that one from this one.
 */
final class CpuReduceRuns {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuReduceRuns() {}

    /** SUM, MAX or MIN of {@code n >= 1} elements from {@code off} with {@code stride}; NaN wins MAX and MIN. */
    static double run(ReduceOp op, float[] x, int off, int stride, int n) {
        int i = 0;
        if (stride == 1 && n >= 2 * L) {
            int ub = S.loopBound(n);
            switch (op) {
                case SUM -> {
                    // Two accumulators: the adds of one do not wait for the other's.
                    FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
                    int ub2 = n - n % (2 * L);
                    for (; i < ub2; i += 2 * L) {
                        a0 = a0.add(FloatVector.fromArray(S, x, off + i));
                        a1 = a1.add(FloatVector.fromArray(S, x, off + i + L));
                    }
                    for (; i < ub; i += L) a0 = a0.add(FloatVector.fromArray(S, x, off + i));
                    double s = sumLanes(a0.add(a1));
                    for (; i < n; i++) s += x[off + i];
                    return s;
                }
                case MAX -> { return extreme(x, off, n, true); }
                case MIN -> { return extreme(x, off, n, false); }
                case ARGMAX, ARGMIN -> throw new IllegalStateException("reduce " + op + " has its own path");
            }
        }
        double r = x[off];
        for (i = 1; i < n; i++) r = CpuReduce.combine(op, r, x[off + i * stride]);
        return r;
    }

    /**
     * The sum of the lanes of {@code v}, added in lane order. Not {@code reduceLanes(ADD)}: its order is unspecified,
     * and on JDK 25 C2 adds the lanes in another order than the interpreter, so a sum changed in its last bit once the
     * kernel was compiled (an evaluation loss differed between two runs of the same training).
     */
    static double sumLanes(FloatVector v) {
        float[] lanes = new float[L];
        v.intoArray(lanes, 0);
        float s = lanes[0];
        for (int j = 1; j < L; j++) s += lanes[j];
        return s;
    }

    /** Max or min of a contiguous run of at least two vectors; NaN if any element is NaN. */
    private static double extreme(float[] x, int off, int n, boolean max) {
        int ub = S.loopBound(n), i;
        FloatVector a = FloatVector.fromArray(S, x, off);
        float r;
        // The operator is a constant in each branch: the Vector API compiles lanewise to one instruction only then.
        if (max) {
            for (i = L; i < ub; i += L) a = a.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, x, off + i));
            if (a.test(VectorOperators.IS_NAN).anyTrue()) return Double.NaN;
            r = a.reduceLanes(VectorOperators.MAX);
        } else {
            for (i = L; i < ub; i += L) a = a.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, x, off + i));
            if (a.test(VectorOperators.IS_NAN).anyTrue()) return Double.NaN;
            r = a.reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) r = max ? Math.max(r, x[off + i]) : Math.min(r, x[off + i]);
        return r;
    }

    /** {@code o[oo..oo+n) = first ? x : op(o, x)} over contiguous rows. */
    static void rowCombine(ReduceOp op, float[] o, int oo, float[] x, int xo, int n, boolean first) {
        if (first) {
            System.arraycopy(x, xo, o, oo, n);
            return;
        }
        int i = 0, ub = S.loopBound(n);
        switch (op) {
            case SUM -> { for (; i < ub; i += L) FloatVector.fromArray(S, o, oo + i).add(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i); }
            case MAX -> { for (; i < ub; i += L) FloatVector.fromArray(S, o, oo + i).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i); }
            case MIN -> { for (; i < ub; i += L) FloatVector.fromArray(S, o, oo + i).lanewise(VectorOperators.MIN, FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i); }
            case ARGMAX, ARGMIN -> throw new IllegalStateException("reduce " + op + " has its own path");
        }
        for (; i < n; i++) o[oo + i] = (float) CpuReduce.combine(op, o[oo + i], x[xo + i]);
    }
}
