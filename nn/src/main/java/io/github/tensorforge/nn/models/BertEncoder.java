package io.github.tensorforge.nn.models;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.ModuleList;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Embedding;
import io.github.tensorforge.nn.layers.LayerNorm;
import io.github.tensorforge.nn.layers.Linear;

import java.util.Arrays;

/**
 * A BERT encoder with Hugging Face {@code BertModel} semantics and parameter names: word + position + token-type
 * embeddings and a LayerNorm; then post-norm layers of self-attention (separate query, key and value projections,
 * scores divided by {@code sqrt(head size)} plus an additive mask from {@code attention_mask}), a residual
 * LayerNorm, an erf-GELU feed-forward block and another residual LayerNorm; optionally the pooler (dense + tanh on
 * the first token). {@link #forward(Tensor, Tensor, Tensor)} returns the last hidden state {@code (B, T, H)}.
 * Parameter names are Hugging Face's ({@code embeddings.word_embeddings.weight},
 * {@code encoder.layer.0.attention.self.query.weight}, ...), so a checkpoint's state dict loads by name.
 * Parameters are float32 when built; every dropout (embeddings, attention weights, outputs) is active in training
 * mode only.
 */
public final class BertEncoder extends Module {
    /**
     * How token states become one vector per text: the [CLS] token's, or the mean over the real tokens.
     */
    public enum Pooling {
        /** The mean of the hidden states of the real (attended) tokens; see {@link BertEncoder#meanPool}. */
        MEAN,
        /**
         * The first token's ({@code [CLS]}) state: as it is for sentence embeddings ({@code PretrainedEncoder}), through
         * the pooler when the model has one for a classifier ({@code BertClassifier}, as Hugging Face's).
         */
        CLS
    }

