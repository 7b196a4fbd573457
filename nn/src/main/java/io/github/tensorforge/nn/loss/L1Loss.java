package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/** Mean (or summed) absolute error. */
public final class L1Loss implements Loss {
    private final Reduction reduction;

    /** Creates a loss with MEAN reduction. */
    public L1Loss() { this(Reduction.MEAN); }

    /**
     * Creates a loss with the given reduction.
     *
     * @param reduction how the per-element absolute errors are combined
     */
    public L1Loss(Reduction reduction) { this.reduction = reduction; }

    /**
     * Computes {@code |prediction - target|}, reduced.
     *
     * @param prediction the model's output, any shape
     * @param target     the expected values, same shape as {@code prediction}
     * @return the per-element absolute errors (prediction's shape) with NONE, else a new 0-d tensor
     * @throws IllegalArgumentException if the shapes differ
     */
    @Override public Tensor compute(Tensor prediction, Tensor target) {
        Loss.sameShape("L1Loss", prediction, target);
        return Loss.reduce(prediction.sub(target).abs(), reduction);
    }
}
