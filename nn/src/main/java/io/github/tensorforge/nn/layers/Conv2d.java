package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.Json;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) by im2col + GEMM: x {@code (N, C, H, W)} to
 * {@code (N, O, outH, outW)}, {@code out = (in + 2 pad - k) / stride + 1}. Parameters {@code weight (O, C, kh, kw)}
 * and {@code bias (O)}, PyTorch's default init ({@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, fanIn = C kh kw).
 */
public final class Conv2d extends Module {
    private final int inC, outC, kh, kw, stride, padding;
    private final Parameter weight, bias;

    public Conv2d(int inC, int outC, int kernel, Rng rng) { this(inC, outC, kernel, kernel, 1, 0, true, rng); }

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

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

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

    @Override public ObjectNode config() {
        return Json.object().put("type", "conv2d").put("in", inC).put("out", outC).put("kh", kh).put("kw", kw)
                .put("stride", stride).put("padding", padding).put("bias", bias != null);
    }

    @Override public String toString() {
        return "Conv2d(" + inC + " -> " + outC + ", " + kh + "x" + kw + ", stride " + stride + ", padding " + padding + ")";
    }
}
