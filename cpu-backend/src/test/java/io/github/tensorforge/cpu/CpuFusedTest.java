package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.ScalarMath;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.tensorforge.cpu.CpuTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Fused kernels against composites written out here in double precision from their definitions (the formulas of
 * core's composite ops), on float32 and float64, several row lengths including ones above the parallel threshold.
 */
class CpuFusedTest {
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {5, 17}, {4, 1023}, {70, 600}};

    private static double tol(DType t) { return t == DType.FLOAT32 ? 2e-5 : 1e-12; }

    private static double[] host(Twin p) { return values(CPU, p.tested()); }

    @Test void fusedIsThisBackend() {
        assertSame(CPU, CPU.fused());
    }

    @Test void softmaxAndLogSoftmaxForwardBackward() {
        Random rnd = new Random(41);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : SHAPES) {
                int rows = s[0], n = s[1];
                Twin x = contiguous(t, rnd, rows, n), gy = contiguous(t, rnd, rows, n);
                double[] xv = host(x), gv = host(gy);
                for (boolean log : new boolean[] {false, true}) {
                    Twin y = output(t, rows, n), gx = output(t, rows, n);
                    CPU.softmax(y.tested(), x.tested(), log);
                    double[] want = new double[rows * n], wantG = new double[rows * n];
                    for (int r = 0; r < rows; r++) {
                        double mx = Double.NEGATIVE_INFINITY, sum = 0;
                        for (int j = 0; j < n; j++) mx = Math.max(mx, xv[r * n + j]);
                        for (int j = 0; j < n; j++) sum += Math.exp(xv[r * n + j] - mx);
                        double dot = 0, gsum = 0;
                        for (int j = 0; j < n; j++) {
                            double p = Math.exp(xv[r * n + j] - mx) / sum;
                            want[r * n + j] = log ? xv[r * n + j] - mx - Math.log(sum) : p;
                            dot += gv[r * n + j] * p;
                            gsum += gv[r * n + j];
                        }
                        for (int j = 0; j < n; j++) {
                            double p = Math.exp(xv[r * n + j] - mx) / sum;
                            wantG[r * n + j] = log ? gv[r * n + j] - p * gsum : p * (gv[r * n + j] - dot);
                        }
                    }
                    String what = (log ? "logSoftmax " : "softmax ") + t + " " + rows + "x" + n;
                    assertClose(what, want, host(y), tol(t), tol(t));
                    CPU.softmaxBackward(gx.tested(), y.tested(), gy.tested(), log);
                    assertClose(what + " backward", wantG, host(gx), tol(t) * 10, tol(t) * 10);
                }
            }
        }
    }

    @Test void softmaxInfinitiesAndNaNFollowTheComposite() {
        // Rows: a +inf (composite: shift 0, inf/inf = NaN), all -inf (0/0 = NaN), a -inf among finite, a NaN.
        float inf = Float.POSITIVE_INFINITY;
        float[] h = {1, inf, 2, 3, -inf, -inf, -inf, -inf, 1, -inf, 2, 3, 1, Float.NaN, 2, 3};
        Twin x = pair(DType.FLOAT32, h, new int[] {4, 4}, new int[] {4, 1}, 0);
        Twin y = output(DType.FLOAT32, 4, 4);
        CPU.softmax(y.tested(), x.tested(), false);
        double e1 = Math.exp(1 - 3.0), e2 = Math.exp(2 - 3.0), s = e1 + e2 + 1;
        double nan = Double.NaN;
        double[] want = {0, nan, 0, 0, nan, nan, nan, nan, e1 / s, 0, e2 / s, 1 / s, nan, nan, nan, nan};
        assertClose("softmax with inf/NaN", want, host(y), 1e-6, 1e-7);
    }

    @Test void layerNormForwardBackward() {
        Random rnd = new Random(42);
        double eps = 1e-5;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : SHAPES) {
                int rows = s[0], n = s[1];
                for (int affine = 0; affine < 2; affine++) {
                    Twin x = contiguous(t, rnd, rows, n), gy = contiguous(t, rnd, rows, n);
                    Twin gamma = affine == 1 ? contiguous(t, rnd, n) : null, beta = affine == 1 ? contiguous(t, rnd, n) : null;
                    Twin out = output(t, rows, n), mean = output(t, rows), rstd = output(t, rows);
                    CPU.layerNorm(out.tested(), mean.tested(), rstd.tested(), x.tested(), gamma == null ? null : gamma.tested(),
                            beta == null ? null : beta.tested(), eps);
                    double[] xv = host(x), gv = host(gy);
                    double[] g = gamma == null ? null : host(gamma), b = beta == null ? null : host(beta);
                    double[] want = new double[rows * n], wm = new double[rows], wr = new double[rows];
                    double[] wgx = new double[rows * n], wgg = new double[n], wgb = new double[n];
                    for (int r = 0; r < rows; r++) {
                        double m = 0, v = 0;
                        for (int j = 0; j < n; j++) m += xv[r * n + j];
                        m /= n;
                        for (int j = 0; j < n; j++) v += (xv[r * n + j] - m) * (xv[r * n + j] - m);
                        v /= n;
                        double rs = 1 / Math.sqrt(v + eps);
                        wm[r] = m;
                        wr[r] = rs;
                        double sumG = 0, sumGX = 0;
                        for (int j = 0; j < n; j++) {
                            double xh = (xv[r * n + j] - m) * rs;
                            want[r * n + j] = xh * (g == null ? 1 : g[j]) + (b == null ? 0 : b[j]);
                            double gj = gv[r * n + j] * (g == null ? 1 : g[j]);
                            sumG += gj;
                            sumGX += gj * xh;
                            wgg[j] += gv[r * n + j] * xh;
                            wgb[j] += gv[r * n + j];
                        }
                        for (int j = 0; j < n; j++) {
                            double xh = (xv[r * n + j] - m) * rs;
                            double gj = gv[r * n + j] * (g == null ? 1 : g[j]);
                            wgx[r * n + j] = rs * (gj - sumG / n - xh * sumGX / n);
                        }
                    }
                    String what = "layerNorm " + t + " " + rows + "x" + n + (affine == 1 ? " affine" : "");
                    double tl = tol(t) * (t == DType.FLOAT32 ? 5 : 1);
                    assertClose(what, want, host(out), tl, tl);
                    assertClose(what + " mean", wm, host(mean), tl, tl);
                    assertClose(what + " rstd", wr, host(rstd), tl, tl);
                    Twin gx = output(t, rows, n);
                    Twin gg = affine == 1 ? output(t, n) : null, gb = affine == 1 ? output(t, n) : null;
                    CPU.layerNormBackward(gx.tested(), gg == null ? null : gg.tested(), gb == null ? null : gb.tested(), gy.tested(),
                            x.tested(), mean.tested(), rstd.tested(), gamma == null ? null : gamma.tested());
                    double tg = tl * 10 * Math.sqrt(rows);
                    assertClose(what + " gradX", wgx, host(gx), tg, tg);
                    if (affine == 1) {
                        assertClose(what + " gradGamma", wgg, host(gg), tg, tg);
                        assertClose(what + " gradBeta", wgb, host(gb), tg, tg);
                    }
                }
            }
        }
    }

    private static double dact(UnaryOp op, double x) {
        double s = ScalarMath.sigmoid(x);
        return switch (op) {
            case RELU -> x > 0 ? 1 : 0;
            case SIGMOID -> s * (1 - s);
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case GELU -> 0.5 * (1 + ScalarMath.erf(x / Math.sqrt(2))) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            case GELU_TANH -> {
                double c = Math.sqrt(2 / Math.PI), th = Math.tanh(c * (x + 0.044715 * x * x * x));
                yield 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * c * (1 + 3 * 0.044715 * x * x);
            }
            case SILU -> s + x * s * (1 - s);
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    @Test void activationBackwardMatchesDerivatives() {
        Random rnd = new Random(43);
        UnaryOp[] acts = {UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SILU};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 7, 17, 1023, 40_000}) {
                Twin x = contiguous(t, rnd, n), gy = contiguous(t, rnd, n);
                double[] xv = host(x), gv = host(gy);
                for (UnaryOp op : acts) {
                    Twin gx = output(t, n);
                    CPU.activationBackward(op, gx.tested(), x.tested(), gy.tested());
                    double[] want = new double[n];
                    for (int i = 0; i < n; i++) want[i] = gv[i] * dact(op, xv[i]);
                    assertClose("activationBackward " + op + " " + t + " n=" + n, want, host(gx), tol(t), tol(t));
                }
            }
        }
        Twin x = contiguous(DType.FLOAT32, rnd, 4), g = output(DType.FLOAT32, 4);
        assertThrows(UnsupportedOperationException.class, () -> CPU.activationBackward(UnaryOp.EXP, g.tested(), x.tested(), x.tested()));
    }

    @Test void linearWithBiasAndActivation() {
        Random rnd = new Random(44);
        UnaryOp[] acts = {null, UnaryOp.RELU, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.SILU};
        int[][] mkn = {{1, 1, 1}, {5, 7, 3}, {33, 65, 17}, {128, 200, 300}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : mkn) {
                int m = s[0], k = s[1], n = s[2];
                for (UnaryOp act : acts) {
                    for (int layout = 0; layout < 2; layout++) {
                        Twin x = contiguous(t, rnd, m, k);
                        // layout 1: a PyTorch-style (n, k) weight passed transposed, and a strided bias.
                        Twin w = layout == 0 ? contiguous(t, rnd, k, n)
                                : pair(t, random(t, k * n, rnd), new int[] {k, n}, new int[] {1, k}, 0);
                        Twin bias = act == UnaryOp.RELU && layout == 0 ? null
                                : layout == 0 ? contiguous(t, rnd, n) : strided(t, rnd, new int[] {n}, new int[] {3});
                        Twin out = output(t, m, n);
                        CPU.linear(out.tested(), x.tested(), w.tested(), bias == null ? null : bias.tested(), act);
                        double[] xv = host(x), wv = host(w), bv = bias == null ? null : host(bias);
                        double[] want = new double[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double acc = bv == null ? 0 : bv[j];
                                for (int p = 0; p < k; p++) acc += xv[i * k + p] * wv[p * n + j];
                                want[i * n + j] = act == null ? acc : ScalarMath.unary(act, acc);
                            }
                        }
                        double tl = t == DType.FLOAT32 ? 2e-5 * Math.sqrt(k) : 1e-12;
                        assertClose("linear " + t + " " + m + "x" + k + "x" + n + " act " + act + " layout " + layout
                                + (bias == null ? " no bias" : ""), want, host(out), tl, tl * 4);
                    }
                }
            }
        }
    }

    @Test void softmaxOnOffsetViews() {
        Random rnd = new Random(45);
        Twin whole = contiguous(DType.FLOAT32, rnd, 3 * 9 + 4);
        Twin x = whole.view(new int[] {3, 9}, new int[] {9, 1}, 4);
        Twin y = output(DType.FLOAT32, 3, 9);
        CPU.softmax(y.tested(), x.tested(), false);
        double[] xv = host(x), want = new double[27];
        for (int r = 0; r < 3; r++) {
            double mx = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < 9; j++) mx = Math.max(mx, xv[r * 9 + j]);
            for (int j = 0; j < 9; j++) sum += Math.exp(xv[r * 9 + j] - mx);
            for (int j = 0; j < 9; j++) want[r * 9 + j] = Math.exp(xv[r * 9 + j] - mx) / sum;
        }
        assertClose("softmax on an offset view", want, host(y), 2e-6, 1e-7);
    }
}
