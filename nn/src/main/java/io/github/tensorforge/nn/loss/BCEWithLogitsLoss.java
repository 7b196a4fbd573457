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

    public BCEWithLogitsLoss() { this(Reduction.MEAN, 1.0); }

    public BCEWithLogitsLoss(Reduction reduction, double posWeight) {
        if (!(posWeight > 0)) throw new IllegalArgumentException("BCEWithLogitsLoss: posWeight must be > 0, got " + posWeight);
        this.reduction = reduction;
        this.posWeight = posWeight;
    }

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
