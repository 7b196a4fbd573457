package io.github.tensorforge.core;

import java.util.function.Function;

/**
 * Finite-difference gradient check in float64. Perturbs each input element by +-h, compares the central difference of
 * {@code sum(f(inputs) * w)} (w: a fixed random weighting, so every output element matters) with the gradient autograd
 * computes, and throws an {@link AssertionError} naming the input, the element and both values on a mismatch.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * Checks {@code f}'s gradients with the default tolerances: step {@code h = 1e-6}, {@code atol = 1e-5},
     * {@code rtol = 1e-4}.
     *
     * @param name   the op's name, used in the error message
     * @param f      the function under test, of any output shape; called once with gradients recorded, then twice per
     *               checked element without
     * @param inputs FLOAT64 leaf tensors; the ones with requiresGrad are checked
     * @throws IllegalArgumentException if an input with requiresGrad is not FLOAT64
     * @throws AssertionError           if an autograd gradient differs from the finite difference
     */
    public static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(name, f, 1e-6, 1e-5, 1e-4, inputs);
    }

    /**
     * Checks {@code f}'s gradients: for every element of every input with requiresGrad, the autograd gradient must lie
     * within {@code atol + rtol * abs(numeric)} of the central difference {@code numeric}. Each element is perturbed
     * in place and restored afterwards; the inputs' gradients are cleared before and after the check.
     *
     * @param name   the op's name, used in the error message
     * @param f      the function under test, of any output shape; called once with gradients recorded, then twice per
     *               checked element without
     * @param h      finite-difference step
     * @param atol   absolute tolerance
     * @param rtol   relative tolerance, a fraction of the finite difference's magnitude
     * @param inputs FLOAT64 leaf tensors; the ones with requiresGrad are checked
     * @throws IllegalArgumentException if an input with requiresGrad is not FLOAT64
     * @throws AssertionError           if an autograd gradient differs from the finite difference (NaN included)
     */
    public static void check(String name, Function<Tensor[], Tensor> f, double h, double atol, double rtol,
                             Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t.requiresGrad && t.dtype != DType.FLOAT64) {
                throw new IllegalArgumentException("gradCheck " + name + ": inputs must be float64, got " + t.dtype);
            }
        }
        Tensor out0 = f.apply(inputs);
        Rng rng = new Rng(1234);
        Tensor weights = out0.factory().rand(rng, DType.FLOAT64, out0.shape).add(0.5);
        for (Tensor t : inputs) t.zeroGrad();
        Tensor objective = out0.to(DType.FLOAT64).mul(weights).sum();
        objective.backward();

        for (int which = 0; which < inputs.length; which++) {
            Tensor t = inputs[which];
            if (!t.requiresGrad) continue;
            double[] analytic = t.grad() == null ? new double[t.numel()] : t.grad().toDoubleArray();
            double[] values = t.toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                double orig = values[i];
                double plus = evaluate(f, inputs, which, values, i, orig + h, weights);
                double minus = evaluate(f, inputs, which, values, i, orig - h, weights);
                values[i] = orig;
                setValues(t, values);
                double numeric = (plus - minus) / (2 * h);
                double diff = Math.abs(numeric - analytic[i]);
                if (!(diff <= atol + rtol * Math.abs(numeric))) {
                    throw new AssertionError(String.format(
                            "gradCheck %s: input %d %s element %d: autograd %.10g vs finite difference %.10g (diff %.3g)",
                            name, which, Shapes.str(t.shape), i, analytic[i], numeric, diff));
                }
            }
        }
        for (Tensor t : inputs) t.zeroGrad();
    }

    private static double evaluate(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, double[] values, int i,
                                   double v, Tensor weights) {
        values[i] = v;
        setValues(inputs[which], values);
        try (var g = GradMode.disable()) {
            return f.apply(inputs).to(DType.FLOAT64).mul(weights).sum().item();
        }
    }

    private static void setValues(Tensor t, double[] values) {
        try (var g = GradMode.disable(); Tensor src = t.factory().of(values, t.shape)) {
            t.assign(src);
        }
    }
}
