package io.github.tensorforge.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 row kernels of {@link CpuFused}'s layer norm: the forward pass of one row (mean, reciprocal standard
 * deviation, normalized and scaled output) and the backward pass of one row (input gradient, and the row's part of
 * the gamma and beta gradients, accumulated in double).
 *
 * <p>Edit this file, not CpuLayerNormRows64: Float64SourceGenerator (cpu-backend's tests) writes that one from this one.
 */
final class CpuLayerNormRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuLayerNormRows() {}

    /**
     * {@code o = (x - mean) * rstd * gamma + beta} over the {@code n} elements of one contiguous row, storing the row's
     * mean at {@code mu[muo]} and {@code rstd = 1 / sqrt(var + eps)} at {@code rs[rso]}; {@code g}, {@code b} may be null.
     */
    static void forward(float[] o, int oo, float[] a, int xo, int n, float[] mu, int muo, float[] rs, int rso,
                        float[] g, int go, float[] b, int bo, double eps) {
        float m = (float) (CpuReduceRuns.run(io.github.tensorforge.spi.ReduceOp.SUM, a, xo, 1, n) / n);
        FloatVector vm = FloatVector.broadcast(S, m);
        FloatVector acc = FloatVector.zero(S);
        int i = 0, ub = S.loopBound(n);
        for (; i < ub; i += L) {
            FloatVector d = FloatVector.fromArray(S, a, xo + i).sub(vm);
            acc = d.fma(d, acc);
        }
        double ss = CpuReduceRuns.sumLanes(acc);
        for (; i < n; i++) {
            float d = a[xo + i] - m;
            ss += d * d;
        }
        float rstd = (float) (1.0 / Math.sqrt((float) (ss / n) + (float) eps));
        mu[muo] = m;
        rs[rso] = rstd;
        FloatVector vr = FloatVector.broadcast(S, rstd);
        for (i = 0; i < ub; i += L) {
            FloatVector y = FloatVector.fromArray(S, a, xo + i).sub(vm).mul(vr);
            if (g != null && b != null) y.mul(FloatVector.fromArray(S, g, go + i)).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            else if (g != null) y.mul(FloatVector.fromArray(S, g, go + i)).intoArray(o, oo + i);
            else if (b != null) y.add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            else y.intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            float y = (a[xo + i] - m) * rstd;
            if (g != null) y *= g[go + i];
            if (b != null) y += b[bo + i];
            o[oo + i] = y;
        }
    }

    /**
     * The input gradient of one row, {@code gx = rstd * (gy*gamma - mean(gy*gamma) - xhat * mean(gy*gamma*xhat))};
     * when {@code pg} is given, adds {@code gy * xhat} to it and {@code gy} to {@code pb} (the gamma and beta
     * gradients' partial sums). {@code g} may be null (no gamma).
     */
    static void backward(float[] gx, int gxo, float[] gy, int gyo, float[] a, int xo, int n, float m, float rs,
                         float[] g, int gmo, double[] pg, double[] pb) {
        double sumG = 0, sumGX = 0;
        for (int j = 0; j < n; j++) {
            float xhat = (a[xo + j] - m) * rs;
            float dy = gy[gyo + j];
            float gj = g == null ? dy : dy * g[gmo + j];
            sumG += gj;
            sumGX += gj * xhat;
            if (pg != null) {
                pg[j] += dy * xhat;
                pb[j] += dy;
            }
        }
        float ma = (float) (sumG / n), mb = (float) (sumGX / n);
        for (int j = 0; j < n; j++) {
            float xhat = (a[xo + j] - m) * rs;
            float dy = gy[gyo + j];
            float gj = g == null ? dy : dy * g[gmo + j];
            gx[gxo + j] = rs * (gj - ma - xhat * mb);
        }
    }
}
