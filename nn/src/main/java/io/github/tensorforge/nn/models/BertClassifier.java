package io.github.tensorforge.nn.models;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Linear;

/**
 * Hugging Face's {@code BertForSequenceClassification}: a {@link BertEncoder} ({@code bert.*}), dropout, and a linear
 * head ({@code classifier.*}) from the pooled output to one logit per label. {@link BertEncoder.Pooling#CLS} pools as
 * Hugging Face does, through the encoder's pooler (dense + tanh on [CLS]) when it has one, else the [CLS] hidden state
 * itself; {@link BertEncoder.Pooling#MEAN} is the mean over the real tokens (sentence-transformers' pooling, what
 * all-MiniLM-L6-v2 was trained with). The head starts as Hugging Face's does: weights normal(0, 0.02), bias 0.
 *
 * <p>{@link #forward(Tensor)} takes token ids {@code (B, T)} padded with {@code padId} and attends to every other id;
 * the encoder's dropout and the head's are active in training mode only ({@link #train()} / {@link #eval()}).
 */
public final class BertClassifier extends Module {
    private final BertEncoder bert;
    private final Dropout dropout;
    private final Linear classifier;
    private final BertEncoder.Pooling pooling;
    private final int padId;

    /**
     * A classifier on {@code encoder} with a new, float32 head.
     *
     * @param encoder   the (pretrained) encoder; owned by the classifier from now on
     * @param numLabels the number of classes, at least 2
     * @param pooling   how the token states become one vector per text
     * @param dropout   the head's dropout probability (Hugging Face: the encoder's hidden dropout, 0.1)
     * @param padId     the padding id of the encoder's tokenizer (BERT vocabularies: 0)
     * @param rng       the generator the head's weights are drawn from
     * @throws IllegalArgumentException if {@code numLabels < 2}, {@code padId} is not in the vocabulary, or
     *                                  {@code dropout} is outside {@code [0, 1)}
     */
    public BertClassifier(BertEncoder encoder, int numLabels, BertEncoder.Pooling pooling, double dropout, int padId,
                          Rng rng) {
        if (numLabels < 2) throw new IllegalArgumentException("BertClassifier: need at least 2 labels, got " + numLabels);
        int hidden = encoder.bertConfig().hiddenSize();
        if (padId < 0 || padId >= encoder.bertConfig().vocabSize()) {
            throw new IllegalArgumentException("BertClassifier: pad id " + padId + " is not in the vocabulary of "
                    + encoder.bertConfig().vocabSize());
        }
        this.bert = registerModule("bert", encoder);
        this.dropout = registerModule("dropout", new Dropout(dropout));
        this.classifier = registerModule("classifier", new Linear(hidden, numLabels, rng));
        try (var g = GradMode.disable()) {
            classifier.weight().value().assign(Init.normal(rng, 0, 0.02, numLabels, hidden));
            classifier.bias().value().assign(Tensor.zeros(numLabels));
        }
        this.pooling = pooling;
        this.padId = padId;
    }

    /**
     * The encoder ({@code bert.*}).
     *
     * @return the live encoder
     */
    public BertEncoder encoder() { return bert; }

    /**
     * How the token states are pooled.
     *
     * @return the pooling
     */
    public BertEncoder.Pooling pooling() { return pooling; }

    /**
     * The number of classes, the width of the logits.
     *
     * @return the number of labels
     */
    public int numLabels() { return classifier.weight().value().shape(0); }

    /**
     * The padding id that {@link #forward(Tensor)} does not attend to.
     *
     * @return the padding id
     */
    public int padId() { return padId; }

    /**
     * Stops training the embeddings (when {@code embeddings}) and the first {@code layers} encoder layers: their
     * parameters no longer require gradients, so backward stops below the lowest trained layer, and
     * {@link #trainableParameters} leaves them out (give that to the optimizer). Modifies the parameters' tensors in
     * place; calls add to what is already frozen.
     *
     * @param embeddings whether to freeze the embeddings ({@code bert.embeddings.*})
     * @param layers     how many of the lowest encoder layers to freeze, in {@code [0, numLayers]}
     * @throws IllegalArgumentException if {@code layers} is outside {@code [0, numLayers]}
     */
    public void freeze(boolean embeddings, int layers) {
        int n = bert.bertConfig().numLayers();
        if (layers < 0 || layers > n) {
            throw new IllegalArgumentException("BertClassifier.freeze: layers must be in [0, " + n + "], got " + layers);
        }
        namedParameters().forEach((name, p) -> {
            if (isFrozen(name, embeddings, layers)) p.value().requiresGrad(false);
        });
    }

    private static boolean isFrozen(String name, boolean embeddings, int layers) {
        if (embeddings && name.startsWith("bert.embeddings.")) return true;
        for (int i = 0; i < layers; i++) if (name.startsWith("bert.encoder.layer." + i + ".")) return true;
        return false;
    }

    /**
     * The parameters that are trained: all but the {@link #freeze frozen} ones, by name.
     *
     * @return a new map from dotted name to the live parameter, in registration order
     */
    public java.util.Map<String, io.github.tensorforge.nn.Parameter> trainableParameters() {
        java.util.Map<String, io.github.tensorforge.nn.Parameter> out = new java.util.LinkedHashMap<>();
        namedParameters().forEach((name, p) -> { if (p.value().isRequiresGrad()) out.put(name, p); });
        return out;
    }

    /**
     * The head's dropout probability.
     *
     * @return the probability
     */
    public double headDropout() { return dropout.p(); }

    /**
     * Logits {@code (B, labels)} of token ids {@code (B, T)}: every id but {@link #padId()} attended, token type 0.
     *
     * @param ids the token ids {@code (B, T)}, int32 or int64, padded with {@link #padId()}
     * @return a new tensor {@code (B, labels)} of raw scores, in the parameters' dtype
     * @throws IllegalArgumentException  if {@code ids} is not a 2-d integer tensor or is longer than the encoder's
     *                                   positions
     * @throws IndexOutOfBoundsException if an id is outside the vocabulary
     */
    @Override public Tensor forward(Tensor ids) { return forward(ids, null, ids.ne((double) padId)); }

    /**
     * Logits {@code (B, labels)}, with token types and an attention mask {@code (B, T)} as
     * {@link BertEncoder#forward(Tensor, Tensor, Tensor)}.
     *
     * @param ids           the token ids {@code (B, T)}, int32 or int64
     * @param typeIds       the token type ids {@code (B, T)}, or null for all 0
     * @param attentionMask {@code (B, T)}, 1 (or true) at real tokens and 0 at padding, or null for all attended
     * @return a new tensor {@code (B, labels)} of raw scores, in the parameters' dtype
     * @throws IllegalArgumentException  if an input has the wrong shape or dtype
     * @throws IndexOutOfBoundsException if an id is outside its vocabulary
     */
    public Tensor forward(Tensor ids, Tensor typeIds, Tensor attentionMask) {
        Tensor hidden = bert.forward(ids, typeIds, attentionMask);
        Tensor pooled = switch (pooling) {
            case CLS -> bert.bertConfig().pooler() ? bert.pooled(hidden) : BertEncoder.clsPool(hidden);
            case MEAN -> attentionMask == null ? hidden.mean(1, false) : BertEncoder.meanPool(hidden, attentionMask);
        };
        return classifier.forward(dropout.forward(pooled));
    }
}
