package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/** Mean (or summed) absolute error. */
public final class L1Loss implements Loss {
    private final Reduction reduction;

    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) { this.reduction = reduction; }

    @Override public Tensor compute(Tensor prediction, Tensor target) {
        Loss.sameShape("L1Loss", prediction, target);
        return Loss.reduce(prediction.sub(target).abs(), reduction);
    }
}
