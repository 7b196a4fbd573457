package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/**
 * Huber loss (PyTorch's {@code HuberLoss}): {@code 0.5 d^2} where {@code |d| < delta}, else
 * {@code delta (|d| - 0.5 delta)}, with {@code d = prediction - target}.
 */
public final class HuberLoss implements Loss {
    private final double delta;
    private final Reduction reduction;

    /** Creates a loss with {@code delta = 1} and MEAN reduction. */
    public HuberLoss() { this(1.0, Reduction.MEAN); }

    /**
     * Creates a loss with the given threshold and reduction.
     *
     * @param delta     the absolute error where the loss turns from quadratic to linear; must be positive
     * @param reduction how the per-element losses are combined
     * @throws IllegalArgumentException if {@code delta} is not positive (or NaN)
     */
    public HuberLoss(double delta, Reduction reduction) {
        if (!(delta > 0)) throw new IllegalArgumentException("HuberLoss: delta must be > 0, got " + delta);
        this.delta = delta;
        this.reduction = reduction;
    }

    /**
     * Computes the Huber loss of a prediction against its target.
     *
     * @param prediction the model's output, any shape
     * @param target     the expected values, same shape as {@code prediction}
     * @return the per-element losses (prediction's shape) with NONE, else a new 0-d tensor
     * @throws IllegalArgumentException if the shapes differ
     */
    @Override public Tensor compute(Tensor prediction, Tensor target) {
        Loss.sameShape("HuberLoss", prediction, target);
        Tensor d = prediction.sub(target);
        Tensor a = d.abs();
        Tensor quadratic = d.mul(d).mul(0.5);
        Tensor linear = a.sub(0.5 * delta).mul(delta);
        return Loss.reduce(Tensor.where(a.lt(delta), quadratic, linear), reduction);
    }
}
