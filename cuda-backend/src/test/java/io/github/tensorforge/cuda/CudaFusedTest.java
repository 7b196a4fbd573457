package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.github.tensorforge.cuda.CudaTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fused kernels against composites of reference primitives (the reference backend has no fused kernels, so the
 * expected values are built from its unary/binary/reduce/matmul ops, exactly as core's composites do).
 */
class CudaFusedTest {
    private static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT64);
    private static final int[][] SHAPES = {{1, 1}, {3, 10}, {17, 33}, {64, 1000}, {5, 5000}};

    private static View refAlloc(DType t, int... shape) { return View.contiguous(REF.allocate(t, size(shape)), shape); }

    /** Composite softmax / log-softmax on the reference backend. */
    private static View refSoftmax(View x, boolean log) {
        int rows = x.shape()[0], n = x.shape()[1];
        DType t = x.dtype();
        View mx = refAlloc(t, rows, 1);
        REF.reduce(ReduceOp.MAX, mx, x, new int[] {1});
        View mxB = new View(mx.buffer(), t, new int[] {rows, n}, new int[] {1, 0}, 0);
        View shifted = refAlloc(t, rows, n);
        REF.binary(BinaryOp.SUB, shifted, x, mxB);
        View e = refAlloc(t, rows, n);
        REF.unary(UnaryOp.EXP, e, shifted);
        View s = refAlloc(t, rows, 1);
        REF.reduce(ReduceOp.SUM, s, e, new int[] {1});
        View sB = new View(s.buffer(), t, new int[] {rows, n}, new int[] {1, 0}, 0);
        View out = refAlloc(t, rows, n);
        if (log) {
            View ls = refAlloc(t, rows, 1);
            REF.unary(UnaryOp.LOG, ls, s);
            REF.binary(BinaryOp.SUB, out, shifted, new View(ls.buffer(), t, new int[] {rows, n}, new int[] {1, 0}, 0));
        } else {
            REF.binary(BinaryOp.DIV, out, e, sB);
        }
        return out;
    }

    @Test void softmaxForwardAndBackward() {
        Random rnd = new Random(40);
        for (DType t : FLOATS) {
            for (int[] s : SHAPES) {
                for (boolean log : new boolean[] {false, true}) {
                    Twin x = randomContiguous(t, rnd, s);
                    View expected = refSoftmax(x.ref(), log);
                    Twin y = output(t, s);
                    cuda().softmax(y.tested(), x.tested(), log);
                    assertArrays((log ? "log_softmax " : "softmax ") + t + " " + s[0] + "x" + s[1],
                            REF.download(expected.buffer()), cuda().download(y.testedBuf()), atol(t) * 5, rtol(t) * 5);

                    // Backward from the reference's forward output, so both sides see the same y.
                    Twin yy = contiguous(t, REF.download(expected.buffer()), s);
                    Twin gy = randomContiguous(t, rnd, s);
                    int rows = s[0], n = s[1];
                    View dot = refAlloc(t, rows, n);
                    View sum = refAlloc(t, rows, 1);
                    View gx = refAlloc(t, rows, n);
                    if (log) {   // gx = gy - exp(y) * sum(gy)
                        REF.reduce(ReduceOp.SUM, sum, gy.ref(), new int[] {1});
                        REF.unary(UnaryOp.EXP, dot, yy.ref());
                        REF.binary(BinaryOp.MUL, dot, dot, new View(sum.buffer(), t, new int[] {rows, n}, new int[] {1, 0}, 0));
                        REF.binary(BinaryOp.SUB, gx, gy.ref(), dot);
                    } else {     // gx = y * (gy - sum(gy * y))
                        REF.binary(BinaryOp.MUL, dot, gy.ref(), yy.ref());
                        REF.reduce(ReduceOp.SUM, sum, dot, new int[] {1});
                        REF.binary(BinaryOp.SUB, gx, gy.ref(), new View(sum.buffer(), t, new int[] {rows, n}, new int[] {1, 0}, 0));
                        REF.binary(BinaryOp.MUL, gx, gx, yy.ref());
                    }
                    Twin got = output(t, s);
                    cuda().softmaxBackward(got.tested(), yy.tested(), gy.tested(), log);
                    assertArrays((log ? "log_softmax" : "softmax") + " backward " + t + " " + rows + "x" + n,
                            REF.download(gx.buffer()), cuda().download(got.testedBuf()), atol(t) * 20, rtol(t) * 20);
                    releaseAll(x, y, yy, gy, got);
                }
            }
        }
    }

    /** Reference layer norm in double on the host: returns {out, mean, rstd}. */
    private static double[][] layerNormHost(double[] x, double[] g, double[] b, int rows, int n, double eps) {
        double[] out = new double[rows * n], mean = new double[rows], rstd = new double[rows];
        for (int r = 0; r < rows; r++) {
            double mu = 0;
            for (int j = 0; j < n; j++) mu += x[r * n + j];
            mu /= n;
            double var = 0;
            for (int j = 0; j < n; j++) var += (x[r * n + j] - mu) * (x[r * n + j] - mu);
            var /= n;
            double rs = 1 / Math.sqrt(var + eps);
            mean[r] = mu;
            rstd[r] = rs;
            for (int j = 0; j < n; j++) out[r * n + j] = (x[r * n + j] - mu) * rs * (g == null ? 1 : g[j]) + (b == null ? 0 : b[j]);
        }
        return new double[][] {out, mean, rstd};
    }

    private static double[] asDoubles(Object a) {
        if (a instanceof double[] d) return d;
        float[] f = (float[]) a;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test void layerNormForwardAndBackward() {
        Random rnd = new Random(41);
        double eps = 1e-5;
        for (DType t : FLOATS) {
            for (int[] s : SHAPES) {
                int rows = s[0], n = s[1];
                for (boolean affine : new boolean[] {true, false}) {
                    Twin x = randomContiguous(t, rnd, s);
                    Twin g = affine ? randomContiguous(t, rnd, n) : null;
                    Twin b = affine ? randomContiguous(t, rnd, n) : null;
                    double[] xh = asDoubles(REF.download(x.refBuf()));
                    double[] gh = affine ? asDoubles(REF.download(g.refBuf())) : null;
                    double[] bh = affine ? asDoubles(REF.download(b.refBuf())) : null;
                    double[][] ref = layerNormHost(xh, gh, bh, rows, n, eps);
                    Twin out = output(t, s), mean = output(t, rows), rstd = output(t, rows);
                    cuda().layerNorm(out.tested(), mean.tested(), rstd.tested(), x.tested(), affine ? g.tested() : null,
                            affine ? b.tested() : null, eps);
                    String what = "layerNorm " + t + " " + rows + "x" + n + (affine ? " affine" : "");
                    double tol = t == DType.FLOAT32 ? 2e-4 : 1e-9;
                    assertArrays(what + " out", ref[0], cuda().download(out.testedBuf()), tol, tol);
                    assertArrays(what + " mean", ref[1], cuda().download(mean.testedBuf()), tol, tol);
                    assertArrays(what + " rstd", ref[2], cuda().download(rstd.testedBuf()), tol, tol);

                    // Backward, against central finite differences of sum(out * gy) in double on the host.
                    Twin gy = randomContiguous(t, rnd, s);
                    double[] gyh = asDoubles(REF.download(gy.refBuf()));
                    Twin gx = output(t, s), gg = affine ? output(t, n) : null, gb = affine ? output(t, n) : null;
                    cuda().layerNormBackward(gx.tested(), affine ? gg.tested() : null, affine ? gb.tested() : null, gy.tested(),
                            x.tested(), mean.tested(), rstd.tested(), affine ? g.tested() : null);
                    // Central finite differences of sum(out * gy) in double where that is cheap, else the closed form.
                    double[] expGx = rows * n > 4000 ? closedFormGx(xh, gh, gyh, ref[1], ref[2], rows, n)
                            : finiteDifferenceGx(xh, gh, bh, gyh, rows, n, eps);
                    double btol = t == DType.FLOAT32 ? 5e-3 : 1e-5;
                    assertArrays(what + " gradX", expGx, cuda().download(gx.testedBuf()), btol, btol);
                    if (affine) {
                        double[] eg = new double[n], eb = new double[n];
                        for (int r = 0; r < rows; r++) {
                            for (int j = 0; j < n; j++) {
                                double xhat = (xh[r * n + j] - ref[1][r]) * ref[2][r];
                                eg[j] += gyh[r * n + j] * xhat;
                                eb[j] += gyh[r * n + j];
                            }
                        }
                        assertArrays(what + " gradGamma", eg, cuda().download(gg.testedBuf()), btol, btol);
                        assertArrays(what + " gradBeta", eb, cuda().download(gb.testedBuf()), btol, btol);
                    }
                    releaseAll(x, g, b, out, mean, rstd, gy, gx, gg, gb);
                }
            }
        }
    }

    private static double[] finiteDifferenceGx(double[] xh, double[] gh, double[] bh, double[] gyh, int rows, int n,
                                               double eps) {
        double[] gx = new double[rows * n];
        double h = 1e-6;
        for (int i = 0; i < rows * n; i++) {
            double keepV = xh[i];
            xh[i] = keepV + h;
            double up = dot(layerNormHost(xh, gh, bh, rows, n, eps)[0], gyh);
            xh[i] = keepV - h;
            double down = dot(layerNormHost(xh, gh, bh, rows, n, eps)[0], gyh);
            xh[i] = keepV;
            gx[i] = (up - down) / (2 * h);
        }
        return gx;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] closedFormGx(double[] x, double[] g, double[] gy, double[] mean, double[] rstd, int rows, int n) {
        double[] gx = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            double a = 0, c = 0;
            for (int j = 0; j < n; j++) {
                double gg = gy[r * n + j] * (g == null ? 1 : g[j]);
                double xhat = (x[r * n + j] - mean[r]) * rstd[r];
                a += gg;
                c += gg * xhat;
            }
            a /= n;
            c /= n;
            for (int j = 0; j < n; j++) {
                double gg = gy[r * n + j] * (g == null ? 1 : g[j]);
                double xhat = (x[r * n + j] - mean[r]) * rstd[r];
                gx[r * n + j] = rstd[r] * (gg - a - xhat * c);
            }
        }
        return gx;
    }

    @Test void activationBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(42);
        for (DType t : FLOATS) {
            for (UnaryOp op : List.of(UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SILU)) {
                int n = 3001;
                Twin x = randomContiguous(t, rnd, n);
                Twin gy = randomContiguous(t, rnd, n);
                double[] xh = asDoubles(REF.download(x.refBuf()));
                double[] gyh = asDoubles(REF.download(gy.refBuf()));
                double[] expected = new double[n];
                double h = 1e-6;
                for (int i = 0; i < n; i++) {
                    double d = (io.github.tensorforge.spi.ScalarMath.unary(op, xh[i] + h)
                            - io.github.tensorforge.spi.ScalarMath.unary(op, xh[i] - h)) / (2 * h);
                    if (op == UnaryOp.RELU) d = xh[i] > 0 ? 1 : 0;
                    expected[i] = gyh[i] * d;
                }
                Twin gx = output(t, n);
                cuda().activationBackward(op, gx.tested(), x.tested(), gy.tested());
                double tol = t == DType.FLOAT32 ? 1e-4 : 1e-7;
                assertArrays("activationBackward " + op + " " + t, expected, cuda().download(gx.testedBuf()), tol, tol);
                releaseAll(x, gy, gx);
            }
            assertThrows(UnsupportedOperationException.class, () -> {
                Twin x = randomContiguous(t, rnd, 4);
                try {
                    cuda().activationBackward(UnaryOp.EXP, x.tested(), x.tested(), x.tested());
                } finally {
                    x.release();
                }
            });
        }
    }

    @Test void linearWithBiasAndActivation() {
        Random rnd = new Random(43);
        for (DType t : FLOATS) {
            for (UnaryOp act : new UnaryOp[] {null, UnaryOp.RELU, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SIGMOID,
                    UnaryOp.TANH, UnaryOp.SILU}) {
                for (boolean transposedW : new boolean[] {false, true}) {
                    int m = 37, k = 129, n = 70;
                    Twin x = randomContiguous(t, rnd, m, k);
                    Twin w = transposedW ? randomContiguous(t, rnd, n, k).view(new int[] {k, n}, new int[] {1, k}, 0)
                            : randomContiguous(t, rnd, k, n);
                    Twin bias = randomContiguous(t, rnd, n);
                    // Composite on the reference: matmul, + bias (broadcast), activation.
                    View mm = refAlloc(t, m, n);
                    REF.matmul(mm, x.ref(), w.ref());
                    REF.binary(BinaryOp.ADD, mm, mm, new View(bias.refBuf(), t, new int[] {m, n}, new int[] {0, 1}, 0));
                    if (act != null) REF.unary(act, mm, mm);
                    Twin out = output(t, m, n);
                    cuda().linear(out.tested(), x.tested(), w.tested(), bias.tested(), act);
                    double tol = gemmTol(t, k) * 4;
                    assertArrays("linear " + t + " act " + act + (transposedW ? " w^T" : ""), REF.download(mm.buffer()),
                            cuda().download(out.testedBuf()), tol, tol);
                    Twin own = output(t, m, n);
                    cuda().ownLinear(own.tested(), x.tested(), w.tested(), bias.tested(), act);
                    double ownTol = t == DType.FLOAT64 ? 1e-9 : 4 * (2e-5 * Math.sqrt(k) + 1e-5);   // own kernel: fp32
                    assertArrays("own-kernel linear " + t + " act " + act + (transposedW ? " w^T" : ""),
                            REF.download(mm.buffer()), cuda().download(own.testedBuf()), ownTol, ownTol);
                    own.release();
                    releaseAll(x, w, bias, out);
                }
            }
        }
    }
}
