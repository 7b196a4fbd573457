package io.github.tensorforge.nn.data;

import io.github.tensorforge.core.Tensor;

/**
 * One batch on a backend: inputs {@code x} ({@code (B, sampleShape...)} FLOAT32, or INT64 token ids) and targets
 * {@code y} (INT64 labels {@code (B)} or FLOAT32 {@code (B, targetDim)}), plus the dataset indices. Closing releases
 * both tensors (a surrounding TensorScope does too).
 */
public record Batch(Tensor x, Tensor y, int[] indices) implements AutoCloseable {
    public int size() { return indices.length; }

    @Override public void close() {
        x.close();
        y.close();
    }
}
