package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.Arrays;

/**
 * A 1-D convolution (cross-correlation) over sequences {@code (N, C, L)}, as PyTorch's {@code Conv1d}: weight
 * {@code (O, C, k)} and bias {@code (O)}, with PyTorch's initialization, stride and zero padding. It runs as
 * {@link Conv2d} does, im2col then one matmul, on a height-1 image.
 */
public final class Conv1d extends Module {
    private final int inC, outC, kernel, stride, padding;
    private final Parameter weight, bias;

    /**
     * A convolution with stride 1, no padding and a bias.
     *
     * @param inC    the input channels C
     * @param outC   the output channels O
     * @param kernel the kernel length k
     * @param rng    the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Conv1d(int inC, int outC, int kernel, Rng rng) { this(inC, outC, kernel, 1, 0, true, rng); }

    /**
     * A convolution with every option.
     *
     * @param inC     the input channels C
     * @param outC    the output channels O
     * @param kernel  the kernel length k
     * @param stride  the step between windows, positive
     * @param padding the zeros added at each end, non-negative
     * @param bias    whether to add a learned bias per output channel
     * @param rng     the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size or the stride is not positive, or the padding is negative
     */
    public Conv1d(int inC, int outC, int kernel, int stride, int padding, boolean bias, Rng rng) {
        if (inC <= 0 || outC <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv1d: invalid sizes in=" + inC + " out=" + outC + " kernel=" + kernel
                    + " stride=" + stride + " padding=" + padding);
        }
        this.inC = inC;
        this.outC = outC;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = registerParameter("weight", Init.kaimingUniform(rng, Math.sqrt(5), outC, inC, kernel));
        double b = 1 / Math.sqrt(inC * kernel);
        this.bias = bias ? registerParameter("bias", Init.uniform(rng, -b, b, outC)) : null;
    }

    /**
     * Convolves {@code x: (N, C, L)} to {@code (N, O, outL)}, {@code outL = (L + 2 padding - k) / stride + 1}.
     *
     * @param x the input sequences
     * @return a new tensor {@code (N, O, outL)}
     * @throws IllegalArgumentException if {@code x} is not {@code (N, C, L)} with this layer's C, or the padded input
     *                                  is shorter than the kernel
     */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.shape(1) != inC) {
            throw new IllegalArgumentException("Conv1d(" + inC + " -> " + outC + "): input must be (N, " + inC + ", L), got "
                    + Arrays.toString(x.shape()));
        }
        int n = x.shape(0);
        int ol = Im2Col.outSize("Conv1d", x.shape(2), kernel, stride, padding);
        Tensor cols = Im2Col.unfold("Conv1d", x.unsqueeze(2), 1, kernel, 1, stride, 0, padding, 0.0)
                .reshape(n, inC * kernel, ol);
        Tensor y = weight.value().reshape(outC, inC * kernel).matmul(cols); // (N, O, outL)
        return bias == null ? y : y.add(bias.value().reshape(outC, 1));
    }

    /**
     * {@code {"type": "conv1d", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("conv1d").put("in", inC).put("out", outC).put("kernel", kernel)
                .put("stride", stride).put("padding", padding).put("bias", bias != null);
    }

    /**
     * The channels, kernel, stride and padding, such as {@code Conv1d(16 -> 32, k 3, stride 1, padding 1)}.
     *
     * @return a readable description
     */
    @Override public String toString() {
        return "Conv1d(" + inC + " -> " + outC + ", k " + kernel + ", stride " + stride + ", padding " + padding + ")";
    }
}
