package io.github.tensorforge.nn.loss;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;

/**
 * Negative log-likelihood of log-probabilities {@code (N, C)} (e.g. from log-softmax) against labels {@code (N)}:
 * {@code -w[y] logp[y]}, ignored labels contribute nothing, MEAN divides by the summed weight (PyTorch's NLLLoss).
 */
public final class NLLLoss implements Loss {
    private final Tensor weight;
    private final Reduction reduction;
    private final long ignoreIndex;

    /** Creates a loss with PyTorch's defaults: no class weights, MEAN, ignored label -100. */
    public NLLLoss() { this(null, Reduction.MEAN, -100); }

    /**
     * Creates a loss with the given options.
     *
     * @param weight      per-class weights {@code (C)} or null for 1; the caller keeps ownership
     * @param reduction   NONE for the per-sample losses, MEAN or SUM for one value
     * @param ignoreIndex the label value that marks a sample to skip (PyTorch uses -100)
     */
    public NLLLoss(Tensor weight, Reduction reduction, long ignoreIndex) {
        this.weight = weight;
        this.reduction = reduction;
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * Computes the negative log-likelihood of the labels' classes; the class weights are copied to the
     * log-probabilities' backend when they live elsewhere. MEAN gives NaN when every sample is ignored.
     *
     * @param logProbs log-probabilities {@code (N, C)}
     * @param labels   class indices {@code (N)}, an integer dtype
     * @return the per-sample losses {@code (N)} with NONE, else a new 0-d tensor; the dtype of {@code logProbs}
     * @throws IllegalArgumentException  if {@code logProbs} is not 2-D, {@code labels} is not {@code (N)}, or the
     *                                   labels are not of an integer dtype
     * @throws IndexOutOfBoundsException if a label other than the ignored value is not in {@code [0, C)}
     */
    @Override public Tensor compute(Tensor logProbs, Tensor labels) {
        if (logProbs.rank() != 2 || labels.rank() != 1 || labels.shape(0) != logProbs.shape(0)) {
            throw new IllegalArgumentException("NLLLoss: needs log-probabilities (N, C) and labels (N), got "
                    + java.util.Arrays.toString(logProbs.shape()) + " and " + java.util.Arrays.toString(labels.shape()));
        }
        if (!labels.dtype().isInteger()) throw new IllegalArgumentException("NLLLoss: labels must be int32/int64, got " + labels.dtype());
        int c = logProbs.shape(1);
        Tensor valid = labels.ne((double) ignoreIndex);
        Tensor safe = Tensor.where(valid, labels.to(DType.INT64), 0.0);
        Tensor target = safe.oneHot(c, logProbs.dtype());
        Tensor sampleWeight = valid.to(logProbs.dtype());
        if (weight != null) {
            Tensor w = weight.backend() == logProbs.backend() ? weight : weight.to(logProbs.backend());
            sampleWeight = target.mul(w.to(logProbs.dtype())).sum(1, false).mul(sampleWeight);
        }
        Tensor loss = logProbs.mul(target).sum(1, false).neg().mul(sampleWeight);
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div(sampleWeight.sum());
        };
    }
}
