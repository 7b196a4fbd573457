package io.github.tensorforge.nn.models;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.ModuleConfig;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Embedding;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.layers.Lstm;
import io.github.tensorforge.nn.layers.Rnn;

import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent text classifier: token embedding (padding id 0), a stacked, optionally bidirectional {@link Lstm} run
 * over each row's real tokens only (its length is the count of non-padding ids; padding comes last), the last
 * layer's final hidden states of both directions concatenated, dropout, and a linear head. ids {@code (B, T)}
 * INT32/INT64 to logits {@code (B, numClasses)}.
 */
public final class LstmClassifier extends Module {
    /** The padding token id. */
    public static final int PAD = 0;

    private final int vocabSize, embedDim, hiddenSize, numLayers, numClasses;
    private final boolean bidirectional;
    private final double dropoutP;
    private final Embedding embedding;
    private final Lstm lstm;
    private final Dropout dropout;
    private final Linear head;

    /**
     * A classifier with freshly initialized parameters.
     *
     * @param vocabSize     the number of token ids, padding id 0 included (at least 2)
     * @param embedDim      the embedding size
     * @param hiddenSize    the LSTM hidden size per direction
     * @param numLayers     the stacked LSTM layers
     * @param bidirectional whether the LSTM also reads each row backwards
     * @param numClasses    the number of classes
     * @param dropout       dropout on the embeddings, between stacked LSTM layers and on the pooled state, in training
     * @param rng           the generator the initial parameters are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public LstmClassifier(int vocabSize, int embedDim, int hiddenSize, int numLayers, boolean bidirectional, int numClasses,
                          double dropout, Rng rng) {
        if (vocabSize < 2 || numClasses <= 0) {
            throw new IllegalArgumentException("LstmClassifier: vocab size " + vocabSize + " (at least 2) and classes "
                    + numClasses + " must be positive");
        }
        this.vocabSize = vocabSize;
        this.embedDim = embedDim;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bidirectional = bidirectional;
        this.numClasses = numClasses;
        this.dropoutP = dropout;
        this.embedding = registerModule("embedding", new Embedding(vocabSize, embedDim, PAD, rng));
        this.lstm = registerModule("lstm", new Lstm(embedDim, hiddenSize, numLayers, bidirectional, true, dropout, rng));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        this.head = registerModule("head", new Linear(hiddenSize * (bidirectional ? 2 : 1), numClasses, rng));
    }

    /**
     * Classifies padded token rows.
     *
     * @param ids {@code (B, T)} token ids, 0 for padding at the end of each row
     * @return logits {@code (B, numClasses)}
     * @throws IllegalArgumentException if {@code ids} is not 2-D
     */
    @Override public Tensor forward(Tensor ids) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException("LstmClassifier: ids must be (B, T), got " + java.util.Arrays.toString(ids.shape()));
        }
        int[] lengths;
        try (var g = GradMode.disable(); Tensor counts = ids.ne(PAD).to(DType.INT32).sum(1, false)) {
            lengths = counts.toIntArray();
        }
        Rnn.Output out = lstm.forward(dropout.forward(embedding.forward(ids)), lengths);
        // h_n is (L D, B, H), layer-major: the last layer's directions are its last D entries
        int dirs = bidirectional ? 2 : 1;
        List<Tensor> last = new ArrayList<>();
        for (int d = 0; d < dirs; d++) last.add(out.hidden().select(0, (numLayers - 1) * dirs + d));
        Tensor pooled = dirs == 1 ? last.get(0) : Tensor.cat(last, 1);
        return head.forward(dropout.forward(pooled));
    }

    /**
     * {@code {"type": "lstm_classifier", ...}} with this model's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("lstm_classifier").put("vocab_size", vocabSize).put("embed_dim", embedDim)
                .put("hidden_size", hiddenSize).put("num_layers", numLayers).put("bidirectional", bidirectional)
                .put("num_classes", numClasses).put("dropout", dropoutP);
    }

    /**
     * The sizes, such as {@code LstmClassifier(vocab 20000, embed 128, Lstm(128 -> 128, 1 layer, bidirectional), 3 classes)}.
     *
     * @return a readable description
     */
    @Override public String toString() {
        return "LstmClassifier(vocab " + vocabSize + ", embed " + embedDim + ", " + lstm + ", " + numClasses + " classes)";
    }
}
