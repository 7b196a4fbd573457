package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/** Mean (or summed) squared error; prediction and target of one shape. */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    /** Creates a loss with MEAN reduction. */
    public MSELoss() { this(Reduction.MEAN); }

    /**
     * Creates a loss with the given reduction.
     *
     * @param reduction how the per-element squared errors are combined
     */
    public MSELoss(Reduction reduction) { this.reduction = reduction; }

    /**
     * Computes {@code (prediction - target)^2}, reduced.
     *
     * @param prediction the model's output, any shape
     * @param target     the expected values, same shape as {@code prediction}
     * @return the per-element squared errors (prediction's shape) with NONE, else a new 0-d tensor
     * @throws IllegalArgumentException if the shapes differ
     */
    @Override public Tensor compute(Tensor prediction, Tensor target) {
        Loss.sameShape("MSELoss", prediction, target);
        return Functional.mse(prediction, target, reduction);
    }
}
