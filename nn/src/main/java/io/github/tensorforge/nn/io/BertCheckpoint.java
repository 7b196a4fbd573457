package io.github.tensorforge.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.models.BertEncoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face checkpoints of BERT encoders: a directory with {@code config.json} ({@code BertConfig}) and
 * {@code model.safetensors} whose names are {@code BertModel}'s, bare or under {@code bert.} (as in
 * {@code BertForSequenceClassification}). {@code pytorch_model.bin} is refused: it is a pickle, and loading a
 * pickle runs code. {@link #save} writes the same layout, which {@link #load} and Hugging Face's
 * {@code BertModel.from_pretrained} read back.
 */
public final class BertCheckpoint {
    private BertCheckpoint() {}

    public static final String CONFIG = "config.json", WEIGHTS = "model.safetensors", PICKLE = "pytorch_model.bin";
    private static final Set<String> ACTIVATIONS = Set.of("gelu", "gelu_python");

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

    /** Writes {@code config.json} and {@code model.safetensors} in Hugging Face's BertModel layout, atomically. */
    public static void save(Path dir, BertEncoder model) throws IOException {
        BertEncoder.Config c = model.bertConfig();
        ObjectNode cfg = Json.object().put("model_type", "bert")
                .put("vocab_size", c.vocabSize()).put("hidden_size", c.hiddenSize())
                .put("num_hidden_layers", c.numLayers()).put("num_attention_heads", c.numHeads())
                .put("intermediate_size", c.intermediateSize()).put("max_position_embeddings", c.maxPositions())
                .put("type_vocab_size", c.typeVocabSize()).put("layer_norm_eps", c.layerNormEps())
                .put("hidden_act", "gelu").put("hidden_dropout_prob", c.dropout())
                .put("attention_probs_dropout_prob", c.dropout()).put("position_embedding_type", "absolute");
        cfg.putArray("architectures").add("BertModel");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        AtomicFiles.publishDirectory(dir, Set.of(CONFIG, WEIGHTS), staging -> {
            Safetensors.write(staging.resolve(WEIGHTS), new LinkedHashMap<String, Tensor>(model.stateDict()), meta);
            Json.write(staging.resolve(CONFIG), cfg);
        });
    }
}
