package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.Arrays;

/**
 * Batch normalization over every axis but the channel axis 1, with PyTorch's semantics: in training the batch's mean
 * and biased variance normalize the input, and the running statistics move by {@code momentum} towards the batch's
 * mean and unbiased variance; in eval mode the running statistics normalize. State names match PyTorch's
 * ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var}, {@code num_batches_tracked}), so a
 * PyTorch state dict loads as it is. {@link BatchNorm1d} and {@link BatchNorm2d} fix the input rank.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    private final String name;
    private final int channels;
    private final double eps, momentum;
    private final boolean trackRunningStats;
    private final Parameter weight, bias;

    BatchNorm(String name, int channels, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (channels <= 0) throw new IllegalArgumentException(name + ": channels must be positive, got " + channels);
        if (!(eps > 0)) throw new IllegalArgumentException(name + ": eps must be positive, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException(name + ": momentum must lie in [0, 1], got " + momentum);
        this.name = name;
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.trackRunningStats = trackRunningStats;
        this.weight = affine ? registerParameter("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(channels)) : null;
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(channels));
            registerBuffer("running_var", Tensor.ones(channels));
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
        }
    }

    /** Whether {@code rank} is an input rank this layer accepts. */
    abstract boolean acceptsRank(int rank);

    /** The accepted input layouts, for error messages, such as {@code "(N, C) or (N, C, L)"}. */
    abstract String layouts();

    /**
     * Normalizes {@code x: (N, C, ...)} per channel, with the batch's statistics in training (updating the running
     * ones) and the running statistics in eval mode.
     *
     * @param x the input, with this layer's channel count on axis 1
     * @return a new tensor of the shape of {@code x}
     * @throws IllegalArgumentException if the rank or channel count does not fit, or a training batch has one value
     *                                  per channel
     */
    @Override public Tensor forward(Tensor x) {
        if (!acceptsRank(x.rank()) || x.shape(1) != channels) {
            throw new IllegalArgumentException(name + "(" + channels + "): input must be " + layouts().replace("C", "" + channels)
                    + ", got " + Arrays.toString(x.shape()));
        }
        int[] axes = new int[x.rank() - 1];
        axes[0] = 0;
        for (int i = 2; i < x.rank(); i++) axes[i - 1] = i;
        int[] channelShape = new int[x.rank()];
        Arrays.fill(channelShape, 1);
        channelShape[1] = channels;
        Tensor mean, var;
        boolean batchStats = isTraining() || !trackRunningStats;
        if (batchStats) {
            long count = x.numel() / channels;
            if (count <= 1 && isTraining()) {
                throw new IllegalArgumentException(name + ": a training batch needs more than 1 value per channel, got input "
                        + Arrays.toString(x.shape()) + "; use a larger batch or eval mode");
            }
            mean = x.mean(axes, true);
            var = x.var(axes, 0, true);
            if (isTraining() && trackRunningStats) updateRunningStats(mean, var, count);
        } else {
            mean = buffer("running_mean").to(x.dtype()).reshape(channelShape);
            var = buffer("running_var").to(x.dtype()).reshape(channelShape);
        }
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) y = y.mul(weight.value().reshape(channelShape)).add(bias.value().reshape(channelShape));
        return y;
    }

    private void updateRunningStats(Tensor mean, Tensor biasedVar, long count) {
        try (var g = GradMode.disable()) {
            Tensor rm = buffer("running_mean"), rv = buffer("running_var");
            Tensor m = mean.reshape(channels).to(rm.dtype()), unbiased = biasedVar.reshape(channels).mul((double) count / (count - 1)).to(rv.dtype());
            rm.assign(rm.mul(1 - momentum).add(m.mul(momentum)));
            rv.assign(rv.mul(1 - momentum).add(unbiased.mul(momentum)));
            Tensor n = buffer("num_batches_tracked");
            n.assign(n.add(1));
        }
    }

    /**
     * {@code {"type": "batch_norm1d" | "batch_norm2d", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of(name.equals("BatchNorm1d") ? "batch_norm1d" : "batch_norm2d")
                .put("channels", channels).put("eps", eps).put("momentum", momentum).put("affine", weight != null)
                .put("track_running_stats", trackRunningStats);
    }

    /**
     * The channel count, such as {@code BatchNorm2d(64)}.
     *
     * @return a readable description
     */
    @Override public String toString() { return name + "(" + channels + ")"; }
}
