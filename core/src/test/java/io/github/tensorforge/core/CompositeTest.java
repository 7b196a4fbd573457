package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import static io.github.tensorforge.core.Assert.close;
import static org.junit.jupiter.api.Assertions.*;

class CompositeTest {
    @Test void softmaxAndLogSoftmax() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 1000, 1000, 1000}, 2, 3);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        close(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 1 / 3.0, 1 / 3.0, 1 / 3.0}, x.softmax(1), 1e-12);
        close(new double[] {1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z), -Math.log(3), -Math.log(3), -Math.log(3)},
                x.logSoftmax(-1), 1e-12);
        double lo = 1 / (1 + Math.E), hi = Math.E / (1 + Math.E);
        close(new double[] {lo, lo, hi, hi}, Tensor.of(new double[] {1, 1, 2, 2}, 2, 2).softmax(0), 1e-12);
        Tensor masked = Tensor.of(new double[] {0, Double.NEGATIVE_INFINITY});
        close(new double[] {1, 0}, masked.softmax(0), 0);
    }

    @Test void layerNorm() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 4, 4}, 2, 3);
        double sd = Math.sqrt(2.0 / 3 + 1e-5);
        close(new double[] {-1 / sd, 0, 1 / sd, 0, 0, 0}, Functional.layerNorm(x, null, null, 1e-5), 1e-12);
        Tensor gamma = Tensor.of(new double[] {2, 2, 2}), beta = Tensor.of(new double[] {1, 1, 1});
        close(new double[] {1 - 2 / sd, 1, 1 + 2 / sd, 1, 1, 1}, x.layerNorm(gamma, beta, 1e-5), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.layerNorm(Tensor.ones(DType.FLOAT64, 2), null, 1e-5));
        assertTrue(e.getMessage().startsWith("layerNorm:"), e.getMessage());
    }

    @Test void crossEntropyMatchesDefinition() {
        Tensor logits = Tensor.of(new double[] {2, 1, 0, 0, 0, 3}, 2, 3);
        Tensor labels = Tensor.of(new long[] {0, 2});
        double l0 = -(2 - Math.log(Math.exp(2) + Math.exp(1) + 1));
        double l1 = -(3 - Math.log(2 + Math.exp(3)));
        assertEquals((l0 + l1) / 2, logits.crossEntropy(labels).item(), 1e-12);
        assertEquals(l0 + l1, Functional.crossEntropy(logits, labels, null, Reduction.SUM, 0, -100).item(), 1e-12);
        close(new double[] {l0, l1}, Functional.crossEntropy(logits, labels, null, Reduction.NONE, 0, -100), 1e-12);
        // ignore index: the second sample does not count, the mean is over one sample
        assertEquals(l0, Functional.crossEntropy(logits, Tensor.of(new long[] {0, -100}), null, Reduction.MEAN, 0, -100).item(), 1e-12);
        // class weights: mean divides by the total weight of the targets
        Tensor w = Tensor.of(new double[] {2, 1, 0.5});
        assertEquals((2 * l0 + 0.5 * l1) / 2.5, Functional.crossEntropy(logits, labels, w, Reduction.MEAN, 0, -100).item(), 1e-12);
        // label smoothing: (1 - e) * nll + e * mean over classes of -logp
        double e = 0.1;
        double[] lp0 = logits.logSoftmax(1).select(0, 0).toDoubleArray();
        double smooth0 = -(lp0[0] + lp0[1] + lp0[2]) / 3;
        assertEquals((1 - e) * l0 + e * smooth0,
                Functional.crossEntropy(logits.slice(0, 0, 1), Tensor.of(new long[] {0}), null, Reduction.MEAN, e, -100).item(), 1e-12);
        assertEquals(DType.FLOAT32, Tensor.of(new float[] {1, 2}, 1, 2).crossEntropy(Tensor.of(new int[] {1})).dtype());
    }

    @Test void crossEntropyRejectsBadInput() {
        Tensor logits = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> logits.crossEntropy(Tensor.of(new float[] {0, 1})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> logits.crossEntropy(Tensor.of(new long[] {0, 1, 2})));
        assertEquals("crossEntropy: labels [3] must be (N) = (2) for logits [2, 3]", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> logits.crossEntropy(Tensor.of(new long[] {0, 3})));
        assertThrows(IllegalArgumentException.class,
                () -> Functional.crossEntropy(logits, Tensor.of(new long[] {0, 1}), null, Reduction.MEAN, 1.0, -100));
    }

    /** Two Adam steps by hand (PyTorch's formula) against the composite update; AdamW and amsgrad variants too. */
    @Test void adamStepFollowsPyTorchsFormula() {
        double[] p0 = {0.5, -1.0, 2.0}, g1 = {0.1, -0.2, 0.3}, g2 = {-0.4, 0.5, 0.01};
        for (boolean decoupled : new boolean[] {false, true}) {
            for (boolean amsgrad : new boolean[] {false, true}) {
                double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.05;
                Tensor p = Tensor.of(p0.clone()), m = Tensor.zeros(DType.FLOAT64, 3), v = Tensor.zeros(DType.FLOAT64, 3);
                Tensor vmax = amsgrad ? Tensor.zeros(DType.FLOAT64, 3) : null;
                double[] ep = p0.clone(), em = new double[3], ev = new double[3], ex = new double[3];
                double[][] grads = {g1, g2};
                for (int t = 1; t <= 2; t++) {
                    Functional.adamStep(p, Tensor.of(grads[t - 1].clone()), m, v, vmax,
                            new io.github.tensorforge.spi.AdamStep(lr, b1, b2, eps, wd, decoupled, t));
                    for (int i = 0; i < 3; i++) {
                        double g = grads[t - 1][i];
                        if (decoupled) ep[i] *= 1 - lr * wd;
                        else g += wd * ep[i];
                        em[i] = b1 * em[i] + (1 - b1) * g;
                        ev[i] = b2 * ev[i] + (1 - b2) * g * g;
                        ex[i] = Math.max(ex[i], ev[i]);
                        double used = amsgrad ? ex[i] : ev[i];
                        double denom = Math.sqrt(used) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                        ep[i] -= lr / (1 - Math.pow(b1, t)) * em[i] / denom;
                    }
                }
                String what = "decoupled " + decoupled + " amsgrad " + amsgrad;
                assertArrayEquals(ep, p.toDoubleArray(), 1e-12, what);
                assertArrayEquals(em, m.toDoubleArray(), 1e-12, what);
                assertArrayEquals(ev, v.toDoubleArray(), 1e-12, what);
                if (amsgrad) assertArrayEquals(ex, vmax.toDoubleArray(), 1e-12, what);
            }
        }
        Tensor p = Tensor.zeros(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Functional.adamStep(p,
                Tensor.zeros(4), Tensor.zeros(3), Tensor.zeros(3), null, new io.github.tensorforge.spi.AdamStep(0.1, 0.9, 0.999, 1e-8, 0, false, 1)));
        assertTrue(e.getMessage().contains("adamStep") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new io.github.tensorforge.spi.AdamStep(0.1, 0.9, 0.999, 1e-8, 0, false, 0));
    }

    @Test void mseAndDropout() {
        Tensor p = Tensor.of(new double[] {1, 2, 3}), t = Tensor.of(new double[] {1, 0, 0});
        assertEquals(13.0 / 3, p.mse(t).item(), 1e-12);
        assertEquals(13.0, Functional.mse(p, t, Reduction.SUM).item(), 1e-12);
        Tensor x = Tensor.ones(10_000);
        Tensor d1 = x.dropout(0.25, new Rng(7), true), d2 = x.dropout(0.25, new Rng(7), true);
        assertArrayEquals(d1.toFloatArray(), d2.toFloatArray(), "same seed, same mask");
        assertEquals(1.0, d1.mean().item(), 0.05, "inverted dropout keeps the expectation");
        double zeros = d1.eq(0).to(DType.FLOAT32).mean().item();
        assertEquals(0.25, zeros, 0.02);
        assertSame(x, x.dropout(0.25, new Rng(7), false));
        Tensor xd = Tensor.ones(DType.FLOAT64, 10, 10).requiresGrad(true);
        Tensor dd = xd.dropout(0.5, new Rng(3), true);
        assertEquals(DType.FLOAT64, dd.dtype());
        dd.sum().backward();
        assertArrayEquals(dd.toDoubleArray(), xd.grad().toDoubleArray(), "the gradient is the mask (0 or 1/(1-p))");
        assertThrows(IllegalArgumentException.class, () -> x.dropout(1.0, new Rng(1), true));
    }

    @Test void linearMatchesMatmulPlusBias() {
        Tensor x = Tensor.randn(new Rng(1), 4, 3), w = Tensor.randn(new Rng(2), 3, 2), b = Tensor.randn(new Rng(3), 2);
        close(x.matmul(w).add(b).relu().toDoubleArray(),
                Functional.linear(x, w, b, io.github.tensorforge.spi.UnaryOp.RELU), 1e-6);
        close(x.matmul(w).toDoubleArray(), Functional.linear(x, w, null, null), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> Functional.linear(x, w, b, io.github.tensorforge.spi.UnaryOp.EXP));
    }
}
