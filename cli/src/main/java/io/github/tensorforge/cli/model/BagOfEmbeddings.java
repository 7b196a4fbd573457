package io.github.tensorforge.cli.model;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Sequential;
import io.github.tensorforge.nn.io.ModelFactory;
import io.github.tensorforge.nn.io.ModuleConfig;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Embedding;
import io.github.tensorforge.nn.layers.Linear;

import java.util.ArrayList;
import java.util.List;

/**
 * A bag-of-embeddings text classifier (fastText-style): token embedding with padding id 0, mean over the real tokens
 * (padding masked out), dropout, then an MLP head ({@code hidden} ReLU layers, none by default) to the class logits.
 * ids {@code (B, T)} INT32/INT64 to logits {@code (B, numClasses)}.
 *
 * <p>Written in the cli module because nn has no such model; it registers itself with {@link ModelFactory} under
 * {@value #TYPE} so saved model directories load like any other.
 */
public final class BagOfEmbeddings extends Module {
    public static final String TYPE = "bag_of_embeddings";
    public static final int PAD = 0;

    private final int vocabSize, dim, numClasses;
    private final int[] hidden;
    private final double dropoutP;
    private final Embedding embedding;
    private final Dropout dropout;
    private final Sequential head;

    static {
        register();
    }

    /** Makes {@link ModelFactory} know this type (idempotent). */
    public static void register() {
        ModelFactory.register(TYPE, BagOfEmbeddings::fromConfig);
    }

    public BagOfEmbeddings(int vocabSize, int dim, int[] hidden, int numClasses, double dropout, Rng rng) {
        if (vocabSize < 2 || dim <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("BagOfEmbeddings: vocab size " + vocabSize + ", dim " + dim
                    + " and classes " + numClasses + " must be positive (vocab at least 2)");
        }
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.numClasses = numClasses;
        this.hidden = hidden.clone();
        this.dropoutP = dropout;
        this.embedding = registerModule("embedding", new Embedding(vocabSize, dim, PAD, rng));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        List<Module> layers = new ArrayList<>();
        int prev = dim;
        for (int h : hidden) {
            layers.add(new Linear(prev, h, rng));
            layers.add(new Activation(Activation.Kind.RELU));
            prev = h;
        }
        layers.add(new Linear(prev, numClasses, rng));
        this.head = registerModule("head", new Sequential(layers));
    }

    /** ids {@code (B, T)} with 0 = padding; returns logits {@code (B, numClasses)}. */
    @Override public Tensor forward(Tensor ids) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException("BagOfEmbeddings: ids must be (B, T), got " + java.util.Arrays.toString(ids.shape()));
        }
        Tensor e = embedding.forward(ids);                                  // (B, T, D), zero rows at padding
        Tensor count = ids.ne(PAD).to(e.dtype()).sum(1, true).maximum(1.0); // (B, 1)
        Tensor pooled = e.sum(1, false).div(count);                         // (B, D)
        return head.forward(dropout.forward(pooled));
    }

    public int vocabSize() { return vocabSize; }

    @Override public ModuleConfig config() {
        ModuleConfig c = ModuleConfig.of(TYPE).put("vocab_size", vocabSize).put("dim", dim)
                .put("num_classes", numClasses).put("dropout", dropoutP);
        return c.put("hidden", hidden);
    }

    static Module fromConfig(ModuleConfig c, Rng rng) {
        int[] hidden = c.has("hidden") ? c.requireInts("hidden") : new int[0];
        return new BagOfEmbeddings(c.requireInt("vocab_size"), c.requireInt("dim"), hidden, c.requireInt("num_classes"),
                c.getDouble("dropout", 0), rng);
    }

    @Override public String toString() {
        return "BagOfEmbeddings(vocab " + vocabSize + ", dim " + dim + ", hidden " + java.util.Arrays.toString(hidden)
                + ", classes " + numClasses + ")";
    }
}
