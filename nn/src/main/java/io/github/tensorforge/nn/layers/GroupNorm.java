package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.Arrays;

/**
 * Group normalization, as PyTorch's {@code GroupNorm}: the C channels of {@code x: (N, C, ...)} are split into G
 * groups, and each sample's group is normalized with its own mean and biased variance, then scaled and shifted per
 * channel. The same in train and eval mode, and independent of the batch size.
 */
public final class GroupNorm extends Module {
    private final int groups, channels;
    private final double eps;
    private final Parameter weight, bias;

    /**
     * Affine group normalization with {@code eps = 1e-5}.
     *
     * @param groups   the number of groups G; must divide {@code channels}
     * @param channels the channel count C
     * @throws IllegalArgumentException if a size is not positive or G does not divide C
     */
    public GroupNorm(int groups, int channels) { this(groups, channels, 1e-5, true); }

    /**
     * Group normalization with every option.
     *
     * @param groups   the number of groups G; must divide {@code channels}
     * @param channels the channel count C
     * @param eps      added to the variance inside the square root, positive
     * @param affine   whether to learn a per-channel scale ({@code weight}, ones) and shift ({@code bias}, zeros)
     * @throws IllegalArgumentException if a size is not positive, G does not divide C, or eps is not positive
     */
    public GroupNorm(int groups, int channels, double eps, boolean affine) {
        if (groups <= 0 || channels <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + groups + " groups must be positive and divide " + channels + " channels");
        }
        if (!(eps > 0)) throw new IllegalArgumentException("GroupNorm: eps must be positive, got " + eps);
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(channels)) : null;
    }

    /**
     * Normalizes each group of each sample of {@code x: (N, C, ...)}.
     *
     * @param x the input, with this layer's channel count on axis 1 and at least 2 axes
     * @return a new tensor of the shape of {@code x}
     * @throws IllegalArgumentException if the channel count does not fit
     */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.shape(1) != channels) {
            throw new IllegalArgumentException("GroupNorm(" + groups + ", " + channels + "): input must be (N, " + channels
                    + ", ...), got " + Arrays.toString(x.shape()));
        }
        int n = x.shape(0);
        Tensor g = x.reshape(n, groups, -1);
        Tensor y = g.sub(g.mean(2, true)).mul(g.var(new int[] {2}, 0, true).add(eps).rsqrt()).reshape(x.shape());
        if (weight == null) return y;
        int[] channelShape = new int[x.rank()];
        Arrays.fill(channelShape, 1);
        channelShape[1] = channels;
        return y.mul(weight.value().reshape(channelShape)).add(bias.value().reshape(channelShape));
    }

    /**
     * {@code {"type": "group_norm", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("group_norm").put("groups", groups).put("channels", channels).put("eps", eps)
                .put("affine", weight != null);
    }

    /**
     * The groups and channels, such as {@code GroupNorm(8, 64)}.
     *
     * @return a readable description
     */
    @Override public String toString() { return "GroupNorm(" + groups + ", " + channels + ")"; }
}
