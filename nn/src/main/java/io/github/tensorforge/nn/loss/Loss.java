package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/** A loss function: {@code (prediction, target) -> loss} (a scalar unless the reduction is NONE). */
@FunctionalInterface
public interface Loss {
    Tensor compute(Tensor prediction, Tensor target);

    /** Applies a reduction to per-element losses. */
    static Tensor reduce(Tensor perElement, Reduction reduction) {
        return switch (reduction) {
            case NONE -> perElement;
            case SUM -> perElement.sum();
            case MEAN -> perElement.mean();
        };
    }

    static void sameShape(String op, Tensor prediction, Tensor target) {
        if (!java.util.Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": prediction " + java.util.Arrays.toString(prediction.shape())
                    + " and target " + java.util.Arrays.toString(target.shape()) + " must have the same shape");
        }
    }
}
