package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/** Mean (or summed) squared error; prediction and target of one shape. */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) { this.reduction = reduction; }

    @Override public Tensor compute(Tensor prediction, Tensor target) {
        Loss.sameShape("MSELoss", prediction, target);
        return Functional.mse(prediction, target, reduction);
    }
}
