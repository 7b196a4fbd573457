package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.FusedMode;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.UnaryOp;
import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Fused == composite on each backend: the same inputs through the backend's fused kernels (FusedMode enabled) and
 * through the composite of primitives (FusedMode disabled), forward values and gradients.
 */
class FusedConformanceTest {

    /** Forward values and the gradients of every grad() input, with fused kernels on and off, on backend b. */
    static void fusedEqualsComposite(Backend b, String name, Function<Tensor[], Tensor> fn, In... ins) {
        Soft.run(() -> {
            try (var scope = TensorScope.open()) {
                List<Tensor> fused = run(b, name, true, fn, ins);
                List<Tensor> composite = run(b, name, false, fn, ins);
                for (int i = 0; i < fused.size(); i++) {
                    Tensor f = fused.get(i), c = composite.get(i);
                    if (f == null || c == null) {
                        if (f != c) throw new AssertionError(name + ": gradient " + i + " missing with fused " + (f == null ? "on" : "off"));
                        continue;
                    }
                    Compare.assertClose("fused vs composite " + name + (i == 0 ? "" : " gradient " + i) + " "
                            + Check.describe(ins), c, f, i == 0 ? Tol.REDUCTION : Tol.GRAD);
                }
            }
        });
    }

    private static List<Tensor> run(Backend b, String name, boolean fusedOn, Function<Tensor[], Tensor> fn, In[] ins) {
        try (var mode = fusedOn ? FusedMode.enable() : FusedMode.disable()) {
            Tensor[] leaves = new Tensor[ins.length], xs = new Tensor[ins.length];
            for (int i = 0; i < ins.length; i++) {
                leaves[i] = ins[i].leaf(b, name.hashCode() + i);
                xs[i] = ins[i].apply(leaves[i]);
            }
            Tensor out;
            try {
                out = fn.apply(xs);
            } catch (RuntimeException e) {
                throw new AssertionError(name + " threw on " + b.name() + " with fused kernels " + (fusedOn ? "on" : "off")
                        + ": " + e, e);
            }
            List<Tensor> results = new ArrayList<>();
            results.add(out);
            if (out.isRequiresGrad()) {
                Tensor w = In.uniform(out.dtype(), 0.5, 1.5, out.shape()).leaf(b, 7);
                out.mul(w).sum().backward();
                for (int i = 0; i < ins.length; i++) if (ins[i].grad) results.add(leaves[i].grad());
            }
            return results;
        }
    }

    @BackendTest
    void fusedKernelsEqualComposites(String name) {
        Backend b = Conformance.backend(name);
        Assumptions.assumeTrue(b.fused() != null, name + " has no fused kernels (composites only)");
        for (DType d : Layouts.floats(b)) {
            for (int n : new int[] {1, 7, 17, 1023}) {
                fusedEqualsComposite(b, "softmax n=" + n, x -> x[0].softmax(-1), In.randn(d, 3, n).grad());
                fusedEqualsComposite(b, "logSoftmax n=" + n, x -> x[0].logSoftmax(-1), In.randn(d, 3, n).grad());
                fusedEqualsComposite(b, "layerNorm n=" + n, x -> x[0].layerNorm(x[1], x[2], 1e-5),
                        In.randn(d, 4, n).grad(), In.randn(d, n).grad(), In.randn(d, n).grad());
            }
            fusedEqualsComposite(b, "softmax transposed 3-D", x -> x[0].softmax(-1), In.randn(d, 2, 9, 5).view(t -> t.transpose(1, 2)).grad());
            fusedEqualsComposite(b, "softmax large", x -> x[0].softmax(-1), In.randn(d, 100.0, 4, 33).grad());
            fusedEqualsComposite(b, "softmax -inf", x -> x[0].softmax(-1),
                    In.values(d, new double[] {Double.NEGATIVE_INFINITY, 0, 1, 2, Double.NEGATIVE_INFINITY, 5}, 2, 3));
            fusedEqualsComposite(b, "logSoftmax masked", x -> x[0].maskedFill(x[1], -1e9).logSoftmax(-1),
                    In.randn(d, 3, 6).grad(), In.bools(3, 6));
            fusedEqualsComposite(b, "layerNorm no affine", x -> x[0].layerNorm(null, null, 1e-5), In.randn(d, 3, 2, 17).grad());
            fusedEqualsComposite(b, "layerNorm gamma only", x -> x[0].layerNorm(x[1], null, 1e-3), In.randn(d, 5, 9).grad(), In.randn(d, 9).grad());
            fusedEqualsComposite(b, "layerNorm transposed", x -> x[0].layerNorm(x[1], x[2], 1e-5),
                    In.transposed(In.randn(d, 8, 5)).grad(), In.randn(d, 5).grad(), In.randn(d, 5).grad());
            for (double smoothing : new double[] {0, 0.1}) {
                for (Reduction r : Reduction.values()) {
                    String s = r + " smoothing " + smoothing;
                    fusedEqualsComposite(b, "crossEntropy " + s, x -> Functional.crossEntropy(x[0], x[1], null, r, smoothing, -100),
                            In.randn(d, 2.0, 6, 7).grad(), In.ints(DType.INT64, 0, 7, 6));
                    fusedEqualsComposite(b, "crossEntropy weighted ignore " + s,
                            x -> Functional.crossEntropy(x[0], x[1], x[2], r, smoothing, 3),
                            In.randn(d, 2.0, 9, 5).grad(), In.ints(DType.INT32, 0, 5, 9), In.uniform(d, 0.2, 2, 5).grad());
                }
            }
            for (String act : new String[] {"gelu", "geluTanh", "silu", "relu", "sigmoid", "tanh"}) {
                for (In in : new In[] {In.randn(d, 2.0, 1023).grad(), In.randn(d, 3.0, 7, 17).grad(),
                        In.transposed(In.randn(d, 2.0, 5, 3)).grad(), In.randn(d, 4, 1).view(t -> t.expand(4, 6)).grad()}) {
                    fusedEqualsComposite(b, act + " backward", x -> activation(act, x[0]), in);
                }
                fusedEqualsComposite(b, act + " backward extreme", x -> activation(act, x[0]),
                        In.values(d, new double[] {-80, -20, -9, -1e-6, 0.0, 1e-6, 9, 20, 80}, 9).grad());
            }
            for (UnaryOp act : CompositeConformanceTest.ACTIVATIONS) {
                fusedEqualsComposite(b, "linear " + act, x -> Functional.linear(x[0], x[1], x[2], act),
                        In.randn(d, 9, 33).grad(), In.randn(d, 33, 17).grad(), In.randn(d, 17).grad());
                fusedEqualsComposite(b, "linear 3-D no bias " + act, x -> Functional.linear(x[0], x[1], null, act),
                        In.randn(d, 2, 5, 16).grad(), In.randn(d, 16, 7).grad());
                fusedEqualsComposite(b, "linear transposed weight " + act, x -> Functional.linear(x[0], x[1].t(), x[2], act),
                        In.randn(d, 4, 65).grad(), In.randn(d, 20, 65).grad(), In.randn(d, 20).grad());
            }
        }
    }

