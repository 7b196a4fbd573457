package io.github.tensorforge.spi;

/**
 * The scalars of one Adam or AdamW update ({@link FusedKernels#adamStep}), with PyTorch's definitions: {@code step}
 * counts this parameter's updates from 1; {@code decoupled} selects AdamW's weight decay ({@code p *= 1 - lr wd})
 * instead of Adam's L2 term ({@code g += wd p}). The optimizer builds one per update; kernels compute with its
 * derived factors ({@link #stepSize()}, {@link #sqrtBiasCorrection2()}, ...) so that they match the composite.
 *
 * @param lr          the learning rate
 * @param beta1       the decay rate of the first moment (running mean of the gradient)
 * @param beta2       the decay rate of the second moment (running mean of the squared gradient)
 * @param eps         the term added to the denominator for numerical stability
 * @param weightDecay the weight-decay coefficient {@code wd}; 0 for none
 * @param decoupled   true for AdamW's decoupled weight decay, false for Adam's L2 term
 * @param step        the number of this update of the parameter, counting from 1 (sets the bias corrections)
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                       long step) {
    /**
     * Creates the scalars of one update, checking only that {@code step} counts from 1.
     *
     * @param lr          the learning rate
     * @param beta1       the decay rate of the first moment
     * @param beta2       the decay rate of the second moment
     * @param eps         the term added to the denominator for numerical stability
     * @param weightDecay the weight-decay coefficient; 0 for none
     * @param decoupled   true for AdamW's decoupled weight decay, false for Adam's L2 term
     * @param step        the number of this update, from 1
     * @throws IllegalArgumentException if {@code step < 1}
     */
    public AdamStep {
        if (step < 1) throw new IllegalArgumentException("adamStep: step counts from 1, got " + step);
    }

    /**
     * The bias correction of the first moment.
     *
     * @return {@code 1 - beta1^step}
     */
    public double biasCorrection1() { return 1 - Math.pow(beta1, step); }

    /**
     * The bias correction of the second moment.
     *
     * @return {@code 1 - beta2^step}
     */
    public double biasCorrection2() { return 1 - Math.pow(beta2, step); }

    /**
     * The factor on {@code m / denom} in the parameter update.
     *
     * @return {@code lr / (1 - beta1^step)}
     */
    public double stepSize() { return lr / biasCorrection1(); }

    /**
     * The square root of the second moment's bias correction: the denominator is {@code sqrt(v) / this + eps}.
     *
     * @return {@code sqrt(1 - beta2^step)}
     */
    public double sqrtBiasCorrection2() { return Math.sqrt(biasCorrection2()); }

    /**
     * The weight-decay coefficient added to the gradient as {@code g + this * p}.
     *
     * @return {@code wd} for Adam, 0 for AdamW
     */
    public double gradientDecay() { return decoupled ? 0 : weightDecay; }

    /**
     * The factor applied to the parameter before the update.
     *
     * @return {@code 1 - lr wd} for AdamW, 1 for Adam
     */
    public double paramScale() { return decoupled ? 1 - lr * weightDecay : 1; }

    private static final String[] ROLES = {"param", "grad", "expAvg", "expAvgSq", "maxExpAvgSq"};

    /**
     * The operand rules every {@link FusedKernels#adamStep} kernel relies on ({@link FusedOperands}): all views
     * (maxExpAvgSq may be null) have the parameter's floating dtype and size and are contiguous. A backend may call it
     * at the top of its kernel; it reads the views' metadata only.
     *
     * @param backend     the backend's name, used in the error message
     * @param param       the parameter, FLOAT32 or FLOAT64; not null
     * @param grad        its gradient
     * @param expAvg      the first-moment buffer
     * @param expAvgSq    the second-moment buffer
     * @param maxExpAvgSq the amsgrad maximum of the second moment, or null without amsgrad
     * @throws IllegalArgumentException if {@code param} is not floating, or a non-null view differs from it in dtype or
     *                                  size, or is not contiguous
     */
    public static void checkOperands(String backend, View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq) {
        FusedOperands.requireMatching(backend, "adamStep", ROLES, param, grad, expAvg, expAvgSq, maxExpAvgSq);
    }
}
