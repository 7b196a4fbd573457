package io.github.tensorforge.nn.layers;

/**
 * Batch normalization of the features of a batch, or channels of sequences: input {@code (N, C)} or {@code (N, C, L)}, as PyTorch's {@code BatchNorm1d}; see {@link BatchNorm}.
 */
public final class BatchNorm1d extends BatchNorm {
    /**
     * {@code eps = 1e-5}, {@code momentum = 0.1}, with a learned scale and shift and running statistics (PyTorch's
     * defaults).
     *
     * @param channels the size C of axis 1
     * @throws IllegalArgumentException if {@code channels} is not positive
     */
    public BatchNorm1d(int channels) { this(channels, 1e-5, 0.1, true, true); }

    /**
     * A batch normalization with every option.
     *
     * @param channels          the size C of axis 1
     * @param eps               added to the variance inside the square root, positive
     * @param momentum          how far the running statistics move towards each batch's, in [0, 1]
     * @param affine            whether to learn a per-channel scale ({@code weight}, ones) and shift ({@code bias}, zeros)
     * @param trackRunningStats whether to keep running statistics; without them eval mode also uses the batch's
     * @throws IllegalArgumentException if a value is out of range
     */
    public BatchNorm1d(int channels, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super("BatchNorm1d", channels, eps, momentum, affine, trackRunningStats);
    }

    @Override boolean acceptsRank(int rank) { return rank == 2 || rank == 3; }

    @Override String layouts() { return "(N, C) or (N, C, L)"; }
}
