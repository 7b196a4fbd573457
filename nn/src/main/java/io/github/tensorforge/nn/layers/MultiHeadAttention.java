package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.Arrays;

/**
 * Multi-head scaled dot-product attention, batch first, with PyTorch's parameter layout: {@code in_proj_weight (3E, E)}
 * (Xavier uniform), {@code in_proj_bias (3E)} (zeros), {@code out_proj.weight (E, E)}, {@code out_proj.bias} (zeros).
 *
 * <p>Masks follow PyTorch's convention: {@code true} means "do not attend". The key padding mask is {@code (B, S)};
 * the causal mask hides keys after the query position. Masked scores are set to a large negative number rather than
 * -inf, so a fully masked row gives uniform weights instead of NaN.
 */
public final class MultiHeadAttention extends Module {
    private static final double MASKED = -1e9;
    private final int embedDim, numHeads, headDim;
    private final Parameter inProjWeight, inProjBias;
    private final Linear outProj;
    private final Dropout attnDropout;

    /**
     * An attention module with float32 parameters.
     *
     * @param embedDim the model width E
     * @param numHeads the number of heads H; {@code E / H} is each head's width
     * @param dropout  the dropout probability on the attention weights (training mode only)
     * @param rng      the generator the initial projection weights are drawn from
     * @throws IllegalArgumentException if {@code embedDim} is not a positive multiple of a positive {@code numHeads},
     *                                  or {@code dropout} is outside {@code [0, 1)}
     */
    public MultiHeadAttention(int embedDim, int numHeads, double dropout, Rng rng) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention: embedDim " + embedDim
                    + " must be a positive multiple of numHeads " + numHeads);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.inProjWeight = registerParameter("in_proj_weight", Init.xavierUniform(rng, 1.0, 3 * embedDim, embedDim));
        this.inProjBias = registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim));
        this.outProj = registerModule("out_proj", new Linear(embedDim, embedDim, true, null, rng));
        try (var g = io.github.tensorforge.core.GradMode.disable()) {
            outProj.bias().value().fill(0);
        }
        this.attnDropout = registerModule("attn_dropout", new Dropout(dropout));
    }

    /**
     * Self-attention without masks: {@code x: (B, T, E)} to {@code (B, T, E)}.
     *
     * @param x the query, key and value
     * @return a new tensor {@code (B, T, E)}
     * @throws IllegalArgumentException if {@code x} is not {@code (B, T, E)}
     */
    @Override public Tensor forward(Tensor x) { return forward(x, x, x, null, false); }

    /**
     * Attention of {@code query} over {@code key} and {@code value}: the heads' {@code softmax(q k^T / sqrt(E / H)) v}
     * concatenated and projected by {@code out_proj}. In training mode dropout is applied to the attention weights.
     *
     * @param query          {@code (B, T, E)}
     * @param key            {@code (B, S, E)}
     * @param value          {@code (B, S, E)}
     * @param keyPaddingMask {@code (B, S)} BOOL, true at padding keys; or null
     * @param causal         hide key j from query i when {@code j > i}
     * @return a new tensor {@code (B, T, E)}
     * @throws IllegalArgumentException if an input is not 3-d with last axis E, the batch sizes or key/value lengths
     *                                  differ, or the mask is not {@code (B, S)}
     */
    public Tensor forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean causal) {
        check("query", query);
        check("key", key);
        check("value", value);
        int b = query.shape(0), t = query.shape(1), s = key.shape(1);
        if (key.shape(0) != b || value.shape(0) != b || value.shape(1) != s) {
            throw new IllegalArgumentException("MultiHeadAttention: query " + Arrays.toString(query.shape()) + ", key "
                    + Arrays.toString(key.shape()) + " and value " + Arrays.toString(value.shape())
                    + " must agree on batch, and key/value on length");
        }
        Tensor w = inProjWeight.value(), bias = inProjBias.value();
        int e = embedDim;
        Tensor q, k, v;
        if (query == key && key == value) {
            // Self-attention: one (B*T, E) x (E, 3E) product instead of three thin ones, then views of its thirds.
            Tensor qkv = Functional.linear(query, w.t(), bias, null);
            q = heads(qkv.slice(2, 0, e), b, t);
            k = heads(qkv.slice(2, e, 2 * e), b, s);
            v = heads(qkv.slice(2, 2 * e, 3 * e), b, s);
        } else {
            q = heads(Functional.linear(query, w.slice(0, 0, e).t(), bias.slice(0, 0, e), null), b, t);
            k = heads(Functional.linear(key, w.slice(0, e, 2 * e).t(), bias.slice(0, e, 2 * e), null), b, s);
            v = heads(Functional.linear(value, w.slice(0, 2 * e, 3 * e).t(), bias.slice(0, 2 * e, 3 * e), null), b, s);
        }
        // q is scaled before the product, as PyTorch does: (B, H, T, dh) values instead of (B, H, T, S).
        Tensor scores = q.mul(1.0 / Math.sqrt(headDim)).matmul(k.transpose(2, 3)); // (B, H, T, S)
        Tensor mask = null;
        if (keyPaddingMask != null) {
            if (keyPaddingMask.rank() != 2 || keyPaddingMask.shape(0) != b || keyPaddingMask.shape(1) != s) {
                throw new IllegalArgumentException("MultiHeadAttention: key padding mask " + Arrays.toString(keyPaddingMask.shape())
                        + " must be (B, S) = (" + b + ", " + s + ")");
            }
            Tensor kp = keyPaddingMask.dtype() == DType.BOOL ? keyPaddingMask : keyPaddingMask.ne(0);
            mask = kp.reshape(b, 1, 1, s);
        }
        if (causal) {
            Tensor rows = Tensor.on(query.backend()).arange(0, t, 1).reshape(t, 1);
            Tensor cols = Tensor.on(query.backend()).arange(0, s, 1).reshape(1, s);
            Tensor c = cols.gt(rows); // (T, S)
            mask = mask == null ? c : mask.to(DType.INT32).maximum(c.to(DType.INT32)).ne(0);
        }
        if (mask != null) scores = scores.maskedFill(mask, MASKED);
        Tensor attn = attnDropout.forward(scores.softmax(-1));
        Tensor ctx = attn.matmul(v).permute(0, 2, 1, 3).reshape(b, t, e);
        return outProj.forward(ctx);
    }

    private Tensor heads(Tensor x, int b, int len) {
        return x.reshape(b, len, numHeads, headDim).permute(0, 2, 1, 3);
    }

    private void check(String what, Tensor x) {
        if (x.rank() != 3 || x.shape(2) != embedDim) {
            throw new IllegalArgumentException("MultiHeadAttention: " + what + " must be (B, L, " + embedDim + "), got "
                    + Arrays.toString(x.shape()));
        }
    }

    /**
     * The model width E.
     *
     * @return {@code embedDim}
     */
    public int embedDim() { return embedDim; }

    /**
     * The number of heads H.
     *
     * @return {@code numHeads}
     */
    public int numHeads() { return numHeads; }

    /**
     * {@code {"type": "multi_head_attention", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("multi_head_attention").put("embed_dim", embedDim).put("num_heads", numHeads)
                .put("dropout", attnDropout.p());
    }
}
