package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) by im2col + GEMM: x {@code (N, C, H, W)} to
 * {@code (N, O, outH, outW)}, {@code out = (in + 2 pad - k) / stride + 1}. Parameters {@code weight (O, C, kh, kw)}
 * and {@code bias (O)}, PyTorch's default init ({@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, fanIn = C kh kw), float32.
 * The same in train and eval mode.
 */
public final class Conv2d extends Module {
    private final int inC, outC, kh, kw, stride, padding;
    private final Parameter weight, bias;

    /**
     * A square {@code kernel x kernel} convolution with stride 1, no padding and a bias.
     *
     * @param inC    the input channels C
     * @param outC   the output channels O
     * @param kernel the kernel height and width
     * @param rng    the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Conv2d(int inC, int outC, int kernel, Rng rng) { this(inC, outC, kernel, kernel, 1, 0, true, rng); }

    /**
     * A convolution with the given kernel, stride (both axes) and zero padding (both sides of both axes).
     *
     * @param inC     the input channels C
     * @param outC    the output channels O
     * @param kh      the kernel height
     * @param kw      the kernel width
     * @param stride  the step between windows
     * @param padding the zeros added on each side
     * @param bias    whether to add a learned bias per output channel
     * @param rng     the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size or the stride is not positive, or the padding is negative
     */
    public Conv2d(int inC, int outC, int kh, int kw, int stride, int padding, boolean bias, Rng rng) {
        if (inC <= 0 || outC <= 0 || kh <= 0 || kw <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: invalid sizes in=" + inC + " out=" + outC + " kernel=" + kh + "x" + kw
                    + " stride=" + stride + " padding=" + padding);
        }
        this.inC = inC;
        this.outC = outC;
        this.kh = kh;
        this.kw = kw;
        this.stride = stride;
        this.padding = padding;
        this.weight = registerParameter("weight", Init.kaimingUniform(rng, Math.sqrt(5), outC, inC, kh, kw));
        double b = 1 / Math.sqrt(inC * kh * kw);
        this.bias = bias ? registerParameter("bias", Init.uniform(rng, -b, b, outC)) : null;
    }

    /**
     * The kernel {@code (O, C, kh, kw)}.
     *
     * @return the weight parameter
     */
    public Parameter weight() { return weight; }

    /**
     * The bias {@code (O)}, or null when built without one.
     *
     * @return the bias parameter, or null
     */
    public Parameter bias() { return bias; }

    /**
     * Convolves {@code x: (N, C, H, W)} to {@code (N, O, outH, outW)}, in the weight's dtype.
     *
     * @param x the input images
     * @return a new tensor {@code (N, O, outH, outW)}
     * @throws IllegalArgumentException if {@code x} is not {@code (N, C, H, W)} with this layer's C, or the padded
     *                                  input is smaller than the kernel
     */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.shape(1) != inC) {
            throw new IllegalArgumentException("Conv2d(" + inC + " -> " + outC + "): input must be (N, " + inC
                    + ", H, W), got " + Arrays.toString(x.shape()));
        }
        int n = x.shape(0);
        int oh = Im2Col.outSize("Conv2d", x.shape(2), kh, stride, padding);
        int ow = Im2Col.outSize("Conv2d", x.shape(3), kw, stride, padding);
        Tensor cols = Im2Col.unfold("Conv2d", x, kh, kw, stride, stride, padding, padding, 0.0)
                .reshape(n, inC * kh * kw, oh * ow);
        Tensor w = weight.value().reshape(outC, inC * kh * kw);
        Tensor y = w.matmul(cols); // (N, O, L)
        if (bias != null) y = y.add(bias.value().reshape(outC, 1));
        return y.reshape(n, outC, oh, ow);
    }

    /**
     * {@code {"type": "conv2d", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("conv2d").put("in", inC).put("out", outC).put("kh", kh).put("kw", kw)
                .put("stride", stride).put("padding", padding).put("bias", bias != null);
    }

    /**
     * The channels, kernel, stride and padding, such as {@code Conv2d(3 -> 16, 3x3, stride 1, padding 0)}.
     *
     * @return a readable description
     */
    @Override public String toString() {
        return "Conv2d(" + inC + " -> " + outC + ", " + kh + "x" + kw + ", stride " + stride + ", padding " + padding + ")";
    }
}
