package io.github.tensorforge.nn;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.optim.AdamW;
import io.github.tensorforge.nn.optim.GradClip;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.nn.optim.RMSprop;
import io.github.tensorforge.nn.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Optimizer updates against PyTorch's formulas re-computed here in double for three steps with known gradients
 * (the gradient of {@code sum(p * c_t)} is {@code c_t}); state export and import; clipping; schedules.
 */
class OptimizerTest {
    static final double[] P0 = {0.5, -1.0, 2.0};
    static final double[][] GRADS = {{0.1, -0.2, 0.3}, {-0.4, 0.5, 0.05}, {0.2, 0.2, -0.6}};

    static Map<String, Parameter> params() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("w", new Parameter(Tensor.of(P0.clone(), 3)));
        return m;
    }

    /** Runs the optimizer for the known gradients and returns the parameter after each step. */
    static double[][] run(Function<Map<String, Parameter>, Optimizer> make) {
        Map<String, Parameter> ps = params();
        Optimizer opt = make.apply(ps);
        double[][] out = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            try (var scope = TensorScope.open()) {
                opt.zeroGrad();
                ps.get("w").value().mul(Tensor.of(GRADS[s], 3)).sum().backward();
                opt.step();
                out[s] = ps.get("w").value().toDoubleArray();
            }
        }
        opt.close();
        ps.get("w").close();
        return out;
    }

    static void compare(double[][] expected, double[][] actual) {
        for (int s = 0; s < expected.length; s++) assertArrayEquals(expected[s], actual[s], 1e-12, "step " + (s + 1));
    }

    @Test void sgdMomentumNesterovWeightDecay() {
        double lr = 0.1, mu = 0.9, wd = 0.01;
        for (boolean nesterov : new boolean[] {false, true}) {
            double[] p = P0.clone(), buf = new double[3];
            double[][] exp = new double[3][];
            for (int s = 0; s < 3; s++) {
                for (int i = 0; i < 3; i++) {
                    double d = GRADS[s][i] + wd * p[i];
                    buf[i] = s == 0 ? d : mu * buf[i] + d;
                    d = nesterov ? d + mu * buf[i] : buf[i];
                    p[i] -= lr * d;
                }
                exp[s] = p.clone();
            }
            compare(exp, run(ps -> new SGD(ps, lr, mu, 0, wd, nesterov)));
        }
        double[] p = P0.clone();
        for (int s = 0; s < 3; s++) for (int i = 0; i < 3; i++) p[i] -= 0.5 * GRADS[s][i];
        assertArrayEquals(p, run(ps -> new SGD(ps, 0.5, 0, 0, 0, false))[2], 1e-12);
    }

    static double[][] adamReference(double lr, double b1, double b2, double eps, double wd, boolean decoupled, boolean ams) {
        double[] p = P0.clone(), m = new double[3], v = new double[3], vmax = new double[3];
        double[][] exp = new double[3][];
        for (int s = 0; s < 3; s++) {
            int t = s + 1;
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                if (decoupled) p[i] *= 1 - lr * wd;
                else g += wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                vmax[i] = Math.max(vmax[i], v[i]);
                double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
                double denom = Math.sqrt(ams ? vmax[i] : v[i]) / Math.sqrt(bc2) + eps;
                p[i] -= lr / bc1 * m[i] / denom;
            }
            exp[s] = p.clone();
        }
        return exp;
    }

    @Test void adamAndAdamW() {
        compare(adamReference(0.01, 0.9, 0.999, 1e-8, 0, false, false), run(ps -> new Adam(ps, 0.01, 0.9, 0.999, 1e-8, 0, false)));
        compare(adamReference(0.05, 0.8, 0.99, 1e-6, 0.1, false, true), run(ps -> new Adam(ps, 0.05, 0.8, 0.99, 1e-6, 0.1, true)));
        compare(adamReference(0.01, 0.9, 0.999, 1e-8, 0.05, true, false), run(ps -> new AdamW(ps, 0.01, 0.9, 0.999, 1e-8, 0.05, false)));
    }

    @Test void rmsprop() {
        for (boolean centered : new boolean[] {false, true}) {
            double lr = 0.01, alpha = 0.9, eps = 1e-8, mu = 0.5, wd = 0.02;
            double[] p = P0.clone(), sq = new double[3], ga = new double[3], buf = new double[3];
            double[][] exp = new double[3][];
            for (int s = 0; s < 3; s++) {
                for (int i = 0; i < 3; i++) {
                    double g = GRADS[s][i] + wd * p[i];
                    sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
                    double avg;
                    if (centered) {
                        ga[i] = alpha * ga[i] + (1 - alpha) * g;
                        avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
                    } else {
                        avg = Math.sqrt(sq[i]) + eps;
                    }
                    buf[i] = mu * buf[i] + g / avg;
                    p[i] -= lr * buf[i];
                }
                exp[s] = p.clone();
            }
            compare(exp, run(ps -> new RMSprop(ps, lr, alpha, eps, wd, mu, centered)));
        }
    }

    @Test void stateExportImportResumesExactly() {
        Map<String, Parameter> a = params();
        Adam optA = new Adam(a, 0.01, 0.9, 0.999, 1e-8, 0, false);
        Map<String, Tensor> saved = null;
        double[] afterTwo = null;
        for (int s = 0; s < 3; s++) {
            try (var scope = TensorScope.open()) {
                optA.zeroGrad();
                a.get("w").value().mul(Tensor.of(GRADS[s], 3)).sum().backward();
                optA.step();
            }
            if (s == 1) {
                saved = optA.stateDict();
                afterTwo = a.get("w").value().toDoubleArray();
            }
        }
        assertEquals(3L, saved.get("w.step").itemLong() + 1);
        // a fresh optimizer on a parameter restored to the step-2 values, fed the saved state, must do step 3 identically
        Map<String, Parameter> b = new LinkedHashMap<>();
        b.put("w", new Parameter(Tensor.of(afterTwo, 3)));
        Adam optB = new Adam(b, 0.5, 0.9, 0.999, 1e-8, 0, false);
        optB.loadStateDict(saved);
        assertEquals(0.01, optB.lr(), 0);
        try (var scope = TensorScope.open()) {
            b.get("w").value().mul(Tensor.of(GRADS[2], 3)).sum().backward();
            optB.step();
        }
        assertArrayEquals(a.get("w").value().toDoubleArray(), b.get("w").value().toDoubleArray(), 0.0);
        Map<String, Tensor> bad = new LinkedHashMap<>(saved);
        bad.put("w.exp_avg", Tensor.zeros(4));
        assertThrows(IllegalArgumentException.class, () -> optB.loadStateDict(bad));
        Map<String, Tensor> unknown = new LinkedHashMap<>(saved);
        unknown.put("v.exp_avg", Tensor.zeros(3));
        assertThrows(IllegalArgumentException.class, () -> optB.loadStateDict(unknown));
        saved.values().forEach(Tensor::close);
        optA.close();
        optB.close();
    }

    @Test void clipGradNorm() {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        Parameter p1 = new Parameter(Tensor.of(new double[] {1, 1}, 2)), p2 = new Parameter(Tensor.of(new double[] {1}, 1));
        try (var scope = TensorScope.open()) {
            p1.value().mul(Tensor.of(new double[] {3, 0}, 2)).sum().add(p2.value().mul(4.0).sum()).backward();
        }
        double norm = GradClip.clipGradNorm(java.util.List.of(p1, p2), 1.0);
        assertEquals(5.0, norm, 1e-12);
        double c = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new double[] {3 * c, 0}, p1.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {4 * c}, p2.grad().toDoubleArray(), 1e-12);
        assertEquals(1.0, GradClip.clipGradNorm(java.util.List.of(p1, p2), 10.0), 1e-5, "below the limit: unchanged");
        assertArrayEquals(new double[] {3 * c, 0}, p1.grad().toDoubleArray(), 1e-12);
        p1.close();
        p2.close();
    }

    @Test void schedules() {
        Map<String, Parameter> ps = params();
        SGD opt = new SGD(ps, 1.0, 0, 0, 0, false);
        LrScheduler step = LrScheduler.stepDecay(opt, 2, 0.5);
        double[] expected = {1, 1, 0.5, 0.5, 0.25};
        for (int t = 0; t < 5; t++) {
            assertEquals(expected[t], opt.lr(), 1e-15, "step decay at " + t);
            step.step();
        }
        LrScheduler exp = LrScheduler.exponential(new SGD(ps, 2.0, 0, 0, 0, false), 0.9);
        assertEquals(2.0 * Math.pow(0.9, 3), exp.lrAt(3), 1e-15);
        LrScheduler cos = LrScheduler.cosine(new SGD(ps, 1.0, 0, 0, 0, false), 10, 0.1);
        assertEquals(1.0, cos.lrAt(0), 1e-15);
        assertEquals(0.55, cos.lrAt(5), 1e-12);
        assertEquals(0.1, cos.lrAt(10), 1e-15);
        assertEquals(0.1, cos.lrAt(15), 1e-15);
        SGD o2 = new SGD(ps, 1.0, 0, 0, 0, false);
        LrScheduler warm = LrScheduler.warmupLinear(o2, 4, 12);
        assertEquals(0.0, o2.lr(), 0);
        assertEquals(0.5, warm.lrAt(2), 1e-15);
        assertEquals(1.0, warm.lrAt(4), 1e-15);
        assertEquals(0.5, warm.lrAt(8), 1e-15);
        assertEquals(0.0, warm.lrAt(12), 1e-15);
        warm.setStepCount(6);
        assertEquals(0.75, o2.lr(), 1e-15);
        ps.get("w").close();
    }
}
