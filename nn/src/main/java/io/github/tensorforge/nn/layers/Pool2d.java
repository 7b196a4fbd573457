package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.Locale;

/**
 * Max or average pooling over 2-D windows: x {@code (N, C, H, W)} to {@code (N, C, outH, outW)}. Max pooling pads with
 * -inf; average pooling pads with zeros and divides by the full window (PyTorch's {@code count_include_pad=True}).
 * Stride defaults to the kernel size. No parameters; the same in train and eval mode.
 */
public class Pool2d extends Module {
    /** Which reduction. */
    public enum Kind {
        /** The maximum of each window. */
        MAX,
        /** The mean of each window, padding included. */
        AVG }

    private final Kind kind;
    private final int kernel, stride, padding;

    /**
     * Pooling over square {@code kernel x kernel} windows.
     *
     * @param kind    the reduction
     * @param kernel  the window size
     * @param stride  the step between windows
     * @param padding the border added on each side, at most {@code kernel / 2}
     * @throws IllegalArgumentException if {@code kernel} or {@code stride} is not positive, or {@code padding} is
     *                                  outside {@code [0, kernel / 2]}
     */
    public Pool2d(Kind kind, int kernel, int stride, int padding) {
        if (kernel <= 0 || stride <= 0 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException(kind + "Pool2d: kernel " + kernel + ", stride " + stride + ", padding "
                    + padding + " invalid (positive kernel/stride, 0 <= padding <= kernel/2)");
        }
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /**
     * Max pooling with stride {@code kernel} and no padding.
     *
     * @param kernel the window size
     * @return a new pooling layer
     * @throws IllegalArgumentException if {@code kernel} is not positive
     */
    public static Pool2d max(int kernel) { return new Pool2d(Kind.MAX, kernel, kernel, 0); }

    /**
     * Average pooling with stride {@code kernel} and no padding.
     *
     * @param kernel the window size
     * @return a new pooling layer
     * @throws IllegalArgumentException if {@code kernel} is not positive
     */
    public static Pool2d avg(int kernel) { return new Pool2d(Kind.AVG, kernel, kernel, 0); }

    /**
     * Pools {@code x: (N, C, H, W)} to {@code (N, C, outH, outW)}, {@code out = (in + 2 pad - k) / stride + 1}, in the
     * dtype of {@code x}.
     *
     * @param x the input images
     * @return a new tensor {@code (N, C, outH, outW)}
     * @throws IllegalArgumentException if {@code x} is not 4-d or the padded input is smaller than the kernel
     */
    @Override public Tensor forward(Tensor x) {
        String op = kind == Kind.MAX ? "MaxPool2d" : "AvgPool2d";
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": input must be (N, C, H, W), got " + java.util.Arrays.toString(x.shape()));
        int oh = Im2Col.outSize(op, x.shape(2), kernel, stride, padding);
        int ow = Im2Col.outSize(op, x.shape(3), kernel, stride, padding);
        if (stride == kernel && padding == 0) return nonOverlapping(x, oh, ow);
        double pad = kind == Kind.MAX ? Double.NEGATIVE_INFINITY : 0.0;
        Tensor cols = Im2Col.unfold(op, x, kernel, kernel, stride, stride, padding, padding, pad); // (N, C, K, L)
        Tensor r = kind == Kind.MAX ? cols.max(2, false) : cols.mean(2, false);
        return r.reshape(x.shape(0), x.shape(1), oh, ow);
    }

    /**
     * Windows that tile the input (stride = kernel, no padding): rows and columns past the last full window are
     * dropped (as PyTorch's floor mode does), then {@code (N, C, oh*k, ow*k)} is viewed as {@code (N, C, oh, k, ow, k)}
     * and reduced over axes 3 and 5. No gather index and no per-window op; the gradient is core's max/mean backward.
     */
    private Tensor nonOverlapping(Tensor x, int oh, int ow) {
        int n = x.shape(0), c = x.shape(1);
        Tensor t = x;
        if (x.shape(2) != oh * kernel) t = t.slice(2, 0, oh * kernel);
        if (x.shape(3) != ow * kernel) t = t.slice(3, 0, ow * kernel);
        Tensor windows = t.reshape(n, c, oh, kernel, ow, kernel);
        int[] axes = {3, 5};
        return kind == Kind.MAX ? windows.max(axes, false) : windows.mean(axes, false);
    }

    /**
     * {@code {"type": "pool2d", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("pool2d").put("kind", kind.name().toLowerCase(Locale.ROOT))
                .put("kernel", kernel).put("stride", stride).put("padding", padding);
    }

    /**
     * A short description, such as {@code MAXPool2d(2, stride 2)}.
     *
     * @return a readable description
     */
    @Override public String toString() { return kind + "Pool2d(" + kernel + ", stride " + stride + ")"; }
}
