package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.ModuleConfig;

/**
 * Inverted dropout: in training mode zeroes each element with probability p and scales the rest by 1/(1-p); identity
 * in eval mode. Masks come from the module's {@link io.github.tensorforge.nn.RngStream}, so they are reproducible and
 * resume exactly from a checkpoint.
 */
public final class Dropout extends Module {
    private final double p;

    /**
     * A dropout layer that drops each element with probability {@code p} in training mode.
     *
     * @param p the drop probability, in {@code [0, 1)}
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1)} or NaN
     */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
    }

    /**
     * The drop probability.
     *
     * @return {@code p}
     */
    public double p() { return p; }

    /**
     * In training mode with {@code p > 0}, a new tensor with dropped elements zeroed and the others scaled by
     * {@code 1/(1-p)}, drawing the next generator of the module's random stream; otherwise {@code x} itself.
     *
     * @param x a floating-point tensor of any shape
     * @return a tensor of the shape and dtype of {@code x}
     */
    @Override public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        return Functional.dropout(x, p, rngStream().next(), true);
    }

    /**
     * {@code {"type": "dropout", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() { return ModuleConfig.of("dropout").put("p", p); }

    /**
     * {@code Dropout(p)}.
     *
     * @return a readable description
     */
    @Override public String toString() { return "Dropout(" + p + ")"; }
}
