package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.ModuleList;
import io.github.tensorforge.nn.io.Json;

/**
 * A stack of {@link TransformerEncoderLayer}s ({@code layers.0 ...}) and, for pre-norm stacks, a final
 * {@code norm} (as pre-norm Transformers need one after the last residual).
 */
public final class TransformerEncoder extends Module {
    private final ModuleList<TransformerEncoderLayer> layers;
    private final LayerNorm norm;
    private final int numLayers;
    private final ObjectNode layerConfig;

    public TransformerEncoder(int numLayers, int dModel, int nHead, int dimFeedforward, double dropout,
                              Activation.Kind activation, boolean normFirst, Rng rng) {
        this(numLayers, dModel, nHead, dimFeedforward, dropout, activation, normFirst, 1e-5, rng);
    }

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

    @Override public Tensor forward(Tensor x) { return forward(x, null, false); }

    /** x {@code (B, T, dModel)}; keyPaddingMask {@code (B, T)} BOOL true at padding, or null. */
    public Tensor forward(Tensor x, Tensor keyPaddingMask, boolean causal) {
        Tensor h = x;
        for (TransformerEncoderLayer l : layers) h = l.forward(h, keyPaddingMask, causal);
        return norm == null ? h : norm.forward(h);
    }

    @Override public ObjectNode config() {
        ObjectNode c = Json.object().put("type", "transformer_encoder").put("num_layers", numLayers);
        c.set("layer", layerConfig);
        return c;
    }
}
