package io.github.tensorforge.nn.data;

import io.github.tensorforge.core.Tensor;

/**
 * One batch on a backend: inputs {@code x} ({@code (B, sampleShape...)} FLOAT32, or INT64 token ids) and targets
 * {@code y} (INT64 labels {@code (B)} or FLOAT32 {@code (B, targetDim)}), plus the dataset indices. Closing releases
 * both tensors (a surrounding TensorScope does too).
 *
 * @param x       the inputs {@code (B, sampleShape...)}: FLOAT32 features, or INT64 token ids {@code (B, T)}
 * @param y       the targets: INT64 class labels {@code (B)}, or FLOAT32 regression targets {@code (B, targetDim)}
 * @param indices the dataset index of each of the {@code B} samples, in batch order (the array is kept, not copied)
 */
public record Batch(Tensor x, Tensor y, int[] indices) implements AutoCloseable {
    /**
     * Returns the number of samples in this batch.
     *
     * @return {@code B}, the length of {@link #indices()}
     */
    public int size() { return indices.length; }

    /** Closes {@code x} and {@code y}, releasing their memory; the batch must not be used afterwards. */
    @Override public void close() {
        x.close();
        y.close();
    }
}
