package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.ScalarMath;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.Buffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.tensorforge.opencl.ClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fused kernels against composites computed by hand in double precision on the host. */
class ClFusedTest {
    private static final int[][] ROWS_N = {{1, 1}, {3, 7}, {5, 17}, {2, 1023}, {40, 33}};

    private static double[] randomD(int n, Random rnd) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextDouble() * 6 - 3;
        return a;
    }

    private static Object as(DType t, double[] v) { return t == DType.FLOAT32 ? ClElementwiseTest.toFloats(v) : v; }

    /** Host values rounded to t, so the composite sees exactly what the device sees. */
    private static double[] rounded(DType t, double[] v) {
        double[] r = v.clone();
        if (t == DType.FLOAT32) for (int i = 0; i < r.length; i++) r[i] = (float) r[i];
        return r;
    }

    private static View upload(DType t, double[] v, int... shape) {
        Buffer b = cl().allocate(t, v.length);
        cl().upload(b, as(t, v));
        return View.contiguous(b, shape);
    }

    private static View empty(DType t, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return View.contiguous(cl().allocate(t, n), shape);
    }

    private static double tol(DType t) { return t == DType.FLOAT32 ? 2e-5 : 1e-11; }

    private static void expect(String what, DType t, double[] expected, View actual, double scale) {
        assertArrays(what, expected, cl().download(actual.buffer()), tol(t) * scale, tol(t) * scale);
        actual.buffer().release();
    }

    @Test void softmaxAndLogSoftmaxForwardBackward() {
        Random rnd = new Random(15);
        FusedKernels f = cl().fused();
        for (DType t : floatTypes()) {
            for (int[] rn : ROWS_N) {
                int rows = rn[0], n = rn[1];
                double[] x = rounded(t, randomD(rows * n, rnd));
                double[] gy = rounded(t, randomD(rows * n, rnd));
                for (boolean log : new boolean[] {false, true}) {
                    double[] y = new double[x.length], gx = new double[x.length];
                    for (int r = 0; r < rows; r++) {
                        double m = Double.NEGATIVE_INFINITY, s = 0, dot = 0, sg = 0;
                        for (int j = 0; j < n; j++) m = Math.max(m, x[r * n + j]);
                        for (int j = 0; j < n; j++) s += Math.exp(x[r * n + j] - m);
                        for (int j = 0; j < n; j++) {
                            double sm = Math.exp(x[r * n + j] - m) / s;
                            y[r * n + j] = log ? x[r * n + j] - m - Math.log(s) : sm;
                            dot += gy[r * n + j] * sm;
                            sg += gy[r * n + j];
                        }
                        for (int j = 0; j < n; j++) {
                            double sm = Math.exp(x[r * n + j] - m) / s;
                            gx[r * n + j] = log ? gy[r * n + j] - sm * sg : sm * (gy[r * n + j] - dot);
                        }
                    }
                    View xv = upload(t, x, rows, n), out = empty(t, rows, n);
                    f.softmax(out, xv, log);
                    double[] yDev = new double[x.length];
                    Object yd = cl().download(out.buffer());
                    for (int i = 0; i < yDev.length; i++) yDev[i] = value(yd, i);
                    assertArrays((log ? "log_softmax " : "softmax ") + t + " " + rows + "x" + n, y, yd, tol(t) * 4, tol(t) * 4);
                    // backward from the device's own forward output, as autograd does
                    View gyv = upload(t, gy, rows, n), gxv = empty(t, rows, n);
                    f.softmaxBackward(gxv, out, gyv, log);
                    expect((log ? "log_softmax" : "softmax") + " backward " + t + " " + rows + "x" + n, t, gx, gxv, 8 * Math.sqrt(n));
                    xv.buffer().release();
                    out.buffer().release();
                    gyv.buffer().release();
                }
            }
        }
    }

    @Test void layerNormForwardBackwardWithAndWithoutAffine() {
        Random rnd = new Random(16);
        FusedKernels f = cl().fused();
        double eps = 1e-5;
        for (DType t : floatTypes()) {
            for (int[] rn : ROWS_N) {
                int rows = rn[0], n = rn[1];
                for (boolean affine : new boolean[] {true, false}) {
                    double[] x = rounded(t, randomD(rows * n, rnd));
                    double[] gy = rounded(t, randomD(rows * n, rnd));
                    double[] gamma = rounded(t, randomD(n, rnd)), beta = rounded(t, randomD(n, rnd));
                    double[] y = new double[x.length], mean = new double[rows], rstd = new double[rows];
                    double[] gx = new double[x.length], gg = new double[n], gb = new double[n];
                    for (int r = 0; r < rows; r++) {
                        double mu = 0, var = 0;
                        for (int j = 0; j < n; j++) mu += x[r * n + j];
                        mu /= n;
                        for (int j = 0; j < n; j++) var += (x[r * n + j] - mu) * (x[r * n + j] - mu);
                        var /= n;
                        double rs = 1 / Math.sqrt(var + eps);
                        mean[r] = mu;
                        rstd[r] = rs;
                        double mg = 0, mgx = 0;
                        for (int j = 0; j < n; j++) {
                            double xh = (x[r * n + j] - mu) * rs;
                            y[r * n + j] = affine ? xh * gamma[j] + beta[j] : xh;
                            double g = gy[r * n + j] * (affine ? gamma[j] : 1);
                            mg += g;
                            mgx += g * xh;
                            gg[j] += gy[r * n + j] * xh;
                            gb[j] += gy[r * n + j];
                        }
                        mg /= n;
                        mgx /= n;
                        for (int j = 0; j < n; j++) {
                            double xh = (x[r * n + j] - mu) * rs;
                            double g = gy[r * n + j] * (affine ? gamma[j] : 1);
                            gx[r * n + j] = rs * (g - mg - xh * mgx);
                        }
                    }
                    View xv = upload(t, x, rows, n), out = empty(t, rows, n), mv = empty(t, rows), rv = empty(t, rows);
                    View gv = affine ? upload(t, gamma, n) : null, bv = affine ? upload(t, beta, n) : null;
                    f.layerNorm(out, mv, rv, xv, gv, bv, eps);
                    String what = "layer_norm " + t + " " + rows + "x" + n + (affine ? " affine" : "");
                    double scale = n == 1 ? 1e3 : 8; // n = 1: var = 0, rstd = 1/sqrt(eps) amplifies rounding
                    assertArrays(what + " out", y, cl().download(out.buffer()), tol(t) * scale, tol(t) * scale);
                    assertArrays(what + " mean", mean, cl().download(mv.buffer()), tol(t) * 4, tol(t) * 4);
                    assertArrays(what + " rstd", rstd, cl().download(rv.buffer()), tol(t) * scale, tol(t) * scale);
                    View gyv = upload(t, gy, rows, n), gxv = empty(t, rows, n);
                    View ggv = affine ? empty(t, n) : null, gbv = affine ? empty(t, n) : null;
                    f.layerNormBackward(gxv, ggv, gbv, gyv, xv, mv, rv, gv);
                    expect(what + " gradX", t, gx, gxv, scale * Math.sqrt(n) * 4);
                    if (affine) {
                        expect(what + " gradGamma", t, gg, ggv, scale * rows);
                        expect(what + " gradBeta", t, gb, gbv, 4 * rows);
                        gv.buffer().release();
                        bv.buffer().release();
                    }
                    for (View v : new View[] {xv, out, mv, rv, gyv}) v.buffer().release();
                }
            }
        }
    }

    private static double derivative(UnaryOp op, double x) {
        double h = 1e-6;
        return (ScalarMath.unary(op, x + h) - ScalarMath.unary(op, x - h)) / (2 * h);
    }

    @Test void activationBackwardMatchesDerivative() {
        Random rnd = new Random(17);
        FusedKernels f = cl().fused();
        for (DType t : floatTypes()) {
            for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SILU}) {
                int n = 1023;
                double[] x = rounded(t, randomD(n, rnd));
                double[] gy = rounded(t, randomD(n, rnd));
                double[] gx = new double[n];
                for (int i = 0; i < n; i++) {
                    if (op == UnaryOp.RELU) gx[i] = x[i] > 0 ? gy[i] : 0;
                    else gx[i] = gy[i] * derivative(op, x[i]);
                }
                View xv = upload(t, x, n), gyv = upload(t, gy, n), gxv = empty(t, n);
                f.activationBackward(op, gxv, xv, gyv);
                // central differences are accurate to ~1e-9 in double
                assertArrays("activation backward " + op + " " + t, gx, cl().download(gxv.buffer()),
                        t == DType.FLOAT32 ? 1e-5 : 1e-8, t == DType.FLOAT32 ? 1e-5 : 1e-8);
                for (View v : new View[] {xv, gyv, gxv}) v.buffer().release();
            }
        }
        View v = empty(DType.FLOAT32, 4);
        assertThrows(UnsupportedOperationException.class, () -> f.activationBackward(UnaryOp.EXP, v, v, v));
        v.buffer().release();
    }

    @Test void linearWithBiasActivationAndTransposedWeight() {
        Random rnd = new Random(18);
        FusedKernels f = cl().fused();
        int[][] sizes = {{1, 1, 1}, {5, 7, 3}, {33, 17, 20}};
        for (DType t : floatTypes()) {
            for (int[] s : sizes) {
                int m = s[0], n = s[1], k = s[2];
                for (UnaryOp act : new UnaryOp[] {null, UnaryOp.RELU, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.SILU}) {
                    for (boolean transposedW : new boolean[] {false, true}) {
                        boolean withBias = act != UnaryOp.TANH;
                        double[] x = rounded(t, randomD(m * k, rnd));
                        double[] w = rounded(t, randomD(k * n, rnd)); // stored (k, n), or (n, k) when transposed
                        double[] bias = rounded(t, randomD(n, rnd));
                        double[] y = new double[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double acc = 0;
                                for (int p = 0; p < k; p++) acc += x[i * k + p] * (transposedW ? w[j * k + p] : w[p * n + j]);
                                if (withBias) acc += bias[j];
                                y[i * n + j] = act == null ? acc : ScalarMath.unary(act, acc);
                            }
                        }
                        View xv = upload(t, x, m, k);
                        Buffer wb = cl().allocate(t, k * n);
                        cl().upload(wb, as(t, w));
                        View wv = transposedW ? new View(wb, t, new int[] {k, n}, new int[] {1, k}, 0) : View.contiguous(wb, k, n);
                        View bv = withBias ? upload(t, bias, n) : null;
                        View out = empty(t, m, n);
                        f.linear(out, xv, wv, bv, act);
                        expect("linear " + t + " " + m + "x" + k + "x" + n + " " + act + (transposedW ? " W^T" : "")
                                + (withBias ? " +bias" : ""), t, y, out, 4 * Math.max(8, k));
                        xv.buffer().release();
                        wb.release();
                        if (bv != null) bv.buffer().release();
                    }
                }
            }
        }
    }
}
