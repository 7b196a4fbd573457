package io.github.tensorforge.nn.models;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.ModuleConfig;
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
 * head. ids {@code (B, T)} int to logits {@code (B, numClasses)}. Parameters are float32; dropout is active in
 * training mode only.
 */
public final class TransformerClassifier extends Module {
    /**
     * The hyperparameters.
     *
     * @param vocabSize        the number of token ids, padding id 0 included
     * @param maxLen           the longest input in tokens
     * @param dModel           the model width
     * @param nHead            the attention heads per layer, a divisor of {@code dModel}
     * @param numLayers        the number of encoder layers
     * @param dimFeedforward   the feed-forward hidden width
     * @param numClasses       the number of classes
     * @param dropout          the dropout probability, in {@code [0, 1)}
     * @param normFirst        pre-norm ({@code true}) or post-norm encoder layers
     * @param learnedPositions a learned positional table ({@code true}) or the sinusoidal one
     * @param activation       the feed-forward activation
     */
    public record Config(int vocabSize, int maxLen, int dModel, int nHead, int numLayers, int dimFeedforward,
                         int numClasses, double dropout, boolean normFirst, boolean learnedPositions,
                         Activation.Kind activation) {}

    /** The padding token id. */
    public static final int PAD = 0;
    private final Config cfg;
    private final Embedding tokens;
    private final PositionalEmbedding positions;
    private final Dropout dropout;
    private final TransformerEncoder encoder;
    private final Linear head;

    /**
     * A freshly initialized classifier.
     *
     * @param c   the hyperparameters
     * @param rng the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive, {@code nHead} does not divide {@code dModel}, or the
     *                                  dropout is outside {@code [0, 1)}
     */
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

    /**
     * The hyperparameters this model was built with.
     *
     * @return the configuration
     */
    public Config hyperparameters() { return cfg; }

    /**
     * ids {@code (B, T)} INT32/INT64 with 0 = padding; returns logits {@code (B, numClasses)}.
     *
     * @param ids the token ids {@code (B, T)}, padded with {@link #PAD}
     * @return a new tensor {@code (B, numClasses)} of raw scores
     * @throws IllegalArgumentException  if {@code ids} is not a 2-d integer tensor or {@code T > maxLen}
     * @throws IndexOutOfBoundsException if an id is outside {@code [0, vocabSize)}
     */
    @Override public Tensor forward(Tensor ids) {
        if (ids.rank() != 2) throw new IllegalArgumentException("TransformerClassifier: ids must be (B, T), got " + java.util.Arrays.toString(ids.shape()));
        Tensor pad = ids.eq(PAD);                                   // (B, T) true at padding
        Tensor h = dropout.forward(positions.forward(tokens.forward(ids)));
        h = encoder.forward(h, pad, false);
        Tensor keep = pad.to(h.dtype()).rsub(1.0);                  // 1 at real tokens
        Tensor pooled = h.mul(keep.unsqueeze(2)).sum(1, false).div(keep.sum(1, true).maximum(1.0));
        return head.forward(pooled);
    }

    /**
     * {@code {"type": "transformer_classifier", ...}} with the hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("transformer_classifier").put("vocab_size", cfg.vocabSize())
                .put("max_len", cfg.maxLen()).put("d_model", cfg.dModel()).put("n_head", cfg.nHead())
                .put("num_layers", cfg.numLayers()).put("dim_feedforward", cfg.dimFeedforward())
                .put("num_classes", cfg.numClasses()).put("dropout", cfg.dropout()).put("norm_first", cfg.normFirst())
                .put("learned_positions", cfg.learnedPositions())
                .put("activation", cfg.activation().name().toLowerCase(Locale.ROOT));
    }
}
