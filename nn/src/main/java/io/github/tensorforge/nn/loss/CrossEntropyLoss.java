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

    /** Creates a loss with PyTorch's defaults: no class weights, MEAN, no label smoothing, ignored label -100. */
    public CrossEntropyLoss() { this(null, Reduction.MEAN, 0.0, -100); }

    /**
     * Creates a loss with the given options; they are checked when {@link #compute(Tensor, Tensor)} runs.
     *
     * @param weight         per-class weights {@code (C)} or null; the caller keeps ownership
     * @param reduction      NONE for the per-sample losses, MEAN or SUM for one value
     * @param labelSmoothing the weight in [0, 1) moved from the true class to a uniform distribution over classes
     * @param ignoreIndex    the label value that marks a sample to skip (PyTorch uses -100)
     */
    public CrossEntropyLoss(Tensor weight, Reduction reduction, double labelSmoothing, long ignoreIndex) {
        this.weight = weight;
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * Computes the cross-entropy of logits against class labels; the class weights are copied to the logits' backend
     * when they live elsewhere.
     *
     * @param logits unnormalized scores {@code (N, C)}, {@code (C)} or {@code (N, ..., C)}
     * @param labels class indices {@code (N)} (or {@code (N, ...)} for higher-rank logits), INT32 or INT64
     * @return the per-sample losses {@code (N)} (flattened for higher-rank logits) with NONE, else a new 0-d tensor
     * @throws IllegalArgumentException  if the labels are not INT32/INT64 or do not match the logits' leading axes,
     *                                   the label smoothing is outside [0, 1), or the weights are not {@code (C)}
     * @throws IndexOutOfBoundsException if a label other than the ignored value is not in {@code [0, C)}
     */
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
