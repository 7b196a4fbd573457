package io.github.tensorforge.spi;

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

    private static final String[] ROLES = {"param", "grad", "expAvg", "expAvgSq", "maxExpAvgSq"};

    /**
     * The operand rules every {@link FusedKernels#adamStep} kernel relies on ({@link FusedOperands}): all views
     * (maxExpAvgSq may be null) have the parameter's floating dtype and size and are contiguous.
     */
    public static void checkOperands(String backend, View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq) {
        FusedOperands.requireMatching(backend, "adamStep", ROLES, param, grad, expAvg, expAvgSq, maxExpAvgSq);
    }
}
