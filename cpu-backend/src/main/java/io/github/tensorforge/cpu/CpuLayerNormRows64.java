// GENERATED from CpuLayerNormRows.java by Float64SourceGenerator: do not edit. Edit CpuLayerNormRows.java, then run
// java cpu-backend/src/test/java/io/github/tensorforge/cpu/Float64SourceGenerator.java
package io.github.tensorforge.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 row kernels of {@link CpuFused}'s layer norm: the forward pass of one row (mean, reciprocal standard
 * deviation, normalized and scaled output) and the backward pass of one row (input gradient, and the row's part of
 * the gamma and beta gradients, accumulated in double).
 *
 */
final class CpuLayerNormRows64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuLayerNormRows64() {}

    /**
     * {@code o = (x - mean) * rstd * gamma + beta} over the {@code n} elements of one contiguous row, storing the row's
     * mean at {@code mu[muo]} and {@code rstd = 1 / sqrt(var + eps)} at {@code rs[rso]}; {@code g}, {@code b} may be null.
     */
    static void forward(double[] o, int oo, double[] a, int xo, int n, double[] mu, int muo, double[] rs, int rso,
                        double[] g, int go, double[] b, int bo, double eps) {
        double m = (double) (CpuReduceRuns64.run(io.github.tensorforge.spi.ReduceOp.SUM, a, xo, 1, n) / n);
        DoubleVector vm = DoubleVector.broadcast(S, m);
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0, ub = S.loopBound(n);
        for (; i < ub; i += L) {
            DoubleVector d = DoubleVector.fromArray(S, a, xo + i).sub(vm);
            acc = d.fma(d, acc);
        }
        double ss = CpuReduceRuns64.sumLanes(acc);
        for (; i < n; i++) {
            double d = a[xo + i] - m;
            ss += d * d;
        }
        double rstd = (double) (1.0 / Math.sqrt((double) (ss / n) + (double) eps));
        mu[muo] = m;
        rs[rso] = rstd;
        DoubleVector vr = DoubleVector.broadcast(S, rstd);
        for (i = 0; i < ub; i += L) {
            DoubleVector y = DoubleVector.fromArray(S, a, xo + i).sub(vm).mul(vr);
            if (g != null && b != null) y.mul(DoubleVector.fromArray(S, g, go + i)).add(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            else if (g != null) y.mul(DoubleVector.fromArray(S, g, go + i)).intoArray(o, oo + i);
            else if (b != null) y.add(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            else y.intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            double y = (a[xo + i] - m) * rstd;
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
    static void backward(double[] gx, int gxo, double[] gy, int gyo, double[] a, int xo, int n, double m, double rs,
                         double[] g, int gmo, double[] pg, double[] pb) {
        double sumG = 0, sumGX = 0;
        for (int j = 0; j < n; j++) {
            double xhat = (a[xo + j] - m) * rs;
            double dy = gy[gyo + j];
            double gj = g == null ? dy : dy * g[gmo + j];
            sumG += gj;
            sumGX += gj * xhat;
            if (pg != null) {
                pg[j] += dy * xhat;
                pb[j] += dy;
            }
        }
        double ma = (double) (sumG / n), mb = (double) (sumGX / n);
        for (int j = 0; j < n; j++) {
            double xhat = (a[xo + j] - m) * rs;
            double dy = gy[gyo + j];
            double gj = g == null ? dy : dy * g[gmo + j];
            gx[gxo + j] = rs * (gj - ma - xhat * mb);
        }
    }
}
