package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.ModuleConfig;

/** Softmax (or log-softmax) along an axis. No parameters; the same in train and eval mode. */
public final class Softmax extends Module {
    private final int axis;
    private final boolean log;

    /**
     * Softmax along {@code axis}.
     *
     * @param axis the axis (negative: from the end)
     */
    public Softmax(int axis) { this(axis, false); }

    /**
     * Softmax or log-softmax along {@code axis}.
     *
     * @param axis the axis (negative: from the end)
     * @param log  whether to return log-probabilities
     */
    public Softmax(int axis, boolean log) {
        this.axis = axis;
        this.log = log;
    }

    /**
     * Probabilities (summing to 1 along the axis), or their logarithms, of the scores {@code x}.
     *
     * @param x floating-point scores of any shape that has the axis
     * @return a new tensor of the shape and dtype of {@code x}
     */
    @Override public Tensor forward(Tensor x) { return log ? x.logSoftmax(axis) : x.softmax(axis); }

    /**
     * {@code {"type": "softmax", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() { return ModuleConfig.of("softmax").put("axis", axis).put("log", log); }
}
