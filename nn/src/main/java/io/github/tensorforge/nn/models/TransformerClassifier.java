package io.github.tensorforge.nn.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Embedding;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.layers.PositionalEmbedding;
import io.github.tensorforge.nn.layers.TransformerEncoder;

import java.util.Locale;

/**
 * A small BERT-style text classifier: token embedding (padding id 0) plus positional embedding, dropout, a
 * {@link TransformerEncoder} with key padding masks from the ids, masked mean pooling over the tokens, and a linear
 * head. ids {@code (B, T)} int to logits {@code (B, numClasses)}.
 */
public final class TransformerClassifier extends Module {
    /** The hyperparameters. */
    public record Config(int vocabSize, int maxLen, int dModel, int nHead, int numLayers, int dimFeedforward,
                         int numClasses, double dropout, boolean normFirst, boolean learnedPositions,
                         Activation.Kind activation) {}

    public static final int PAD = 0;
    private final Config cfg;
    private final Embedding tokens;
    private final PositionalEmbedding positions;
    private final Dropout dropout;
    private final TransformerEncoder encoder;
    private final Linear head;

    public TransformerClassifier(Config c, Rng rng) {
        this.cfg = c;
        this.tokens = registerModule("tokens", new Embedding(c.vocabSize(), c.dModel(), PAD, rng));
        this.positions = registerModule("positions", c.learnedPositions()
                ? PositionalEmbedding.learned(c.maxLen(), c.dModel(), rng)
                : PositionalEmbedding.sinusoidal(c.maxLen(), c.dModel()));
        this.dropout = registerModule("dropout", new Dropout(c.dropout()));
        this.encoder = registerModule("encoder", new TransformerEncoder(c.numLayers(), c.dModel(), c.nHead(),
                c.dimFeedforward(), c.dropout(), c.activation(), c.normFirst(), rng));
        this.head = registerModule("head", new Linear(c.dModel(), c.numClasses(), rng));
    }

    public Config hyperparameters() { return cfg; }

    /** ids {@code (B, T)} INT32/INT64 with 0 = padding; returns logits {@code (B, numClasses)}. */
    @Override public Tensor forward(Tensor ids) {
        if (ids.rank() != 2) throw new IllegalArgumentException("TransformerClassifier: ids must be (B, T), got " + java.util.Arrays.toString(ids.shape()));
        Tensor pad = ids.eq(PAD);                                   // (B, T) true at padding
        Tensor h = dropout.forward(positions.forward(tokens.forward(ids)));
        h = encoder.forward(h, pad, false);
        Tensor keep = pad.to(h.dtype()).rsub(1.0);                  // 1 at real tokens
        Tensor pooled = h.mul(keep.unsqueeze(2)).sum(1, false).div(keep.sum(1, true).maximum(1.0));
        return head.forward(pooled);
    }

    @Override public ObjectNode config() {
        return Json.object().put("type", "transformer_classifier").put("vocab_size", cfg.vocabSize())
                .put("max_len", cfg.maxLen()).put("d_model", cfg.dModel()).put("n_head", cfg.nHead())
                .put("num_layers", cfg.numLayers()).put("dim_feedforward", cfg.dimFeedforward())
                .put("num_classes", cfg.numClasses()).put("dropout", cfg.dropout()).put("norm_first", cfg.normFirst())
                .put("learned_positions", cfg.learnedPositions())
                .put("activation", cfg.activation().name().toLowerCase(Locale.ROOT));
    }
}
