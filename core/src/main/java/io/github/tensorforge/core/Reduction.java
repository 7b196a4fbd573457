package io.github.tensorforge.core;

/** How a loss combines per-sample values. */
public enum Reduction {
    /** No reduction: the loss has one value per sample (per element for {@code mse}). */ NONE,
    /** The mean: for {@code crossEntropy} the sum divided by the total weight of the counted samples. */ MEAN,
    /** The sum of the per-sample values. */ SUM
}