    /** Three Adam/AdamW steps through the fused kernel equal three through the composite, for every flag. */
    @BackendTest
    void adamStepEqualsComposite(String name) {
        Backend b = Conformance.backend(name);
        Assumptions.assumeTrue(b.fused() != null, name + " has no fused kernels (composites only)");
        try (var soft = Soft.open()) {
            for (DType d : Layouts.floats(b)) {
                for (int n : new int[] {1, 7, 1023, 40_000}) { // 40,000 crosses the CPU backend's parallel threshold
                    for (boolean amsgrad : new boolean[] {false, true}) {
                        for (double wd : new double[] {0, 0.01}) {
                            for (boolean decoupled : new boolean[] {false, true}) {
                                String what = "adamStep " + d + " n=" + n + " amsgrad " + amsgrad + " wd " + wd
                                        + " decoupled " + decoupled;
                                Soft.run(() -> {
                                    try (var scope = TensorScope.open()) {
                                        List<Tensor> f = adamSteps(b, d, n, amsgrad, wd, decoupled, true);
                                        List<Tensor> c = adamSteps(b, d, n, amsgrad, wd, decoupled, false);
                                        String[] slots = {"param", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
                                        for (int i = 0; i < f.size(); i++) {
                                            Compare.assertClose(what + " " + slots[i], c.get(i), f.get(i), Tol.REDUCTION);
                                        }
                                    }
                                });
                            }
                        }
                    }
                }
            }
        }
    }

    private static List<Tensor> adamSteps(Backend b, DType d, int n, boolean amsgrad, double wd, boolean decoupled,
                                          boolean fusedOn) {
        try (var mode = fusedOn ? FusedMode.enable() : FusedMode.disable()) {
            Tensor p = In.randn(d, n).leaf(b, 1);
            Tensor m = Tensor.on(b).zeros(d, n), v = Tensor.on(b).zeros(d, n);
            Tensor vmax = amsgrad ? Tensor.on(b).zeros(d, n) : null;
            for (int step = 1; step <= 3; step++) {
                Tensor g = In.randn(d, step == 2 ? 0.01 : 1.0, n).leaf(b, 10 + step); // a small step-2 gradient exercises vmax
                Functional.adamStep(p, g, m, v, vmax, new AdamStep(0.1, 0.9, 0.999, 1e-8, wd, decoupled, step));
            }
            List<Tensor> out = new ArrayList<>(List.of(p, m, v));
            if (vmax != null) out.add(vmax);
            return out;
        }
    }

    static Tensor activation(String name, Tensor x) {
        return switch (name) {
            case "gelu" -> x.gelu();
            case "geluTanh" -> x.geluTanh();
            case "silu" -> x.silu();
            case "relu" -> x.relu();
            case "sigmoid" -> x.sigmoid();
            case "tanh" -> x.tanh();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
