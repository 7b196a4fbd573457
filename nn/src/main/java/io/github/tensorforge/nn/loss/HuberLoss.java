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

    public HuberLoss() { this(1.0, Reduction.MEAN); }

    public HuberLoss(double delta, Reduction reduction) {
        if (!(delta > 0)) throw new IllegalArgumentException("HuberLoss: delta must be > 0, got " + delta);
        this.delta = delta;
        this.reduction = reduction;
    }

    @Override public Tensor compute(Tensor prediction, Tensor target) {
        Loss.sameShape("HuberLoss", prediction, target);
        Tensor d = prediction.sub(target);
        Tensor a = d.abs();
        Tensor quadratic = d.mul(d).mul(0.5);
        Tensor linear = a.sub(0.5 * delta).mul(delta);
        return Loss.reduce(Tensor.where(a.lt(delta), quadratic, linear), reduction);
    }
}
