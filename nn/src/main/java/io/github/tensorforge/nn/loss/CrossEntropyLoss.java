package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/**
 * Cross-entropy of logits {@code (N, C)} against integer labels {@code (N)}, with PyTorch's options: per-class
 * weights {@code (C)}, label smoothing in [0, 1), an ignored label value (default -100), and MEAN dividing by the
 * summed weight of the counted samples. Logits of higher rank {@code (N, ..., C)} with labels {@code (N, ...)} are
 * flattened first.
 */
public final class CrossEntropyLoss implements Loss {
    private final Tensor weight;
    private final Reduction reduction;
    private final double labelSmoothing;
    private final long ignoreIndex;

    public CrossEntropyLoss() { this(null, Reduction.MEAN, 0.0, -100); }

    /** @param weight per-class weights (C) or null; the caller keeps ownership */
    public CrossEntropyLoss(Tensor weight, Reduction reduction, double labelSmoothing, long ignoreIndex) {
        this.weight = weight;
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
        this.ignoreIndex = ignoreIndex;
    }

    @Override public Tensor compute(Tensor logits, Tensor labels) {
        Tensor l = logits, y = labels;
        if (logits.rank() > 2) {
            l = logits.reshape(-1, logits.shape(-1));
            y = labels.reshape(-1);
        }
        Tensor w = weight;
        if (w != null && w.backend() != l.backend()) w = w.to(l.backend());
        return Functional.crossEntropy(l, y, w, reduction, labelSmoothing, ignoreIndex);
    }
}
