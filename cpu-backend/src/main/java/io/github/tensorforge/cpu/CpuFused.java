package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.ScalarMath;
import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.DropoutMask;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;


/**
 * Fused forward/backward pairs over rows of contiguous {@code (rows, n)} views: softmax and log-softmax, layer norm,
 * activation derivatives, and linear (GEMM with bias + activation applied to each finished, cache-hot block of C).
 * float32 rows are vectorized with the {@link CpuMath} functions; float64 rows use scalar loops with the reference's
 * double definitions. Semantics are those of core's composites (e.g. softmax shifts by the row maximum, or by 0 when
 * that maximum is infinite).
 */
final class CpuFused implements FusedKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();
    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2 * Math.PI));
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    private static final double INV_SQRT2_D = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI_D = 1.0 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_2_OVER_PI_D = Math.sqrt(2.0 / Math.PI);

    private final CpuThreadPool pool;
    private final CpuMatmul matmul;

    CpuFused(CpuThreadPool pool, CpuMatmul matmul) {
        this.pool = pool;
        this.matmul = matmul;
    }

    private static int cols(View v) { return v.rank() == 0 ? 1 : v.shape()[v.rank() - 1]; }

    private void rows(int rows, int n, int cost, RowBody body) {
        pool.parallelFor(rows, Math.max(1, CpuElementwise.PARALLEL_MIN / Math.max(1L, (long) n * cost)), 1,
                (r0, r1) -> {
                    for (long r = r0; r < r1; r++) body.row((int) r);
                });
    }

    @FunctionalInterface
    private interface RowBody {
        void row(int r);
    }

    /** Core runs fused kernels on float32 and float64 only (the SPI contract); with -ea this checks it. */
    private static void requireFloating(String op, View v) {
        assert v.dtype() == DType.FLOAT32 || v.dtype() == DType.FLOAT64 : op + ": core passes float32 or float64, got "
                + v.dtype();
    }

    // ---- softmax --------------------------------------------------------------------------------------------------

    @Override public void softmax(View out, View x, boolean log) {
        requireFloating(log ? "logSoftmax" : "softmax", x);
        int n = cols(x), rows = n == 0 ? 0 : x.size() / n;
        if (x.dtype() == DType.FLOAT32) {
            float[] o = HeapBuffer.of(out).floats(), a = HeapBuffer.of(x).floats();
            rows(rows, n, 8, r -> softmaxRowF(o, out.offset() + r * n, a, x.offset() + r * n, n, log));
        } else {
            double[] o = HeapBuffer.of(out).doubles(), a = HeapBuffer.of(x).doubles();
            rows(rows, n, 8, r -> softmaxRowD(o, out.offset() + r * n, a, x.offset() + r * n, n, log));
        }
    }

    static void softmaxRowF(float[] o, int oo, float[] x, int xo, int n, boolean log) {
        float mx = (float) CpuReduceRuns.run(ReduceOp.MAX, x, xo, 1, n);
        float shift = Float.isInfinite(mx) ? 0f : mx;
        FloatVector vs = FloatVector.broadcast(F, shift);
        int i, ub = F.loopBound(n);
        // o = exp(x - shift) and its row sum in one pass over the row.
        float sum = CpuMath.expShiftSumRun(x, xo, shift, o, oo, n);
        if (log) {
            float lse = (float) Math.log(sum);
            FloatVector vl = FloatVector.broadcast(F, lse);
            for (i = 0; i < ub; i += FL) FloatVector.fromArray(F, x, xo + i).sub(vs).sub(vl).intoArray(o, oo + i);
            for (; i < n; i++) o[oo + i] = (x[xo + i] - shift) - lse;
        } else {
            FloatVector vsum = FloatVector.broadcast(F, sum);
            for (i = 0; i < ub; i += FL) FloatVector.fromArray(F, o, oo + i).div(vsum).intoArray(o, oo + i);
            for (; i < n; i++) o[oo + i] /= sum;
        }
    }

    static void softmaxRowD(double[] o, int oo, double[] x, int xo, int n, boolean log) {
        double mx = CpuReduceRuns64.run(ReduceOp.MAX, x, xo, 1, n);
        double shift = Double.isInfinite(mx) ? 0 : mx;
        double sum = 0;
        if (log) {
            for (int i = 0; i < n; i++) sum += Math.exp(x[xo + i] - shift);
            double lse = Math.log(sum);
            for (int i = 0; i < n; i++) o[oo + i] = (x[xo + i] - shift) - lse;
        } else {
            for (int i = 0; i < n; i++) {
                double e = Math.exp(x[xo + i] - shift);
                o[oo + i] = e;
                sum += e;
            }
            for (int i = 0; i < n; i++) o[oo + i] /= sum;
        }
    }

    @Override public void softmaxBackward(View gradX, View y, View gradY, boolean log) {
        requireFloating(log ? "logSoftmax backward" : "softmax backward", y);
        int n = cols(y), rows = n == 0 ? 0 : y.size() / n;
        if (y.dtype() == DType.FLOAT32) {
            float[] gx = HeapBuffer.of(gradX).floats(), yy = HeapBuffer.of(y).floats(), gy = HeapBuffer.of(gradY).floats();
            rows(rows, n, log ? 8 : 2, r -> {
                int go = gradX.offset() + r * n, yo = y.offset() + r * n, gyo = gradY.offset() + r * n;
                int i = 0, ub = F.loopBound(n);
                if (log) {
                    float s = (float) CpuReduceRuns.run(ReduceOp.SUM, gy, gyo, 1, n);
                    FloatVector vs = FloatVector.broadcast(F, s);
                    CpuMath.expRun(yy, yo, gx, go, n);
                    for (; i < ub; i += FL) {
                        FloatVector e = FloatVector.fromArray(F, gx, go + i);
                        FloatVector.fromArray(F, gy, gyo + i).sub(e.mul(vs)).intoArray(gx, go + i);
                    }
                    for (; i < n; i++) gx[go + i] = gy[gyo + i] - gx[go + i] * s;
                } else {
                    FloatVector acc = FloatVector.zero(F);
                    for (; i < ub; i += FL) acc = FloatVector.fromArray(F, gy, gyo + i).fma(FloatVector.fromArray(F, yy, yo + i), acc);
                    float dot = (float) CpuReduceRuns.sumLanes(acc);
                    for (; i < n; i++) dot += gy[gyo + i] * yy[yo + i];
                    FloatVector vd = FloatVector.broadcast(F, dot);
                    for (i = 0; i < ub; i += FL) {
                        FloatVector yv = FloatVector.fromArray(F, yy, yo + i);
                        yv.mul(FloatVector.fromArray(F, gy, gyo + i).sub(vd)).intoArray(gx, go + i);
                    }
                    for (; i < n; i++) gx[go + i] = yy[yo + i] * (gy[gyo + i] - dot);
                }
            });
        } else {
            double[] gx = HeapBuffer.of(gradX).doubles(), yy = HeapBuffer.of(y).doubles(), gy = HeapBuffer.of(gradY).doubles();
            rows(rows, n, log ? 8 : 2, r -> {
                int go = gradX.offset() + r * n, yo = y.offset() + r * n, gyo = gradY.offset() + r * n;
                double s = 0;
                if (log) {
                    for (int i = 0; i < n; i++) s += gy[gyo + i];
                    for (int i = 0; i < n; i++) gx[go + i] = gy[gyo + i] - Math.exp(yy[yo + i]) * s;
                } else {
                    for (int i = 0; i < n; i++) s += gy[gyo + i] * yy[yo + i];
                    for (int i = 0; i < n; i++) gx[go + i] = yy[yo + i] * (gy[gyo + i] - s);
                }
            });
        }
    }

    // ---- layer norm -----------------------------------------------------------------------------------------------

    @Override public void layerNorm(View out, View mean, View rstd, View x, View gamma, View beta, double eps) {
        requireFloating("layerNorm", x);
        int n = cols(x), rows = n == 0 ? 0 : x.size() / n;
        if (x.dtype() == DType.FLOAT32) {
            float[] o = HeapBuffer.of(out).floats(), a = HeapBuffer.of(x).floats();
            float[] mu = HeapBuffer.of(mean).floats(), rs = HeapBuffer.of(rstd).floats();
            float[] g = gamma == null ? null : HeapBuffer.of(gamma).floats();
            float[] b = beta == null ? null : HeapBuffer.of(beta).floats();
            int go = gamma == null ? 0 : gamma.offset(), bo = beta == null ? 0 : beta.offset();
            rows(rows, n, 3, r -> CpuLayerNormRows.forward(o, out.offset() + r * n, a, x.offset() + r * n, n,
                    mu, mean.offset() + r, rs, rstd.offset() + r, g, go, b, bo, eps));
        } else {
            double[] o = HeapBuffer.of(out).doubles(), a = HeapBuffer.of(x).doubles();
            double[] mu = HeapBuffer.of(mean).doubles(), rs = HeapBuffer.of(rstd).doubles();
            double[] g = gamma == null ? null : HeapBuffer.of(gamma).doubles();
            double[] b = beta == null ? null : HeapBuffer.of(beta).doubles();
            int go = gamma == null ? 0 : gamma.offset(), bo = beta == null ? 0 : beta.offset();
            rows(rows, n, 3, r -> CpuLayerNormRows64.forward(o, out.offset() + r * n, a, x.offset() + r * n, n,
                    mu, mean.offset() + r, rs, rstd.offset() + r, g, go, b, bo, eps));
        }
    }

    @Override public void layerNormBackward(View gradX, View gradGamma, View gradBeta, View gradY, View x, View mean,
                                            View rstd, View gamma) {
        requireFloating("layerNorm backward", x);
        int n = cols(x), rows = n == 0 ? 0 : x.size() / n;
        boolean wantParams = gradGamma != null || gradBeta != null;
        int chunks = (long) rows * n >= CpuElementwise.PARALLEL_MIN ? Math.min(pool.threads(), Math.max(1, rows)) : 1;
        boolean f32 = x.dtype() == DType.FLOAT32;
        // Per-chunk partial sums of gradY * xhat (gamma) and gradY (beta), combined in double at the end.
        double[][] partG = new double[chunks][wantParams ? n : 0];
        double[][] partB = new double[chunks][wantParams ? n : 0];
        CpuThreadPool.ChunkBody body = c -> {
            int r0 = (int) ((long) rows * c / chunks), r1 = (int) ((long) rows * (c + 1) / chunks);
            for (int r = r0; r < r1; r++) {
                lnBackRow(r, n, gradX, gradY, x, mean, rstd, gamma, wantParams ? partG[c] : null, partB[c]);
            }
        };
        if (chunks > 1) pool.run(chunks, body);
        else body.run(0);
        if (!wantParams) return;
        for (int c = 1; c < chunks; c++) {
            for (int j = 0; j < n; j++) {
                partG[0][j] += partG[c][j];
                partB[0][j] += partB[c][j];
            }
        }
        for (View v : new View[] {gradGamma, gradBeta}) {
            if (v == null) continue;
            double[] src = v == gradGamma ? partG[0] : partB[0];
            if (f32) {
                float[] d = HeapBuffer.of(v).floats();
                for (int j = 0; j < n; j++) d[v.offset() + j] = (float) src[j];
            } else {
                System.arraycopy(src, 0, HeapBuffer.of(v).doubles(), v.offset(), n);
            }
        }
    }

    private static void lnBackRow(int r, int n, View gradX, View gradY, View x, View mean, View rstd, View gamma,
                                  double[] pg, double[] pb) {
        int xo = x.offset() + r * n, gyo = gradY.offset() + r * n, gxo = gradX.offset() + r * n;
        int gmo = gamma == null ? 0 : gamma.offset();
        if (x.dtype() == DType.FLOAT32) {
            CpuLayerNormRows.backward(HeapBuffer.of(gradX).floats(), gxo, HeapBuffer.of(gradY).floats(), gyo,
                    HeapBuffer.of(x).floats(), xo, n, HeapBuffer.of(mean).floats()[mean.offset() + r],
                    HeapBuffer.of(rstd).floats()[rstd.offset() + r], gamma == null ? null : HeapBuffer.of(gamma).floats(),
                    gmo, pg, pb);
        } else {
            CpuLayerNormRows64.backward(HeapBuffer.of(gradX).doubles(), gxo, HeapBuffer.of(gradY).doubles(), gyo,
                    HeapBuffer.of(x).doubles(), xo, n, HeapBuffer.of(mean).doubles()[mean.offset() + r],
                    HeapBuffer.of(rstd).doubles()[rstd.offset() + r], gamma == null ? null : HeapBuffer.of(gamma).doubles(),
                    gmo, pg, pb);
        }
    }

    // ---- activation backward --------------------------------------------------------------------------------------

    @Override public void activationBackward(UnaryOp activation, View gradX, View x, View gradY) {
        if (!activation.isActivation()) {
            throw new UnsupportedOperationException("activationBackward: " + activation
                    + " has no fused derivative; core uses the composite rule");
        }
        requireFloating("activationBackward " + activation, x);
        int size = x.size();
        int xo = x.offset(), go = gradY.offset(), oo = gradX.offset();
        if (x.dtype() == DType.FLOAT32) {
            float[] o = HeapBuffer.of(gradX).floats(), a = HeapBuffer.of(x).floats(), g = HeapBuffer.of(gradY).floats();
            pool.parallelFor(size, CpuElementwise.PARALLEL_MIN / 8, 2048, (s, e) ->
                    actGradF(activation, o, oo + (int) s, a, xo + (int) s, g, go + (int) s, (int) (e - s)));
        } else {
            double[] o = HeapBuffer.of(gradX).doubles(), a = HeapBuffer.of(x).doubles(), g = HeapBuffer.of(gradY).doubles();
            pool.parallelFor(size, CpuElementwise.PARALLEL_MIN / 8, 2048, (s, e) -> {
                for (int i = (int) s; i < e; i++) o[oo + i] = g[go + i] * actGradS(activation, a[xo + i]);
            });
        }
    }

    static double actGradS(UnaryOp op, double x) {
        return switch (op) {
            case RELU -> x > 0 ? 1 : 0;
            case SIGMOID -> {
                double s = ScalarMath.sigmoid(x);
                yield s * (1 - s);
            }
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case GELU -> 0.5 * (1 + ScalarMath.erf(x * INV_SQRT2_D)) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI_D;
            case GELU_TANH -> {
                double th = Math.tanh(SQRT_2_OVER_PI_D * (x + 0.044715 * x * x * x));
                double dinner = SQRT_2_OVER_PI_D * (1 + 3 * 0.044715 * x * x);
                yield 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * dinner;
            }
            case SILU -> {
                double s = ScalarMath.sigmoid(x);
                yield s + x * s * (1 - s);
            }
            default -> throw new UnsupportedOperationException("activationBackward: " + op + " is not an activation");
        };
    }

    /**
     * {@code o = g * act'(x)} in blocks: the transcendental parts run through CpuMath's run kernels into scratch
     * blocks, then one vector pass combines them (see CpuMath on why vectors never cross method boundaries).
     */
    private static void actGradF(UnaryOp op, float[] o, int oo, float[] x, int xo, float[] g, int go, int n) {
        float[] t1 = new float[CpuMath.BLOCK], t2 = new float[CpuMath.BLOCK];
        for (int b = 0; b < n; b += CpuMath.BLOCK) {
            int len = Math.min(CpuMath.BLOCK, n - b);
            actGradBlock(op, o, oo + b, x, xo + b, g, go + b, len, t1, t2);
        }
    }

    private static void actGradBlock(UnaryOp op, float[] o, int oo, float[] x, int xo, float[] g, int go, int n,
                                     float[] t1, float[] t2) {
        int i = 0, ub = F.loopBound(n);
        switch (op) {
            case RELU -> {
                for (; i < ub; i += FL) {
                    FloatVector xv = FloatVector.fromArray(F, x, xo + i);
                    FloatVector.fromArray(F, g, go + i).blend(0f, xv.compare(VectorOperators.GT, 0f).not()).intoArray(o, oo + i);
                }
                for (; i < n; i++) o[oo + i] = x[xo + i] > 0f ? g[go + i] : 0f;
            }
            case SIGMOID -> {
                CpuMath.sigmoidRun(x, xo, t1, 0, n);
                for (; i < ub; i += FL) {
                    FloatVector s = FloatVector.fromArray(F, t1, i);
                    FloatVector.fromArray(F, g, go + i).mul(s.mul(s.neg().add(1f))).intoArray(o, oo + i);
                }
                for (; i < n; i++) o[oo + i] = g[go + i] * (t1[i] * (1f - t1[i]));
            }
            case TANH -> {
                CpuMath.tanhRun(x, xo, t1, 0, n);
                for (; i < ub; i += FL) {
                    FloatVector t = FloatVector.fromArray(F, t1, i);
                    FloatVector.fromArray(F, g, go + i).mul(t.mul(t).neg().add(1f)).intoArray(o, oo + i);
                }
                for (; i < n; i++) o[oo + i] = g[go + i] * (1f - t1[i] * t1[i]);
            }
            case SILU -> {
                CpuMath.sigmoidRun(x, xo, t1, 0, n);
                for (; i < ub; i += FL) {
                    FloatVector xv = FloatVector.fromArray(F, x, xo + i), s = FloatVector.fromArray(F, t1, i);
                    FloatVector d = s.add(xv.mul(s).mul(s.neg().add(1f)));
                    FloatVector.fromArray(F, g, go + i).mul(d).intoArray(o, oo + i);
                }
                for (; i < n; i++) {
                    float xv = x[xo + i], s = t1[i];
                    o[oo + i] = g[go + i] * (s + xv * s * (1f - s));
                }
            }
            case GELU -> {
                // Phi(x) + x phi(x): erf(x / sqrt 2) into t1, exp(-x^2 / 2) into t2.
                for (; i < ub; i += FL) {
                    FloatVector xv = FloatVector.fromArray(F, x, xo + i);
                    xv.mul(INV_SQRT2).intoArray(t1, i);
                    xv.mul(xv).mul(-0.5f).intoArray(t2, i);
                }
                for (; i < n; i++) {
                    t1[i] = x[xo + i] * INV_SQRT2;
                    t2[i] = x[xo + i] * x[xo + i] * -0.5f;
                }
                CpuMath.erfRun(t1, 0, t1, 0, n);
                CpuMath.expRun(t2, 0, t2, 0, n);
                for (i = 0; i < ub; i += FL) {
                    FloatVector xv = FloatVector.fromArray(F, x, xo + i);
                    FloatVector cdf = FloatVector.fromArray(F, t1, i).add(1f).mul(0.5f);
                    FloatVector pdf = FloatVector.fromArray(F, t2, i).mul(INV_SQRT_2PI);
                    FloatVector.fromArray(F, g, go + i).mul(xv.fma(pdf, cdf)).intoArray(o, oo + i);
                }
                for (; i < n; i++) {
                    float cdf = (t1[i] + 1f) * 0.5f, pdf = t2[i] * INV_SQRT_2PI;
                    o[oo + i] = g[go + i] * Math.fma(x[xo + i], pdf, cdf);
                }
            }
            case GELU_TANH -> {
                // th = tanh(sqrt(2/pi) (x + 0.044715 x^3)) into t1.
                for (; i < ub; i += FL) {
                    FloatVector xv = FloatVector.fromArray(F, x, xo + i);
                    xv.mul(xv).mul(0.044715f).add(1f).mul(xv).mul(SQRT_2_OVER_PI).intoArray(t1, i);
                }
                for (; i < n; i++) {
                    float xv = x[xo + i];
                    t1[i] = (xv * xv * 0.044715f + 1f) * xv * SQRT_2_OVER_PI;
                }
                CpuMath.tanhRun(t1, 0, t1, 0, n);
                for (i = 0; i < ub; i += FL) {
                    FloatVector xv = FloatVector.fromArray(F, x, xo + i), th = FloatVector.fromArray(F, t1, i);
                    FloatVector dinner = xv.mul(xv).mul(3f * 0.044715f).add(1f).mul(SQRT_2_OVER_PI);
                    FloatVector d = th.add(1f).mul(0.5f).add(xv.mul(0.5f).mul(th.mul(th).neg().add(1f)).mul(dinner));
                    FloatVector.fromArray(F, g, go + i).mul(d).intoArray(o, oo + i);
                }
                for (; i < n; i++) {
                    float xv = x[xo + i], th = t1[i];
                    float dinner = (xv * xv * (3f * 0.044715f) + 1f) * SQRT_2_OVER_PI;
                    o[oo + i] = g[go + i] * ((th + 1f) * 0.5f + xv * 0.5f * (1f - th * th) * dinner);
                }
            }
            default -> throw new UnsupportedOperationException("activationBackward: " + op + " is not an activation");
        }
    }

    // ---- linear ---------------------------------------------------------------------------------------------------

    @Override public void linear(View out, View x, View w, View bias, UnaryOp activation) {
        requireFloating("linear", x);
        assert activation == null || activation.isActivation() : "core passes activations only, got " + activation;
        assert x.rank() == 2 && w.rank() == 2 && out.rank() == 2 && w.shape()[0] == x.shape()[1]
                && out.shape()[0] == x.shape()[0] && out.shape()[1] == w.shape()[1] : "linear: core checked the shapes";
        int m = x.shape()[0], k = x.shape()[1], n = w.shape()[1];
        int ldc = out.strides()[0];
        int bs = bias == null ? 0 : bias.strides()[0], bOff = bias == null ? 0 : bias.offset();
        if (x.dtype() == DType.FLOAT32) {
            float[] bb = bias == null ? null : HeapBuffer.of(bias).floats();
            CpuGemm.Epilogue epi = bias == null && activation == null ? null : (c, off, row, col, len) -> {
                if (bb != null) addBiasF(c, off, bb, bOff + col * bs, bs, len);
                if (activation != null) CpuElementwise.unaryF(activation, c, off, 1, c, off, 1, len);
            };
            matmul.gemm32.gemm(m, n, k, HeapBuffer.of(x).floats(), x.offset(), x.strides()[0], x.strides()[1],
                    HeapBuffer.of(w).floats(), w.offset(), w.strides()[0], w.strides()[1],
                    HeapBuffer.of(out).floats(), out.offset(), ldc, false, epi, true);
        } else {
            double[] bb = bias == null ? null : HeapBuffer.of(bias).doubles();
            CpuGemm64.Epilogue epi = bias == null && activation == null ? null : (c, off, row, col, len) -> {
                if (bb != null) for (int j = 0; j < len; j++) c[off + j] += bb[bOff + (col + j) * bs];
                if (activation != null) CpuElementwise.unaryD(activation, c, off, 1, c, off, 1, len);
            };
            matmul.gemm64.gemm(m, n, k, HeapBuffer.of(x).doubles(), x.offset(), x.strides()[0], x.strides()[1],
                    HeapBuffer.of(w).doubles(), w.offset(), w.strides()[0], w.strides()[1],
                    HeapBuffer.of(out).doubles(), out.offset(), ldc, false, epi, true);
        }
    }

    private static void addBiasF(float[] c, int off, float[] b, int bo, int bs, int len) {
        int i = 0;
        if (bs == 1) {
            for (int ub = F.loopBound(len); i < ub; i += FL) {
                FloatVector.fromArray(F, c, off + i).add(FloatVector.fromArray(F, b, bo + i)).intoArray(c, off + i);
            }
        }
        for (; i < len; i++) c[off + i] += b[bo + i * bs];
    }

    // ---- optimizer ------------------------------------------------------------------------------------------------

    @Override public void adamStep(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq, AdamStep h) {
        AdamStep.checkOperands("cpu", param, grad, expAvg, expAvgSq, maxExpAvgSq);
        int n = param.size();
        int po = param.offset(), go = grad.offset(), mo = expAvg.offset(), vo = expAvgSq.offset();
        int xo = maxExpAvgSq == null ? 0 : maxExpAvgSq.offset();
        // Unused terms are identities (l2 = 0, decay = 1), so one loop serves Adam and AdamW; it is memory-bound.
        double l2 = h.gradientDecay(), decay = h.paramScale();
        if (param.dtype() == DType.FLOAT32) {
            float[] p = HeapBuffer.of(param).floats(), g = HeapBuffer.of(grad).floats();
            float[] m = HeapBuffer.of(expAvg).floats(), v = HeapBuffer.of(expAvgSq).floats();
            float[] vmax = maxExpAvgSq == null ? null : HeapBuffer.of(maxExpAvgSq).floats();
            pool.parallelFor(n, CpuElementwise.PARALLEL_MIN, 4096, (s, e) -> adamRunF(p, po, g, go, m, mo, v, vo, vmax, xo,
                    (int) s, (int) e, (float) l2, (float) decay, h));
        } else {
            double[] p = HeapBuffer.of(param).doubles(), g = HeapBuffer.of(grad).doubles();
            double[] m = HeapBuffer.of(expAvg).doubles(), v = HeapBuffer.of(expAvgSq).doubles();
            double[] vmax = maxExpAvgSq == null ? null : HeapBuffer.of(maxExpAvgSq).doubles();
            double b1 = h.beta1(), b2 = h.beta2(), inv = 1 / h.sqrtBiasCorrection2(), eps = h.eps(), step = h.stepSize();
            pool.parallelFor(n, CpuElementwise.PARALLEL_MIN, 4096, (s, e) -> {
                for (int i = (int) s; i < e; i++) {
                    double pi = p[po + i] * decay, gi = g[go + i] + l2 * p[po + i];
                    double mi = b1 * m[mo + i] + (1 - b1) * gi;
                    double vi = b2 * v[vo + i] + (1 - b2) * gi * gi;
                    m[mo + i] = mi;
                    v[vo + i] = vi;
                    if (vmax != null) vi = vmax[xo + i] = Math.max(vmax[xo + i], vi);
                    p[po + i] = pi - step * mi / (Math.sqrt(vi) * inv + eps);
                }
            });
        }
    }

    private static void adamRunF(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo,
                                 float[] vmax, int xo, int start, int end, float l2, float decay, AdamStep h) {
        float b1 = (float) h.beta1(), c1 = (float) (1 - h.beta1()), b2 = (float) h.beta2(), c2 = (float) (1 - h.beta2());
        float inv = (float) (1 / h.sqrtBiasCorrection2()), eps = (float) h.eps(), step = (float) h.stepSize();
        FloatVector vb1 = FloatVector.broadcast(F, b1), vc1 = FloatVector.broadcast(F, c1);
        FloatVector vb2 = FloatVector.broadcast(F, b2), vc2 = FloatVector.broadcast(F, c2);
        FloatVector vl2 = FloatVector.broadcast(F, l2), vdecay = FloatVector.broadcast(F, decay);
        FloatVector vinv = FloatVector.broadcast(F, inv), veps = FloatVector.broadcast(F, eps);
        FloatVector vstep = FloatVector.broadcast(F, step);
        int i = start, ub = start + F.loopBound(end - start);
        for (; i < ub; i += FL) {
            FloatVector pv = FloatVector.fromArray(F, p, po + i);
            FloatVector gv = pv.fma(vl2, FloatVector.fromArray(F, g, go + i));
            FloatVector mv = FloatVector.fromArray(F, m, mo + i).fma(vb1, gv.mul(vc1));
            FloatVector vv = FloatVector.fromArray(F, v, vo + i).fma(vb2, gv.mul(gv).mul(vc2));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            if (vmax != null) {
                vv = vv.max(FloatVector.fromArray(F, vmax, xo + i));
                vv.intoArray(vmax, xo + i);
            }
            FloatVector denom = vv.sqrt().fma(vinv, veps);
            pv.mul(vdecay).sub(mv.div(denom).mul(vstep)).intoArray(p, po + i);
        }
        for (; i < end; i++) {
            float pi = p[po + i], gi = g[go + i] + l2 * pi;
            float mi = b1 * m[mo + i] + c1 * gi;
            float vi = b2 * v[vo + i] + c2 * gi * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            if (vmax != null) vi = vmax[xo + i] = Math.max(vmax[xo + i], vi);
            p[po + i] = pi * decay - step * mi / ((float) Math.sqrt(vi) * inv + eps);
        }
    }

    // ---- dropout --------------------------------------------------------------------------------------------------

    /** Integer lanes as many as the float lanes: the mask's hash runs on 32-bit lanes of the same vector shape. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    @Override public void dropout(View out, View x, long seed, double p) {
        DropoutMask.checkOperands("cpu", out, x);
        int n = x.size(), oo = out.offset(), xo = x.offset();
        int k0 = DropoutMask.key0(seed), k1 = DropoutMask.key1(seed), t = DropoutMask.threshold(p);
        if (x.dtype() == DType.FLOAT32) {
            float[] o = HeapBuffer.of(out).floats(), a = HeapBuffer.of(x).floats();
            float scale = (float) (1 / (1 - p));
            pool.parallelFor(n, CpuElementwise.PARALLEL_MIN / 8, 4096, (s, e) -> dropoutRunF(o, oo, a, xo, (int) s,
                    (int) e, k0, k1, t, scale));
        } else {
            double[] o = HeapBuffer.of(out).doubles(), a = HeapBuffer.of(x).doubles();
            double scale = 1 / (1 - p);
            pool.parallelFor(n, CpuElementwise.PARALLEL_MIN / 8, 4096, (s, e) -> {
                for (int i = (int) s; i < e; i++) o[oo + i] = a[xo + i] * (DropoutMask.keep(k0, k1, t, i) ? scale : 0.0);
            });
        }
    }

    /** {@link DropoutMask#bits} on eight (or sixteen) consecutive indices at once; the same integer arithmetic. */
    private static void dropoutRunF(float[] o, int oo, float[] a, int xo, int start, int end, int k0, int k1, int t,
                                    float scale) {
        IntVector lane = IntVector.zero(I).addIndex(1);
        FloatVector vscale = FloatVector.broadcast(F, scale);
        int i = start, ub = start + F.loopBound(end - start);
        for (; i < ub; i += FL) {
            IntVector h = mix(lane.add(i).mul(0x9E3779B9).add(k0)).lanewise(VectorOperators.XOR, k1);
            IntVector u = mix(h).lanewise(VectorOperators.LSHR, 8);
            // 1 where u >= t (kept), 0 where u < t: the sign bit of u - t (both below 2^24 + 1).
            IntVector keep = u.sub(t).lanewise(VectorOperators.LSHR, 31).neg().add(1);
            FloatVector m = ((FloatVector) keep.convert(VectorOperators.I2F, 0)).mul(vscale);
            FloatVector.fromArray(F, a, xo + i).mul(m).intoArray(o, oo + i);
        }
        for (; i < end; i++) o[oo + i] = a[xo + i] * (DropoutMask.keep(k0, k1, t, i) ? scale : 0f);
    }

    private static IntVector mix(IntVector h) {
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
        return h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
    }
}
