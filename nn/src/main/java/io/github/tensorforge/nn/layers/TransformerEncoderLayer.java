package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.Locale;

/**
 * One Transformer encoder block with PyTorch's structure and names ({@code self_attn, linear1, dropout, linear2,
 * norm1, norm2, dropout1, dropout2}). Post-norm (BERT): {@code x = norm1(x + sa(x)); x = norm2(x + ff(x))}.
 * Pre-norm: {@code x = x + sa(norm1(x)); x = x + ff(norm2(x))}. {@code ff(x) = linear2(dropout(act(linear1(x))))}.
 * {@code sa} and {@code ff} are followed by {@code dropout1} and {@code dropout2}; every dropout, attention weights
 * included, is active in training mode only.
 */
public final class TransformerEncoderLayer extends Module {
    private final int dModel, nHead, dimFeedforward;
    private final double dropoutP, eps;
    private final Activation.Kind activation;
    private final boolean normFirst;
    private final MultiHeadAttention selfAttn;
    private final Linear linear1, linear2;
    private final Dropout dropout, dropout1, dropout2;
    private final LayerNorm norm1, norm2;

    /**
     * One encoder block with float32 parameters.
     *
     * @param dModel         the model width
     * @param nHead          the number of attention heads (a divisor of {@code dModel})
     * @param dimFeedforward the hidden width of the feed-forward block
     * @param dropout        the dropout probability everywhere in the block
     * @param activation     the feed-forward activation
     * @param normFirst      pre-norm ({@code true}) or post-norm (BERT)
     * @param layerNormEps   the layer norms' {@code eps}
     * @param rng            the generator the initial weights are drawn from
     * @throws IllegalArgumentException if the sizes are not positive, {@code nHead} does not divide {@code dModel},
     *                                  or {@code dropout} is outside {@code [0, 1)}
     */
    public TransformerEncoderLayer(int dModel, int nHead, int dimFeedforward, double dropout,
                                   Activation.Kind activation, boolean normFirst, double layerNormEps, Rng rng) {
        this.dModel = dModel;
        this.nHead = nHead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.eps = layerNormEps;
        this.activation = activation;
        this.normFirst = normFirst;
        this.selfAttn = registerModule("self_attn", new MultiHeadAttention(dModel, nHead, dropout, rng));
        this.linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward, rng));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        this.linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel, rng));
        this.norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        this.norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        this.dropout1 = registerModule("dropout1", new Dropout(dropout));
        this.dropout2 = registerModule("dropout2", new Dropout(dropout));
    }

    /**
     * Encodes {@code x: (B, T, dModel)} without masks, as {@code forward(x, null, false)}.
     *
     * @param x the input sequence
     * @return a new tensor {@code (B, T, dModel)}
     * @throws IllegalArgumentException if {@code x} is not {@code (B, T, dModel)}
     */
    @Override public Tensor forward(Tensor x) { return forward(x, null, false); }

    /**
     * Encodes {@code x: (B, T, dModel)} to {@code (B, T, dModel)}: self-attention, then the feed-forward block, each
     * with its residual and layer norm.
     *
     * @param x              the input sequence
     * @param keyPaddingMask {@code (B, T)} BOOL, true at padding, or null
     * @param causal         whether position i may attend only to positions {@code j <= i}
     * @return a new tensor {@code (B, T, dModel)}
     * @throws IllegalArgumentException if {@code x} is not {@code (B, T, dModel)} or the mask is not {@code (B, T)}
     */
    public Tensor forward(Tensor x, Tensor keyPaddingMask, boolean causal) {
        if (normFirst) {
            Tensor h = norm1.forward(x);
            x = x.add(dropout1.forward(selfAttn.forward(h, h, h, keyPaddingMask, causal)));
            return x.add(dropout2.forward(feedForward(norm2.forward(x))));
        }
        x = norm1.forward(x.add(dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, causal))));
        return norm2.forward(x.add(dropout2.forward(feedForward(x))));
    }

    private Tensor feedForward(Tensor x) {
        return linear2.forward(dropout.forward(Activation.apply(activation, linear1.forward(x))));
    }

    /**
     * Whether the block is pre-norm.
     *
     * @return {@code true} for pre-norm, {@code false} for post-norm
     */
    public boolean normFirst() { return normFirst; }

    /**
     * The model width.
     *
     * @return {@code dModel}
     */
    public int dModel() { return dModel; }

    /**
     * {@code {"type": "transformer_encoder_layer", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("transformer_encoder_layer").put("d_model", dModel).put("n_head", nHead)
                .put("dim_feedforward", dimFeedforward).put("dropout", dropoutP)
                .put("activation", activation.name().toLowerCase(Locale.ROOT)).put("norm_first", normFirst)
                .put("layer_norm_eps", eps);
    }
}
