package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/**
 * Binary cross-entropy on logits, in the numerically stable form
 * {@code max(x, 0) - x y + log(1 + exp(-|x|))} (no overflow for large |x|), with an optional positive-class weight
 * {@code p}: {@code (1 - y) x + (1 + (p - 1) y) (log(1 + exp(-|x|)) + max(-x, 0))} as in PyTorch.
 */
public final class BCEWithLogitsLoss implements Loss {
    private final Reduction reduction;
    private final double posWeight;

    /** Creates a loss with MEAN reduction and no positive-class weight ({@code p = 1}). */
    public BCEWithLogitsLoss() { this(Reduction.MEAN, 1.0); }

    /**
     * Creates a loss with the given reduction and positive-class weight.
     *
     * @param reduction how the per-element losses are combined
     * @param posWeight the weight {@code p} of the positive-class term, 1 for none; must be positive
     * @throws IllegalArgumentException if {@code posWeight} is not positive (or NaN)
     */
    public BCEWithLogitsLoss(Reduction reduction, double posWeight) {
        if (!(posWeight > 0)) throw new IllegalArgumentException("BCEWithLogitsLoss: posWeight must be > 0, got " + posWeight);
        this.reduction = reduction;
        this.posWeight = posWeight;
    }

    /**
     * Computes the binary cross-entropy of logits against targets in [0, 1].
     *
     * @param logits unnormalized scores, any shape
     * @param target the target probabilities, same shape as {@code logits}; converted to the logits' dtype
     * @return the per-element losses (logits' shape) with NONE, else a new 0-d tensor
     * @throws IllegalArgumentException if the shapes differ
     */
    @Override public Tensor compute(Tensor logits, Tensor target) {
        Loss.sameShape("BCEWithLogitsLoss", logits, target);
        Tensor y = target.to(logits.dtype());
        Tensor softplusNegAbs = logits.abs().neg().exp().add(1.0).log();
        Tensor loss;
        if (posWeight == 1.0) {
            loss = logits.maximum(0.0).sub(logits.mul(y)).add(softplusNegAbs);
        } else {
            Tensor lw = y.mul(posWeight - 1).add(1.0);
            loss = y.rsub(1.0).mul(logits).add(lw.mul(softplusNegAbs.add(logits.neg().maximum(0.0))));
        }
        return Loss.reduce(loss, reduction);
    }
}
