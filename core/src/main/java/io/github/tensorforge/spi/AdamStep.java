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
}
