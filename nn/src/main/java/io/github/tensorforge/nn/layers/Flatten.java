package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.ModuleConfig;

/**
 * Flattens axes {@code start..end}, inclusive (default 1..-1: everything but the batch axis, so
 * {@code x: (B, C, H, W)} becomes {@code (B, C*H*W)}). Negative axes count from the end. No parameters; the same in
 * train and eval mode.
 */
public final class Flatten extends Module {
    private final int start, end;

    /** Flattens every axis but the first: {@code Flatten(1, -1)}. */
    public Flatten() { this(1, -1); }

    /**
     * Flattens axes {@code start} to {@code end}, both included.
     *
     * @param start the first axis (negative: from the end)
     * @param end   the last axis (negative: from the end)
     */
    public Flatten(int start, int end) {
        this.start = start;
        this.end = end;
    }

    /**
     * Merges axes {@code start..end} of {@code x} into one axis of their product size (a reshape; same dtype).
     *
     * @param x a tensor with at least those axes
     * @return the reshaped tensor
     * @throws IllegalArgumentException if an axis is out of range or {@code start} comes after {@code end}
     */
    @Override public Tensor forward(Tensor x) { return x.flatten(start, end); }

    /**
     * {@code {"type": "flatten", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() { return ModuleConfig.of("flatten").put("start", start).put("end", end); }
}
