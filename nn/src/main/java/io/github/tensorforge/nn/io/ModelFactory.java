package io.github.tensorforge.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Sequential;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.BatchNorm1d;
import io.github.tensorforge.nn.layers.BatchNorm2d;
import io.github.tensorforge.nn.layers.Conv1d;
import io.github.tensorforge.nn.layers.Conv2d;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Embedding;
import io.github.tensorforge.nn.layers.Flatten;
import io.github.tensorforge.nn.layers.GroupNorm;
import io.github.tensorforge.nn.layers.Gru;
import io.github.tensorforge.nn.layers.LayerNorm;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.layers.Lstm;
import io.github.tensorforge.nn.layers.MultiHeadAttention;
import io.github.tensorforge.nn.layers.Pool2d;
import io.github.tensorforge.nn.layers.PositionalEmbedding;
import io.github.tensorforge.nn.layers.Softmax;
import io.github.tensorforge.nn.layers.TransformerEncoder;
import io.github.tensorforge.nn.layers.TransformerEncoderLayer;
import io.github.tensorforge.nn.models.LstmClassifier;
import io.github.tensorforge.nn.models.TransformerClassifier;
import io.github.tensorforge.spi.UnaryOp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Rebuilds a module from its {@link Module#config()} JSON, without training code. Parameters are freshly initialized
 * (from a fixed seed); load the weights afterwards ({@link ModelFiles#load}). Applications register their own module
 * types with {@link #register}.
 */
public final class ModelFactory {
    private ModelFactory() {}

    private static final Map<String, BiFunction<JsonNode, Rng, Module>> BUILDERS = new ConcurrentHashMap<>();

    /** A fused activation of a linear layer, by name ("relu", "gelu", ...). */
    private static UnaryOp activationOp(String name) {
        for (UnaryOp op : UnaryOp.values()) {
            if (op.isActivation() && op.name().equalsIgnoreCase(name)) return op;
        }
        List<String> names = new java.util.ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) if (op.isActivation()) names.add(op.name().toLowerCase(Locale.ROOT));
        throw new IllegalArgumentException("config: unknown activation '" + Json.printable(name) + "'; one of " + names);
    }

    private static Pool2d.Kind poolKind(String name) {
        for (Pool2d.Kind k : Pool2d.Kind.values()) if (k.name().equalsIgnoreCase(name)) return k;
        throw new IllegalArgumentException("config: unknown pool2d kind '" + Json.printable(name) + "'; one of "
                + java.util.Arrays.toString(Pool2d.Kind.values()).toLowerCase(Locale.ROOT));
    }

    static {
        register("linear", (c, rng) -> {
            String act = c.path("activation").asText(null);
            return new Linear(Json.requireInt(c, "in"), Json.requireInt(c, "out"), c.path("bias").asBoolean(true),
                    act == null ? null : activationOp(act), rng);
        });
        register("embedding", (c, rng) -> new Embedding(Json.requireInt(c, "num"), Json.requireInt(c, "dim"),
                c.path("padding_index").asInt(-1), rng));
        register("layer_norm", (c, rng) -> {
            JsonNode s = c.get("shape");
            if (s == null || !s.isArray()) throw new IllegalArgumentException("config: layer_norm needs 'shape'");
            int[] shape = new int[s.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).asInt();
            return new LayerNorm(shape, c.path("eps").asDouble(1e-5), c.path("affine").asBoolean(true));
        });
        register("dropout", (c, rng) -> new Dropout(Json.requireDouble(c, "p")));
        register("activation", (c, rng) -> new Activation(Activation.parse(Json.requireText(c, "kind"))));
        register("softmax", (c, rng) -> new Softmax(Json.requireInt(c, "axis"), c.path("log").asBoolean(false)));
        register("flatten", (c, rng) -> new Flatten(c.path("start").asInt(1), c.path("end").asInt(-1)));
        register("conv2d", (c, rng) -> new Conv2d(Json.requireInt(c, "in"), Json.requireInt(c, "out"),
                Json.requireInt(c, "kh"), Json.requireInt(c, "kw"), c.path("stride").asInt(1), c.path("padding").asInt(0),
                c.path("bias").asBoolean(true), rng));
        register("conv1d", (c, rng) -> new Conv1d(Json.requireInt(c, "in"), Json.requireInt(c, "out"),
                Json.requireInt(c, "kernel"), c.path("stride").asInt(1), c.path("padding").asInt(0),
                c.path("bias").asBoolean(true), rng));
        register("batch_norm1d", (c, rng) -> new BatchNorm1d(Json.requireInt(c, "channels"), c.path("eps").asDouble(1e-5),
                c.path("momentum").asDouble(0.1), c.path("affine").asBoolean(true), c.path("track_running_stats").asBoolean(true)));
        register("batch_norm2d", (c, rng) -> new BatchNorm2d(Json.requireInt(c, "channels"), c.path("eps").asDouble(1e-5),
                c.path("momentum").asDouble(0.1), c.path("affine").asBoolean(true), c.path("track_running_stats").asBoolean(true)));
        register("group_norm", (c, rng) -> new GroupNorm(Json.requireInt(c, "groups"), Json.requireInt(c, "channels"),
                c.path("eps").asDouble(1e-5), c.path("affine").asBoolean(true)));
        register("lstm", (c, rng) -> new Lstm(Json.requireInt(c, "input_size"), Json.requireInt(c, "hidden_size"),
                c.path("num_layers").asInt(1), c.path("bidirectional").asBoolean(false), c.path("bias").asBoolean(true), rng));
        register("gru", (c, rng) -> new Gru(Json.requireInt(c, "input_size"), Json.requireInt(c, "hidden_size"),
                c.path("num_layers").asInt(1), c.path("bidirectional").asBoolean(false), c.path("bias").asBoolean(true), rng));
        register("pool2d", (c, rng) -> new Pool2d(poolKind(Json.requireText(c, "kind")),
                Json.requireInt(c, "kernel"), Json.requireInt(c, "stride"), c.path("padding").asInt(0)));
        register("multi_head_attention", (c, rng) -> new MultiHeadAttention(Json.requireInt(c, "embed_dim"),
                Json.requireInt(c, "num_heads"), c.path("dropout").asDouble(0), rng));
        register("transformer_encoder_layer", (c, rng) -> new TransformerEncoderLayer(Json.requireInt(c, "d_model"),
                Json.requireInt(c, "n_head"), Json.requireInt(c, "dim_feedforward"), c.path("dropout").asDouble(0.1),
                Activation.parse(c.path("activation").asText("relu")), c.path("norm_first").asBoolean(false),
                c.path("layer_norm_eps").asDouble(1e-5), rng));
        register("transformer_encoder", (c, rng) -> {
            JsonNode l = c.get("layer");
            if (l == null) throw new IllegalArgumentException("config: transformer_encoder needs 'layer'");
            return new TransformerEncoder(Json.requireInt(c, "num_layers"), Json.requireInt(l, "d_model"),
                    Json.requireInt(l, "n_head"), Json.requireInt(l, "dim_feedforward"), l.path("dropout").asDouble(0.1),
                    Activation.parse(l.path("activation").asText("relu")), l.path("norm_first").asBoolean(false),
                    l.path("layer_norm_eps").asDouble(1e-5), rng);
        });
        register("positional_embedding", (c, rng) -> c.path("learned").asBoolean(true)
                ? PositionalEmbedding.learned(Json.requireInt(c, "max_len"), Json.requireInt(c, "dim"), rng)
                : PositionalEmbedding.sinusoidal(Json.requireInt(c, "max_len"), Json.requireInt(c, "dim")));
        register("sequential", (c, rng) -> {
            JsonNode layers = c.get("layers");
            if (layers == null || !layers.isArray()) throw new IllegalArgumentException("config: sequential needs 'layers'");
            Sequential s = new Sequential();
            for (JsonNode l : layers) s.add(build(l, rng));
            return s;
        });
        register("lstm_classifier", (c, rng) -> new LstmClassifier(Json.requireInt(c, "vocab_size"),
                Json.requireInt(c, "embed_dim"), Json.requireInt(c, "hidden_size"), c.path("num_layers").asInt(1),
                c.path("bidirectional").asBoolean(true), Json.requireInt(c, "num_classes"), c.path("dropout").asDouble(0), rng));
        register("transformer_classifier", (c, rng) -> new TransformerClassifier(new TransformerClassifier.Config(
                Json.requireInt(c, "vocab_size"), Json.requireInt(c, "max_len"), Json.requireInt(c, "d_model"),
                Json.requireInt(c, "n_head"), Json.requireInt(c, "num_layers"), Json.requireInt(c, "dim_feedforward"),
                Json.requireInt(c, "num_classes"), c.path("dropout").asDouble(0.1), c.path("norm_first").asBoolean(false),
                c.path("learned_positions").asBoolean(true), Activation.parse(c.path("activation").asText("relu"))), rng));
    }

    /**
     * Registers (or replaces) the builder for {@code type}; safe to call from any thread.
     *
     * @param type    the {@code type} field of the configs the builder handles
     * @param builder makes a module from its config and a generator for its initial parameters
     */
    public static void register(String type, BiFunction<JsonNode, Rng, Module> builder) { BUILDERS.put(type, builder); }

    /**
     * Builds a module from its config, initializing parameters from {@code new Rng(0)}.
     *
     * @param config a module config ({@code {"type": ..., ...}})
     * @return a new module; the caller closes it
     * @throws IllegalArgumentException if the config is not an object, its type is unknown, or a field is missing or
     *                                  invalid
     */
    public static Module build(JsonNode config) { return build(config, new Rng(0)); }

    /**
     * Builds a module from its config with the builder registered for its {@code type}.
     *
     * @param config a module config ({@code {"type": ..., ...}})
     * @param rng    the generator the parameters are initialized from (advanced)
     * @return a new module; the caller closes it
     * @throws IllegalArgumentException if the config is not an object, its type is unknown, or a field is missing or
     *                                  invalid
     */
    public static Module build(JsonNode config, Rng rng) {
        if (config == null || !config.isObject()) throw new IllegalArgumentException("config: a module config must be a JSON object");
        String type = Json.requireText(config, "type");
        var b = BUILDERS.get(type);
        if (b == null) {
            throw new IllegalArgumentException("config: unknown module type '" + type + "'; known: "
                    + new TreeSet<>(BUILDERS.keySet()) + " (register custom ones with ModelFactory.register)");
        }
        return b.apply(config, rng);
    }
}
