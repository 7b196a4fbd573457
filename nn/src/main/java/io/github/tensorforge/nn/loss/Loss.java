package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/** A loss function: {@code (prediction, target) -> loss} (a scalar unless the reduction is NONE). */
@FunctionalInterface
public interface Loss {
    /**
     * Computes the loss of a prediction against its target; neither input is modified.
     *
     * @param prediction the model's output; the shape each implementation accepts is documented there
     * @param target     the expected values or labels for {@code prediction}
     * @return a new tensor: 0-d with MEAN or SUM, the unreduced losses with NONE
     * @throws IllegalArgumentException if the shapes or dtypes do not fit the loss
     */
    Tensor compute(Tensor prediction, Tensor target);

    /**
     * Applies a reduction to per-element losses.
     *
     * @param perElement the unreduced losses, any shape
     * @param reduction  NONE returns {@code perElement} itself, SUM its sum, MEAN its mean over all elements
     * @return {@code perElement} with NONE, else a new 0-d tensor
     */
    static Tensor reduce(Tensor perElement, Reduction reduction) {
        return switch (reduction) {
            case NONE -> perElement;
            case SUM -> perElement.sum();
            case MEAN -> perElement.mean();
        };
    }

    /**
     * Checks that prediction and target have exactly the same shape (no broadcasting).
     *
     * @param op         the loss's name, used in the error message
     * @param prediction the model's output
     * @param target     the expected values
     * @throws IllegalArgumentException if the two shapes differ
     */
    static void sameShape(String op, Tensor prediction, Tensor target) {
        if (!java.util.Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": prediction " + java.util.Arrays.toString(prediction.shape())
                    + " and target " + java.util.Arrays.toString(target.shape()) + " must have the same shape");
        }
    }
}
