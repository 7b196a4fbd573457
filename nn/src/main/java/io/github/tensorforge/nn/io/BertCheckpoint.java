package io.github.tensorforge.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.models.BertClassifier;
import io.github.tensorforge.nn.models.BertEncoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face checkpoints of BERT encoders: a directory with {@code config.json} ({@code BertConfig}) and
 * {@code model.safetensors} whose names are {@code BertModel}'s, bare or under {@code bert.} (as in
 * {@code BertForSequenceClassification}). {@code pytorch_model.bin} is refused: it is a pickle, and loading a
 * pickle runs code. {@link #save} writes the same layout, which {@link #load} and Hugging Face's
 * {@code BertModel.from_pretrained} read back. {@link #saveClassifier} and {@link #loadClassifier} do the same for
 * {@code BertForSequenceClassification} ({@code bert.*} and {@code classifier.*}, labels in {@code id2label}).
 */
public final class BertCheckpoint {
    private BertCheckpoint() {}

    /** The file names of a checkpoint: the BertConfig, the weights, and the pickled weights that are refused. */
    public static final String CONFIG = "config.json", WEIGHTS = "model.safetensors", PICKLE = "pytorch_model.bin";
    private static final String CLASSIFIER = "BertForSequenceClassification";
    private static final Set<String> ACTIVATIONS = Set.of("gelu", "gelu_python");

    /**
     * Reads a Hugging Face BERT checkpoint into a new encoder, in eval mode. Tensors under {@code bert.} are used when
     * the file has them (a task head beside them is ignored); the pooler is built when the file holds one. Sizes in
     * the config are checked against the weights before anything large is allocated.
     *
     * @param dir the checkpoint directory
     * @return a new encoder; the caller closes it
     * @throws IOException              if {@code config.json} or {@code model.safetensors} is missing or unreadable,
     *                                  or only {@code pytorch_model.bin} is there
     * @throws IllegalArgumentException if the config is not a supported BERT config (model type, activation,
     *                                  position embeddings, a missing size) or its sizes do not fit the weights
     * @throws SafetensorsException     if the weights are invalid, do not match the config, or are not finite
     */
    public static BertEncoder load(Path dir) throws IOException {
        Path weights = dir.resolve(WEIGHTS), cfgFile = dir.resolve(CONFIG);
        if (!Files.exists(weights) && Files.exists(dir.resolve(PICKLE))) {
            throw new IOException(dir + " holds " + PICKLE + " only: that is a Python pickle, and loading one runs "
                    + "arbitrary code, so TensorForge does not read it; convert it once with transformers "
                    + "(model.save_pretrained(dir, safe_serialization=True)) to get " + WEIGHTS);
        }
        JsonNode c = Json.read(cfgFile);
        String type = c.path("model_type").asText("bert");
        if (!type.equals("bert")) {
            throw new IllegalArgumentException(cfgFile + ": model_type '" + Json.printable(type) + "' is not supported "
                    + "yet; only bert");
        }
        String act = c.path("hidden_act").asText("gelu");
        if (!ACTIVATIONS.contains(act)) {
            throw new IllegalArgumentException(cfgFile + ": hidden_act '" + Json.printable(act) + "' is not supported; "
                    + "BertEncoder uses the erf GELU ('gelu')");
        }
        if (!c.path("position_embedding_type").asText("absolute").equals("absolute")) {
            throw new IllegalArgumentException(cfgFile + ": only absolute position embeddings are supported");
        }
        var header = Safetensors.readHeader(weights);
        String prefix = header.entries().containsKey("bert.embeddings.word_embeddings.weight") ? "bert." : "";
        boolean pooler = header.entries().containsKey(prefix + "pooler.dense.weight");
        BertEncoder.Config config = new BertEncoder.Config(Json.requireInt(c, "vocab_size"),
                Json.requireInt(c, "hidden_size"), Json.requireInt(c, "num_hidden_layers"),
                Json.requireInt(c, "num_attention_heads"), Json.requireInt(c, "intermediate_size"),
                Json.requireInt(c, "max_position_embeddings"), c.path("type_vocab_size").asInt(2),
                c.path("layer_norm_eps").asDouble(1e-12), c.path("hidden_dropout_prob").asDouble(0.1), pooler);
        long values = 0;
        for (var e : header.entries().values()) values += e.elementCount();
        final long budget = 2 * values + (1 << 20); // as ModelFiles: sizes are checked against the weights first
        BertEncoder model;
        try {
            model = Init.withinBudget(budget, () -> new BertEncoder(config, new Rng(0)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cfgFile + ": " + e.getMessage(), e);
        }
        try {
            // With the "bert." prefix only the encoder's tensors are read; a task head (classifier.*) is not ours.
            Safetensors.loadInto(weights, model, prefix);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        model.eval();
        return model;
    }

    /**
     * Writes {@code config.json} and {@code model.safetensors} in Hugging Face's BertModel layout, atomically: the
     * directory is published as a whole ({@link AtomicFiles#publishDirectory}).
     *
     * @param dir   the checkpoint directory to create or replace; an existing one may hold only these two files
     * @param model the encoder; not modified
     * @throws IOException if {@code dir} holds other files or is not a directory, or writing fails
     */
    public static void save(Path dir, BertEncoder model) throws IOException {
        ObjectNode cfg = config(model.bertConfig());
        cfg.putArray("architectures").add("BertModel");
        write(dir, cfg, model.stateDict());
    }

    /**
     * A classifier and the label of each of its outputs, in order.
     *
     * @param model  the classifier, in eval mode
     * @param labels the label of each output, by output index (unmodifiable)
     */
    public record Classifier(BertClassifier model, List<String> labels) implements AutoCloseable {
        /** Closes the classifier, releasing its parameters and its encoder's. */
        @Override public void close() { model.close(); }
    }

    /**
     * Writes {@code model} in Hugging Face's BertForSequenceClassification layout ({@code id2label} / {@code label2id}
     * from {@code labels}; the pooling, which Hugging Face's class fixes to its pooler, as
     * {@code tensorforge_pooling}). The directory is published as a whole ({@link AtomicFiles#publishDirectory}).
     *
     * @param dir    the checkpoint directory to create or replace; an existing one may hold only these two files
     * @param model  the classifier; not modified
     * @param labels the label of each output, distinct, one per output
     * @throws IllegalArgumentException if {@code labels} are not {@code model.numLabels()} distinct strings
     * @throws IOException              if {@code dir} holds other files or is not a directory, or writing fails
     */
    public static void saveClassifier(Path dir, BertClassifier model, List<String> labels) throws IOException {
        ObjectNode cfg = classifierConfig(model, labels);
        publish(dir, staging -> writeFiles(staging, cfg, model.stateDict()));
    }

    /**
     * {@link #saveClassifier} into {@code dir} as it is, file by file: for a caller that publishes a whole directory
     * (with a tokenizer and metrics beside) atomically itself. The fields of {@code extraConfig} are added to
     * {@code config.json} (Hugging Face keeps unknown fields as attributes of the config). Each file is written
     * atomically, the directory is not published as a whole.
     *
     * @param dir         the directory to write {@code config.json} and {@code model.safetensors} into
     * @param model       the classifier; not modified
     * @param labels      the label of each output, distinct, one per output
     * @param extraConfig fields to add to {@code config.json}; not modified
     * @throws IllegalArgumentException if {@code labels} are not {@code model.numLabels()} distinct strings, or a
     *                                  field of {@code extraConfig} is already a field of the BERT config
     * @throws IOException              if writing fails
     */
    public static void writeClassifier(Path dir, BertClassifier model, List<String> labels, ObjectNode extraConfig)
            throws IOException {
        ObjectNode cfg = classifierConfig(model, labels);
        extraConfig.fieldNames().forEachRemaining(k -> {
            if (cfg.has(k)) throw new IllegalArgumentException("writeClassifier: '" + k + "' is a field of the BERT config");
        });
        cfg.setAll(extraConfig);
        writeFiles(dir, cfg, model.stateDict());
    }

    private static ObjectNode classifierConfig(BertClassifier model, List<String> labels) {
        if (labels.size() != model.numLabels() || Set.copyOf(labels).size() != labels.size()) {
            throw new IllegalArgumentException("saveClassifier: need " + model.numLabels() + " distinct labels, got "
                    + labels);
        }
        ObjectNode cfg = config(model.encoder().bertConfig());
        cfg.putArray("architectures").add(CLASSIFIER);
        cfg.put("num_labels", labels.size()).put("pad_token_id", model.padId()).put("classifier_dropout", model.headDropout())
                .put("tensorforge_pooling", model.pooling().name().toLowerCase(Locale.ROOT));
        ObjectNode id2label = cfg.putObject("id2label"), label2id = cfg.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        return cfg;
    }

    /**
     * Whether {@code dir} holds a Hugging Face BertForSequenceClassification checkpoint ({@code config.json} says so).
     *
     * @param dir the directory to inspect
     * @return true when its {@code config.json} lists BertForSequenceClassification among its {@code architectures};
     *         false when it does not, or the file is missing or unreadable
     */
    public static boolean isClassifier(Path dir) {
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) return false;
        try {
            for (JsonNode a : Json.read(config).path("architectures")) if (a.asText().equals(CLASSIFIER)) return true;
            return false;
        } catch (IOException e) {
            return false; // unreadable: whoever loads it says why
        }
    }

    /**
     * Reads a BertForSequenceClassification directory (written by {@link #saveClassifier} or by Hugging Face's
     * {@code save_pretrained}): the encoder as {@link #load} does, then {@code classifier.*}. Pooling is
     * {@code tensorforge_pooling} when present, else Hugging Face's ([CLS] through the pooler). The classifier is
     * returned in eval mode; on an error everything built is closed.
     *
     * @param dir the checkpoint directory
     * @return the classifier with its labels; the caller closes it
     * @throws IOException              if a file is missing or unreadable
     * @throws IllegalArgumentException if the config has fewer than 2 labels, an {@code id2label} that does not match
     *                                  {@code num_labels}, an unknown {@code tensorforge_pooling}, or is not a
     *                                  supported BERT config
     * @throws SafetensorsException     if the weights are invalid or do not match the encoder or the classifier head
     */
    public static Classifier loadClassifier(Path dir) throws IOException {
        JsonNode c = Json.read(dir.resolve(CONFIG));
        JsonNode id2label = c.path("id2label");
        int n = c.path("num_labels").asInt(id2label.size());
        if (n < 2 || id2label.size() != n) {
            throw new IllegalArgumentException(dir.resolve(CONFIG) + ": a classifier needs id2label with num_labels ("
                    + n + ") entries, got " + id2label.size());
        }
        List<String> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode l = id2label.get(Integer.toString(i));
            if (l == null || !l.isTextual()) {
                throw new IllegalArgumentException(dir.resolve(CONFIG) + ": id2label has no label for " + i);
            }
            labels.add(l.textValue());
        }
        String pool = c.path("tensorforge_pooling").asText("cls");
        BertEncoder.Pooling pooling;
        try {
            pooling = BertEncoder.Pooling.valueOf(pool.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(CONFIG) + ": tensorforge_pooling '" + Json.printable(pool)
                    + "' is neither mean nor cls", e);
        }
        BertEncoder encoder = load(dir);
        BertClassifier model = null;
        try {
            model = new BertClassifier(encoder, n, pooling, c.path("classifier_dropout").isNumber()
                    ? c.path("classifier_dropout").asDouble() : encoder.bertConfig().dropout(),
                    c.path("pad_token_id").asInt(0), new Rng(0));
            Safetensors.loadInto(dir.resolve(WEIGHTS), model.children().get("classifier"), "classifier.");
        } catch (IOException | RuntimeException e) {
            if (model != null) model.close();
            else encoder.close();
            throw e;
        }
        model.eval();
        return new Classifier(model, List.copyOf(labels));
    }

    private static ObjectNode config(BertEncoder.Config c) {
        ObjectNode cfg = Json.object().put("model_type", "bert")
                .put("vocab_size", c.vocabSize()).put("hidden_size", c.hiddenSize())
                .put("num_hidden_layers", c.numLayers()).put("num_attention_heads", c.numHeads())
                .put("intermediate_size", c.intermediateSize()).put("max_position_embeddings", c.maxPositions())
                .put("type_vocab_size", c.typeVocabSize()).put("layer_norm_eps", c.layerNormEps())
                .put("hidden_act", "gelu").put("hidden_dropout_prob", c.dropout())
                .put("attention_probs_dropout_prob", c.dropout()).put("position_embedding_type", "absolute");
        return cfg;
    }

    private static void write(Path dir, ObjectNode cfg, Map<String, Tensor> state) throws IOException {
        publish(dir, staging -> writeFiles(staging, cfg, state));
    }

    private static void publish(Path dir, AtomicFiles.DirectoryWriter writer) throws IOException {
        AtomicFiles.publishDirectory(dir, Set.of(CONFIG, WEIGHTS), writer);
    }

    private static void writeFiles(Path dir, ObjectNode cfg, Map<String, Tensor> state) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        Safetensors.write(dir.resolve(WEIGHTS), new LinkedHashMap<String, Tensor>(state), meta);
        Json.write(dir.resolve(CONFIG), cfg);
    }
}
