package io.github.tensorforge.spi;

import java.util.Arrays;

/**
 * The scalars of one Adam or AdamW update ({@link FusedKernels#adamStep}), with PyTorch's definitions: {@code step}
 * counts this parameter's updates from 1; {@code decoupled} selects AdamW's weight decay ({@code p *= 1 - lr wd})
 * instead of Adam's L2 term ({@code g += wd p}).
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                       long step) {
    public AdamStep {
        if (step < 1) throw new IllegalArgumentException("adamStep: step counts from 1, got " + step);
    }

    /** {@code 1 - beta1^step}. */
    public double biasCorrection1() { return 1 - Math.pow(beta1, step); }

    /** {@code 1 - beta2^step}. */
    public double biasCorrection2() { return 1 - Math.pow(beta2, step); }

    /** The factor on {@code m / denom}: {@code lr / (1 - beta1^step)}. */
    public double stepSize() { return lr / biasCorrection1(); }

    /** {@code sqrt(1 - beta2^step)}: the denominator is {@code sqrt(v) / this + eps}. */
    public double sqrtBiasCorrection2() { return Math.sqrt(biasCorrection2()); }

    /** The weight-decay term added to the gradient: {@code wd} for Adam, 0 for AdamW. */
    public double gradientDecay() { return decoupled ? 0 : weightDecay; }

    /** The factor applied to the parameter before the update: {@code 1 - lr wd} for AdamW, 1 for Adam. */
    public double paramScale() { return decoupled ? 1 - lr * weightDecay : 1; }

    /**
     * The operand rules every {@link FusedKernels#adamStep} kernel relies on: all views (maxExpAvgSq may be null) have
     * the parameter's floating dtype and size and are contiguous. Throws naming the backend, the role and the shapes.
     */
    public static void checkOperands(String backend, View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq) {
        if (!param.dtype().isFloating()) {
            throw new IllegalArgumentException(backend + ": adamStep: param must be float32 or float64, got " + param);
        }
        View[] views = {param, grad, expAvg, expAvgSq, maxExpAvgSq};
        String[] roles = {"param", "grad", "expAvg", "expAvgSq", "maxExpAvgSq"};
        for (int i = 0; i < views.length; i++) {
            View v = views[i];
            if (v == null) continue; // only maxExpAvgSq may be null (no amsgrad)
            if (v.dtype() != param.dtype() || v.size() != param.size()) {
                throw new IllegalArgumentException(backend + ": adamStep: " + roles[i] + " is " + v.dtype() + " "
                        + Arrays.toString(v.shape()) + " but param is " + param.dtype() + " "
                        + Arrays.toString(param.shape()) + "; the optimizer state and gradient must match their "
                        + "parameter in dtype and size");
            }
            if (!v.isContiguous()) {
                throw new IllegalArgumentException(backend + ": adamStep: " + roles[i] + " must be contiguous for the "
                        + "fused kernel, got " + v + "; make it contiguous first (core's Functional.adamStep falls back "
                        + "to the composite for strided tensors)");
            }
        }
    }
}
