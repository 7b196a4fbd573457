package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Unfolds sliding 2-D windows with core ops only (so the result is differentiable). {@link #unfold} pads the input
 * {@code (N, C, H, W)} by concatenating constant borders, takes one strided slice (a view) per kernel position
 * {@code (ki, kj)} and stacks the {@code K = kh*kw} slices: one copy of the columns, no per-window op, and a backward of
 * strided copies into zeros. {@link #unfoldGather} is the equivalent formulation with a precomputed gather index
 * {@code (K, L)} on the flattened input (its gradient is core's scatter-add); it is kept as a cross-check because it
 * is several times slower on the CPU backend (see nn/README.md).
 */
final class Im2Col {
    private Im2Col() {}

    static int outSize(String op, int in, int k, int stride, int pad) {
        int o = (in + 2 * pad - k) / stride + 1;
        if (in + 2 * pad < k || o <= 0) {
            throw new IllegalArgumentException(op + ": input size " + in + " with padding " + pad
                    + " is smaller than the kernel " + k);
        }
        return o;
    }

    /** Window index: entry {@code (kk, l)} is the flat input position (or {@code H*W} for padding). */
    static long[] index(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        int oh = outSize("im2col", h, kh, sh, ph), ow = outSize("im2col", w, kw, sw, pw);
        int l = oh * ow;
        long[] idx = new long[kh * kw * l];
        for (int ki = 0; ki < kh; ki++) {
            for (int kj = 0; kj < kw; kj++) {
                int row = (ki * kw + kj) * l;
                for (int oi = 0; oi < oh; oi++) {
                    for (int oj = 0; oj < ow; oj++) {
                        int y = oi * sh - ph + ki, x = oj * sw - pw + kj;
                        idx[row + oi * ow + oj] = (y < 0 || y >= h || x < 0 || x >= w) ? (long) h * w : (long) y * w + x;
                    }
                }
            }
        }
        return idx;
    }

    /** x {@code (N, C, H, W)} to windows {@code (N, C, kh*kw, outH*outW)}; padding reads {@code padValue}. */
    static Tensor unfold(String op, Tensor x, int kh, int kw, int sh, int sw, int ph, int pw, double padValue) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": input must be (N, C, H, W), got " + Arrays.toString(x.shape()));
        }
        int n = x.shape(0), c = x.shape(1), h = x.shape(2), w = x.shape(3);
        int oh = outSize(op, h, kh, sh, ph), ow = outSize(op, w, kw, sw, pw);
        Tensor xp = ph > 0 || pw > 0 ? x.pad(new int[] {pw, pw, ph, ph}, padValue) : x;
        Tensor[] parts = new Tensor[kh * kw];
        for (int ki = 0; ki < kh; ki++) {
            Tensor rows = xp.slice(2, ki, ki + sh * (oh - 1) + 1, sh);
            for (int kj = 0; kj < kw; kj++) {
                parts[ki * kw + kj] = rows.slice(3, kj, kj + sw * (ow - 1) + 1, sw);
            }
        }
        return Tensor.stack(List.of(parts), 2).reshape(n, c, kh * kw, oh * ow);
    }

    /** Same result as {@link #unfold}, computed with one gather (indexSelect) on the flattened input. */
    static Tensor unfoldGather(String op, Tensor x, int kh, int kw, int sh, int sw, int ph, int pw, double padValue) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": input must be (N, C, H, W), got " + Arrays.toString(x.shape()));
        }
        int n = x.shape(0), c = x.shape(1), h = x.shape(2), w = x.shape(3);
        long[] idx = index(h, w, kh, kw, sh, sw, ph, pw);
        int l = idx.length / (kh * kw);
        Tensor flat = x.reshape(n, c, h * w);
        if (ph > 0 || pw > 0) {
            Tensor padCol = Tensor.on(x.backend()).full(x.dtype(), padValue, n, c, 1);
            flat = Tensor.cat(List.of(flat, padCol), 2);
        }
        Tensor index = Tensor.on(x.backend()).of(idx, kh * kw, l);
        return flat.indexSelect(2, index);
    }
}
