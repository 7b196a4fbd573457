package io.github.tensorforge.nn;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradCheck;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.loss.BCEWithLogitsLoss;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.loss.HuberLoss;
import io.github.tensorforge.nn.loss.L1Loss;
import io.github.tensorforge.nn.loss.Loss;
import io.github.tensorforge.nn.loss.MSELoss;
import io.github.tensorforge.nn.loss.NLLLoss;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss values against hand computations, and finite-difference gradient checks (float64). */
class LossTest {
    private TensorScope scope;

    @BeforeEach void open() { scope = TensorScope.open(); }

    @AfterEach void close() { scope.close(); }

    private static Tensor d(double[] v, int... shape) { return Tensor.of(v, shape).requiresGrad(); }

    private static void grad(String name, Loss loss, Tensor pred, Tensor target) {
        GradCheck.check(name, in -> loss.compute(pred, target), pred);
    }

    @Test void regressionLosses() {
        Tensor p = d(new double[] {0.5, -1.0, 2.0, 3.0}, 2, 2);
        Tensor t = Tensor.of(new double[] {0.0, 0.0, 1.0, 0.5}, 2, 2);
        assertEquals((0.25 + 1 + 1 + 6.25) / 4, new MSELoss().compute(p, t).item(), 1e-12);
        assertEquals((0.5 + 1 + 1 + 2.5) / 4, new L1Loss().compute(p, t).item(), 1e-12);
        assertEquals(0.5 + 1 + 1 + 2.5, new L1Loss(Reduction.SUM).compute(p, t).item(), 1e-12);
        // Huber delta 1: 0.5*0.25, 1*(1-0.5), 0.5, 2.5-0.5
        assertEquals((0.125 + 0.5 + 0.5 + 2.0) / 4, new HuberLoss().compute(p, t).item(), 1e-12);
        Tensor q = d(new double[] {0.3, -1.7, 2.2, 0.1, 0.9, -0.4}, 2, 3);
        Tensor u = Tensor.randn(new Rng(1), 2, 3).to(DType.FLOAT64);
        grad("mse", new MSELoss(), q, u);
        grad("l1", new L1Loss(), q, u);
        grad("huber", new HuberLoss(0.5, Reduction.MEAN), q, u);
        assertThrows(IllegalArgumentException.class, () -> new MSELoss().compute(q, Tensor.zeros(3, 2)));
    }

    @Test void crossEntropyOptions() {
        double[] logits = {1.0, 2.0, 0.5, -1.0, 0.0, 3.0};
        Tensor x = d(logits, 2, 3);
        Tensor y = Tensor.of(new long[] {1, 2}, 2);
        double l0 = -Math.log(Math.exp(2.0) / (Math.exp(1) + Math.exp(2) + Math.exp(0.5)));
        double l1 = -Math.log(Math.exp(3.0) / (Math.exp(-1) + Math.exp(0) + Math.exp(3)));
        assertEquals((l0 + l1) / 2, new CrossEntropyLoss().compute(x, y).item(), 1e-9);
        // class weights: weighted mean divides by the summed weights of the true classes
        Tensor w = Tensor.of(new double[] {1.0, 2.0, 0.5}, 3);
        assertEquals((2 * l0 + 0.5 * l1) / 2.5,
                new CrossEntropyLoss(w, Reduction.MEAN, 0, -100).compute(x, y).item(), 1e-9);
        // ignore index: sample 1 ignored
        Tensor yi = Tensor.of(new long[] {1, -100}, 2);
        assertEquals(l0, new CrossEntropyLoss().compute(x, yi).item(), 1e-9);
        // label smoothing 0.1: (1-eps) nll + eps * mean(-logp)
        double lse0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5));
        double smooth0 = ((lse0 - 1) + (lse0 - 2) + (lse0 - 0.5)) / 3;
        double lse1 = Math.log(Math.exp(-1) + Math.exp(0) + Math.exp(3));
        double smooth1 = ((lse1 + 1) + (lse1 - 0) + (lse1 - 3)) / 3;
        assertEquals((0.9 * l0 + 0.1 * smooth0 + 0.9 * l1 + 0.1 * smooth1) / 2,
                new CrossEntropyLoss(null, Reduction.MEAN, 0.1, -100).compute(x, y).item(), 1e-9);
        grad("ce", new CrossEntropyLoss(), x, y);
        grad("ce-weighted-smoothed-ignore", new CrossEntropyLoss(w, Reduction.MEAN, 0.2, 0), x, Tensor.of(new long[] {0, 2}, 2));
    }

    @Test void nll() {
        Tensor x = d(new double[] {-0.5, -1.2, -2.0, -0.1, -3.0, -0.7}, 2, 3);
        Tensor y = Tensor.of(new long[] {2, 0}, 2);
        assertEquals((2.0 + 0.1) / 2, new NLLLoss().compute(x, y).item(), 1e-12);
        Tensor w = Tensor.of(new double[] {3.0, 1.0, 1.0}, 3);
        assertEquals((2.0 + 0.3) / 4, new NLLLoss(w, Reduction.MEAN, -100).compute(x, y).item(), 1e-12);
        assertEquals(2.0, new NLLLoss(null, Reduction.SUM, 0).compute(x, y).item(), 1e-12);
        grad("nll", new NLLLoss(w, Reduction.MEAN, -100), x, y);
        // log-softmax + NLL == cross-entropy
        Tensor logits = d(new double[] {0.2, 1.5, -0.3, 0.7, 0.1, 0.0}, 2, 3);
        assertEquals(new CrossEntropyLoss().compute(logits, y).item(),
                new NLLLoss().compute(logits.logSoftmax(1), y).item(), 1e-12);
    }

    @Test void bceWithLogitsIsStable() {
        Tensor x = d(new double[] {0.5, -2.0, 1000.0, -1000.0}, 4);
        Tensor t = Tensor.of(new double[] {1, 0, 0, 1}, 4);
        double expected = (Math.log1p(Math.exp(-0.5)) + Math.log1p(Math.exp(-2.0)) + 1000 + 1000) / 4;
        double v = new BCEWithLogitsLoss().compute(x, t).item();
        assertTrue(Double.isFinite(v));
        assertEquals(expected, v, 1e-9);
        // pos_weight 3: positives weighted 3x
        double pw = (3 * Math.log1p(Math.exp(-0.5)) + Math.log1p(Math.exp(-2.0)) + 1000 + 3 * 1000) / 4;
        assertEquals(pw, new BCEWithLogitsLoss(Reduction.MEAN, 3.0).compute(x, t).item(), 1e-9);
        Tensor x2 = d(new double[] {0.3, -1.1, 2.5, -0.2, 0.8, -3.0}, 2, 3);
        Tensor t2 = Tensor.of(new double[] {1, 0, 1, 0.3, 0, 1}, 2, 3);
        grad("bce", new BCEWithLogitsLoss(), x2, t2);
        grad("bce-posweight", new BCEWithLogitsLoss(Reduction.SUM, 2.5), x2, t2);
    }
}
