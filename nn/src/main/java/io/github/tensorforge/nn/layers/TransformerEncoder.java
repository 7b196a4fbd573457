package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.ModuleList;
import io.github.tensorforge.nn.io.ModuleConfig;

/**
 * A stack of {@link TransformerEncoderLayer}s ({@code layers.0 ...}) and, for pre-norm stacks, a final
 * {@code norm} (as pre-norm Transformers need one after the last residual). Maps {@code x: (B, T, dModel)} to
 * {@code (B, T, dModel)}; dropout is active in training mode only.
 */
public final class TransformerEncoder extends Module {
    private final ModuleList<TransformerEncoderLayer> layers;
    private final LayerNorm norm;
    private final int numLayers;
    private final ModuleConfig layerConfig;

    /**
     * A stack with layer-norm {@code eps = 1e-5}.
     *
     * @param numLayers      the number of layers
     * @param dModel         the model width
     * @param nHead          the number of attention heads (a divisor of {@code dModel})
     * @param dimFeedforward the hidden width of the feed-forward blocks
     * @param dropout        the dropout probability everywhere in the layers
     * @param activation     the feed-forward activation
     * @param normFirst      pre-norm ({@code true}) or post-norm (BERT)
     * @param rng            the generator the initial weights are drawn from
     * @throws IllegalArgumentException if {@code numLayers} is not positive, or a layer's sizes are invalid
     */
    public TransformerEncoder(int numLayers, int dModel, int nHead, int dimFeedforward, double dropout,
                              Activation.Kind activation, boolean normFirst, Rng rng) {
        this(numLayers, dModel, nHead, dimFeedforward, dropout, activation, normFirst, 1e-5, rng);
    }

    /**
     * A stack of {@code numLayers} identical layers (each with its own weights).
     *
     * @param numLayers      the number of layers
     * @param dModel         the model width
     * @param nHead          the number of attention heads (a divisor of {@code dModel})
     * @param dimFeedforward the hidden width of the feed-forward blocks
     * @param dropout        the dropout probability everywhere in the layers
     * @param activation     the feed-forward activation
     * @param normFirst      pre-norm ({@code true}, with a final {@code norm}) or post-norm (BERT)
     * @param layerNormEps   the layer norms' {@code eps}
     * @param rng            the generator the initial weights are drawn from
     * @throws IllegalArgumentException if {@code numLayers} is not positive, or a layer's sizes are invalid
     */
    public TransformerEncoder(int numLayers, int dModel, int nHead, int dimFeedforward, double dropout,
                              Activation.Kind activation, boolean normFirst, double layerNormEps, Rng rng) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerEncoder: numLayers must be positive, got " + numLayers);
        this.numLayers = numLayers;
        this.layers = registerModule("layers", new ModuleList<>());
        for (int i = 0; i < numLayers; i++) {
            layers.add(new TransformerEncoderLayer(dModel, nHead, dimFeedforward, dropout, activation, normFirst, layerNormEps, rng));
        }
        this.norm = normFirst ? registerModule("norm", new LayerNorm(new int[] {dModel}, layerNormEps, true)) : null;
        this.layerConfig = layers.get(0).config();
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
     * Encodes {@code x: (B, T, dModel)} to {@code (B, T, dModel)} through every layer (and the final norm).
     *
     * @param x              the input sequence
     * @param keyPaddingMask {@code (B, T)} BOOL, true at padding, or null
     * @param causal         whether position i may attend only to positions {@code j <= i}
     * @return a new tensor {@code (B, T, dModel)}
     * @throws IllegalArgumentException if {@code x} is not {@code (B, T, dModel)} or the mask is not {@code (B, T)}
     */
    public Tensor forward(Tensor x, Tensor keyPaddingMask, boolean causal) {
        Tensor h = x;
        for (TransformerEncoderLayer l : layers) h = l.forward(h, keyPaddingMask, causal);
        return norm == null ? h : norm.forward(h);
    }

    /**
     * {@code {"type": "transformer_encoder", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        ModuleConfig c = ModuleConfig.of("transformer_encoder").put("num_layers", numLayers);
        return c.put("layer", layerConfig);
    }
}