    /**
     * The architecture, with the names of a Hugging Face {@code config.json} in mind: {@code vocab_size},
     * {@code hidden_size}, {@code num_hidden_layers}, {@code num_attention_heads}, {@code intermediate_size},
     * {@code max_position_embeddings}, {@code type_vocab_size}, {@code layer_norm_eps} and
     * {@code hidden_dropout_prob}.
     *
     * @param vocabSize        the number of token ids ({@code vocab_size})
     * @param hiddenSize       the model width H ({@code hidden_size})
     * @param numLayers        the number of encoder layers ({@code num_hidden_layers})
     * @param numHeads         the attention heads per layer, a divisor of H ({@code num_attention_heads})
     * @param intermediateSize the feed-forward hidden width ({@code intermediate_size})
     * @param maxPositions     the longest input in tokens ({@code max_position_embeddings})
     * @param typeVocabSize    the number of token types ({@code type_vocab_size})
     * @param layerNormEps     the layer norms' {@code eps} ({@code layer_norm_eps})
     * @param dropout          the dropout probability of embeddings, attention weights and outputs
     *                         ({@code hidden_dropout_prob})
     * @param pooler           whether the model has a pooler (dense + tanh on the first token)
     */
    public record Config(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
                         int maxPositions, int typeVocabSize, double layerNormEps, double dropout, boolean pooler) {
        /**
         * Validates the architecture.
         *
         * @param vocabSize        the number of token ids
         * @param hiddenSize       the model width H
         * @param numLayers        the number of encoder layers
         * @param numHeads         the attention heads per layer
         * @param intermediateSize the feed-forward hidden width
         * @param maxPositions     the longest input in tokens
         * @param typeVocabSize    the number of token types
         * @param layerNormEps     the layer norms' {@code eps}
         * @param dropout          the dropout probability
         * @param pooler           whether the model has a pooler
         * @throws IllegalArgumentException if a size is not positive, {@code numHeads} does not divide
         *                                  {@code hiddenSize}, {@code layerNormEps} is not positive, or {@code dropout}
         *                                  is outside {@code [0, 1)}
         */
        public Config {
            if (vocabSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || intermediateSize <= 0
                    || maxPositions <= 0 || typeVocabSize <= 0) {
                throw new IllegalArgumentException("BertEncoder: every size must be positive, got " + this);
            }
            if (hiddenSize % numHeads != 0) {
                throw new IllegalArgumentException("BertEncoder: hidden size " + hiddenSize + " is not a multiple of "
                        + numHeads + " heads");
            }
            if (!(layerNormEps > 0) || !(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("BertEncoder: layer_norm_eps must be > 0 and dropout in [0, 1), got "
                        + layerNormEps + " and " + dropout);
            }
        }
    }

    private final Config config;
    private final Embeddings embeddings;
    private final Encoder encoder;
    private final Pooler pooler;

    /**
     * A freshly initialized encoder (load pretrained weights with {@link #loadStateDict}).
     *
     * @param config the architecture
     * @param rng    the generator the initial weights are drawn from
     */
    public BertEncoder(Config config, Rng rng) {
        this.config = config;
        this.embeddings = registerModule("embeddings", new Embeddings(config, rng));
        this.encoder = registerModule("encoder", new Encoder(config, rng));
        this.pooler = config.pooler() ? registerModule("pooler", new Pooler(config, rng)) : null;
    }

    /**
     * The last hidden state {@code (B, T, H)} of token ids {@code (B, T)}, every token attended, token type 0; as
     * {@code forward(ids, null, null)}.
     *
     * @param ids the token ids {@code (B, T)}, int32 or int64
     * @return a new tensor {@code (B, T, H)}
     * @throws IllegalArgumentException  if {@code ids} is not a 2-d integer tensor or {@code T} exceeds
     *                                   {@code maxPositions}
     * @throws IndexOutOfBoundsException if an id is outside the vocabulary
     */
    @Override public Tensor forward(Tensor ids) { return forward(ids, null, null); }

    /**
     * The last hidden state {@code (B, T, H)} of token ids {@code (B, T)} (int32 or int64), with token type ids
     * {@code (B, T)} (null: all 0) and an attention mask {@code (B, T)} of 1 at real tokens and 0 at padding (null:
     * all 1). The hidden state has the parameters' dtype (float32 unless converted).
     *
     * @param ids           the token ids {@code (B, T)}, int32 or int64
     * @param typeIds       the token type ids {@code (B, T)}, int32 or int64, or null
     * @param attentionMask {@code (B, T)}, 1 (or true) at real tokens and 0 at padding, or null
     * @return a new tensor {@code (B, T, H)}
     * @throws IllegalArgumentException  if {@code ids} is not a 2-d integer tensor, {@code T} exceeds
     *                                   {@code maxPositions}, or {@code typeIds} or the mask is not {@code (B, T)}
     * @throws IndexOutOfBoundsException if an id or a type id is outside its vocabulary
     */
    public Tensor forward(Tensor ids, Tensor typeIds, Tensor attentionMask) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException("BertEncoder: input ids must be (B, T), got " + Arrays.toString(ids.shape()));
        }
        int b = ids.shape(0), t = ids.shape(1);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException("BertEncoder: " + t + " tokens exceed the " + config.maxPositions()
                    + " positions of the model; truncate the input");
        }
        for (Tensor other : new Tensor[] {typeIds, attentionMask}) {
            if (other != null && !Arrays.equals(other.shape(), ids.shape())) {
                throw new IllegalArgumentException("BertEncoder: token type ids and attention mask must be (B, T) = "
                        + Arrays.toString(ids.shape()) + ", got " + Arrays.toString(other.shape()));
            }
        }
        Tensor x = embeddings.forward(ids, typeIds);
        // Hugging Face's extended mask: 0 where attended, the lowest float where masked, added to every head's scores.
        Tensor additive = null;
        if (attentionMask != null) {
            additive = attentionMask.to(x.dtype()).rsub(1.0).mul(-Float.MAX_VALUE).reshape(b, 1, 1, t);
        }
        for (Layer layer : encoder.layers) x = layer.forward(x, additive);
        return x;
    }

    /**
     * The pooler's output {@code (B, H)}: tanh(dense(first token)). Needs a model with a pooler.
     *
     * @param lastHidden the last hidden state {@code (B, T, H)}
     * @return a new tensor {@code (B, H)}
     * @throws IllegalStateException if this model has no pooler
     */
    public Tensor pooled(Tensor lastHidden) {
        if (pooler == null) throw new IllegalStateException("BertEncoder: this model has no pooler (its weights had none)");
        return pooler.forward(lastHidden);
    }

    /**
     * The first token's ({@code [CLS]}) hidden state {@code (B, H)}.
     *
     * @param lastHidden the last hidden state {@code (B, T, H)}
     * @return the states at position 0, {@code (B, H)} (a view)
     */
    public static Tensor clsPool(Tensor lastHidden) { return lastHidden.select(1, 0); }

    /**
     * The mean of the hidden states of the real tokens, {@code (B, H)}: {@code sum(h * mask) / max(sum(mask), 1e-9)},
     * as sentence-transformers computes it.
     *
     * @param lastHidden    the last hidden state {@code (B, T, H)}
     * @param attentionMask {@code (B, T)}, 1 (or true) at real tokens and 0 at padding
     * @return a new tensor {@code (B, H)} in the dtype of {@code lastHidden}
     */
    public static Tensor meanPool(Tensor lastHidden, Tensor attentionMask) {
        Tensor m = attentionMask.to(lastHidden.dtype()).unsqueeze(2); // (B, T, 1)
        Tensor sum = lastHidden.mul(m).sum(1, false);
        Tensor count = m.sum(1, false).maximum(1e-9);
        return sum.div(count);
    }

    /**
     * Each row divided by its L2 norm (at least 1e-12), as {@code torch.nn.functional.normalize}.
     *
     * @param x vectors {@code (..., D)}
     * @return a new tensor of the shape of {@code x}, unit length along the last axis
     */
    public static Tensor l2Normalize(Tensor x) {
        Tensor norm = x.mul(x).sum(-1, true).sqrt().maximum(1e-12);
        return x.div(norm);
    }

    /**
     * The architecture this encoder was built with.
     *
     * @return the configuration
     */
    public Config bertConfig() { return config; }

    // ---- the parts, named as in Hugging Face's BertModel ----------------------------------------------------------

    static final class Embeddings extends Module {
        final Embedding word, position, tokenType;
        final LayerNorm norm;
        final Dropout dropout;

        Embeddings(Config c, Rng rng) {
            word = registerModule("word_embeddings", new Embedding(c.vocabSize(), c.hiddenSize(), rng));
            position = registerModule("position_embeddings", new Embedding(c.maxPositions(), c.hiddenSize(), rng));
            tokenType = registerModule("token_type_embeddings", new Embedding(c.typeVocabSize(), c.hiddenSize(), rng));
            norm = registerModule("LayerNorm", new LayerNorm(new int[] {c.hiddenSize()}, c.layerNormEps(), true));
            dropout = registerModule("dropout", new Dropout(c.dropout()));
        }

        @Override public Tensor forward(Tensor ids) { return forward(ids, null); }

        Tensor forward(Tensor ids, Tensor typeIds) {
            int t = ids.shape(1);
            Tensor positions = Tensor.on(ids.backend()).arange(0, t, 1).reshape(1, t);
            Tensor types = typeIds != null ? typeIds : Tensor.on(ids.backend()).zeros(DType.INT64, ids.shape());
            Tensor x = word.forward(ids).add(position.forward(positions)).add(tokenType.forward(types));
            return dropout.forward(norm.forward(x));
        }
    }

    static final class Encoder extends Module {
        final ModuleList<Layer> layers;

        Encoder(Config c, Rng rng) {
            layers = registerModule("layer", new ModuleList<>());
            for (int i = 0; i < c.numLayers(); i++) layers.add(new Layer(c, rng));
        }

        @Override public Tensor forward(Tensor x) {
            for (Layer l : layers) x = l.forward(x, null);
            return x;
        }
    }

    static final class Layer extends Module {
        final Attention attention;
        final Intermediate intermediate;
        final Output output;

        Layer(Config c, Rng rng) {
            attention = registerModule("attention", new Attention(c, rng));
            intermediate = registerModule("intermediate", new Intermediate(c, rng));
            output = registerModule("output", new Output(c, c.intermediateSize(), rng));
        }

        @Override public Tensor forward(Tensor x) { return forward(x, null); }

        Tensor forward(Tensor x, Tensor additiveMask) {
            Tensor a = attention.forward(x, additiveMask);
            return output.forward(intermediate.forward(a), a);
        }
    }

    static final class Attention extends Module {
        final SelfAttention self;
        final Output output;

        Attention(Config c, Rng rng) {
            self = registerModule("self", new SelfAttention(c, rng));
            output = registerModule("output", new Output(c, c.hiddenSize(), rng));
        }

        @Override public Tensor forward(Tensor x) { return forward(x, null); }

        Tensor forward(Tensor x, Tensor additiveMask) { return output.forward(self.forward(x, additiveMask), x); }
    }

    static final class SelfAttention extends Module {
        final Linear query, key, value;
        final Dropout dropout;
        final int heads, headSize;

        SelfAttention(Config c, Rng rng) {
            query = registerModule("query", new Linear(c.hiddenSize(), c.hiddenSize(), rng));
            key = registerModule("key", new Linear(c.hiddenSize(), c.hiddenSize(), rng));
            value = registerModule("value", new Linear(c.hiddenSize(), c.hiddenSize(), rng));
            dropout = registerModule("dropout", new Dropout(c.dropout()));
            heads = c.numHeads();
            headSize = c.hiddenSize() / c.numHeads();
        }

        @Override public Tensor forward(Tensor x) { return forward(x, null); }

        Tensor forward(Tensor x, Tensor additiveMask) {
            int b = x.shape(0), t = x.shape(1);
            Tensor q = split(query.forward(x), b, t), k = split(key.forward(x), b, t), v = split(value.forward(x), b, t);
            Tensor scores = q.matmul(k.transpose(2, 3)).div(Math.sqrt(headSize)); // (B, heads, T, T)
            if (additiveMask != null) scores = scores.add(additiveMask);
            Tensor ctx = dropout.forward(scores.softmax(-1)).matmul(v); // (B, heads, T, headSize)
            return ctx.permute(0, 2, 1, 3).reshape(b, t, heads * headSize);
        }

        private Tensor split(Tensor y, int b, int t) { return y.reshape(b, t, heads, headSize).permute(0, 2, 1, 3); }
    }

    /** {@code LayerNorm(residual + dropout(dense(x)))}: the attention output and the layer output of BERT. */
    static final class Output extends Module {
        final Linear dense;
        final LayerNorm norm;
        final Dropout dropout;

        Output(Config c, int in, Rng rng) {
            dense = registerModule("dense", new Linear(in, c.hiddenSize(), rng));
            norm = registerModule("LayerNorm", new LayerNorm(new int[] {c.hiddenSize()}, c.layerNormEps(), true));
            dropout = registerModule("dropout", new Dropout(c.dropout()));
        }

        @Override public Tensor forward(Tensor x) { throw new UnsupportedOperationException("Output needs the residual"); }

        Tensor forward(Tensor x, Tensor residual) { return norm.forward(dropout.forward(dense.forward(x)).add(residual)); }
    }

    /** The feed-forward block's first half: dense to the intermediate size, then erf GELU (fused into the GEMM). */
    static final class Intermediate extends Module {
        final Linear dense;

        Intermediate(Config c, Rng rng) {
            dense = registerModule("dense", new Linear(c.hiddenSize(), c.intermediateSize(), true,
                    io.github.tensorforge.spi.UnaryOp.GELU, rng));
        }

        @Override public Tensor forward(Tensor x) { return dense.forward(x); }
    }

    static final class Pooler extends Module {
        final Linear dense;

        Pooler(Config c, Rng rng) { dense = registerModule("dense", new Linear(c.hiddenSize(), c.hiddenSize(), rng)); }

        @Override public Tensor forward(Tensor lastHidden) { return dense.forward(clsPool(lastHidden)).tanh(); }
    }
}
