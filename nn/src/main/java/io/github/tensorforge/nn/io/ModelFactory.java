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
 * Rebuilds a module from its {@link Module#config()}, without training code. Parameters are freshly initialized
 * (from a fixed seed); load the weights afterwards ({@link ModelFiles#load}). Applications register their own module
 * types with {@link #register}.
 */
public final class ModelFactory {
    private ModelFactory() {}

    private static final Map<String, BiFunction<ModuleConfig, Rng, Module>> BUILDERS = new ConcurrentHashMap<>();

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
            String act = c.getText("activation", null);
            return new Linear(c.requireInt("in"), c.requireInt("out"), c.getBoolean("bias", true),
                    act == null ? null : activationOp(act), rng);
        });
        register("embedding", (c, rng) -> new Embedding(c.requireInt("num"), c.requireInt("dim"),
                c.getInt("padding_index", -1), rng));
        register("layer_norm", (c, rng) -> new LayerNorm(c.requireInts("shape"), c.getDouble("eps", 1e-5),
                c.getBoolean("affine", true)));
        register("dropout", (c, rng) -> new Dropout(c.requireDouble("p")));
        register("activation", (c, rng) -> new Activation(Activation.parse(c.requireText("kind"))));
        register("softmax", (c, rng) -> new Softmax(c.requireInt("axis"), c.getBoolean("log", false)));
        register("flatten", (c, rng) -> new Flatten(c.getInt("start", 1), c.getInt("end", -1)));
        register("conv2d", (c, rng) -> new Conv2d(c.requireInt("in"), c.requireInt("out"),
                c.requireInt("kh"), c.requireInt("kw"), c.getInt("stride", 1), c.getInt("padding", 0),
                c.getBoolean("bias", true), rng));
        register("conv1d", (c, rng) -> new Conv1d(c.requireInt("in"), c.requireInt("out"),
                c.requireInt("kernel"), c.getInt("stride", 1), c.getInt("padding", 0),
                c.getBoolean("bias", true), rng));
        register("batch_norm1d", (c, rng) -> new BatchNorm1d(c.requireInt("channels"), c.getDouble("eps", 1e-5),
                c.getDouble("momentum", 0.1), c.getBoolean("affine", true), c.getBoolean("track_running_stats", true)));
        register("batch_norm2d", (c, rng) -> new BatchNorm2d(c.requireInt("channels"), c.getDouble("eps", 1e-5),
                c.getDouble("momentum", 0.1), c.getBoolean("affine", true), c.getBoolean("track_running_stats", true)));
        register("group_norm", (c, rng) -> new GroupNorm(c.requireInt("groups"), c.requireInt("channels"),
                c.getDouble("eps", 1e-5), c.getBoolean("affine", true)));
        register("lstm", (c, rng) -> new Lstm(c.requireInt("input_size"), c.requireInt("hidden_size"),
                c.getInt("num_layers", 1), c.getBoolean("bidirectional", false), c.getBoolean("bias", true),
                c.getDouble("dropout", 0), rng));
        register("gru", (c, rng) -> new Gru(c.requireInt("input_size"), c.requireInt("hidden_size"),
                c.getInt("num_layers", 1), c.getBoolean("bidirectional", false), c.getBoolean("bias", true),
                c.getDouble("dropout", 0), rng));
        register("pool2d", (c, rng) -> new Pool2d(poolKind(c.requireText("kind")),
                c.requireInt("kernel"), c.requireInt("stride"), c.getInt("padding", 0)));
        register("multi_head_attention", (c, rng) -> new MultiHeadAttention(c.requireInt("embed_dim"),
                c.requireInt("num_heads"), c.getDouble("dropout", 0), rng));
        register("transformer_encoder_layer", (c, rng) -> new TransformerEncoderLayer(c.requireInt("d_model"),
                c.requireInt("n_head"), c.requireInt("dim_feedforward"), c.getDouble("dropout", 0.1),
                Activation.parse(c.getText("activation", "relu")), c.getBoolean("norm_first", false),
                c.getDouble("layer_norm_eps", 1e-5), rng));
        register("transformer_encoder", (c, rng) -> {
            ModuleConfig l = c.requireChild("layer");
            return new TransformerEncoder(c.requireInt("num_layers"), l.requireInt("d_model"),
                    l.requireInt("n_head"), l.requireInt("dim_feedforward"), l.getDouble("dropout", 0.1),
                    Activation.parse(l.getText("activation", "relu")), l.getBoolean("norm_first", false),
                    l.getDouble("layer_norm_eps", 1e-5), rng);
        });
        register("positional_embedding", (c, rng) -> c.getBoolean("learned", true)
                ? PositionalEmbedding.learned(c.requireInt("max_len"), c.requireInt("dim"), rng)
                : PositionalEmbedding.sinusoidal(c.requireInt("max_len"), c.requireInt("dim")));
        register("sequential", (c, rng) -> {
            Sequential s = new Sequential();
            for (ModuleConfig l : c.requireChildren("layers")) s.add(build(l, rng));
            return s;
        });
        register("lstm_classifier", (c, rng) -> new LstmClassifier(c.requireInt("vocab_size"),
                c.requireInt("embed_dim"), c.requireInt("hidden_size"), c.getInt("num_layers", 1),
                c.getBoolean("bidirectional", true), c.requireInt("num_classes"), c.getDouble("dropout", 0), rng));
        register("transformer_classifier", (c, rng) -> new TransformerClassifier(new TransformerClassifier.Config(
                c.requireInt("vocab_size"), c.requireInt("max_len"), c.requireInt("d_model"),
                c.requireInt("n_head"), c.requireInt("num_layers"), c.requireInt("dim_feedforward"),
                c.requireInt("num_classes"), c.getDouble("dropout", 0.1), c.getBoolean("norm_first", false),
                c.getBoolean("learned_positions", true), Activation.parse(c.getText("activation", "relu"))), rng));
    }

    /**
     * Registers (or replaces) the builder for {@code type}; safe to call from any thread.
     *
     * @param type    the {@code type} field of the configs the builder handles
     * @param builder makes a module from its config and a generator for its initial parameters
     */
    public static void register(String type, BiFunction<ModuleConfig, Rng, Module> builder) { BUILDERS.put(type, builder); }

    /**
     * Builds a module from its config, initializing parameters from {@code new Rng(0)}.
     *
     * @param config a module config ({@code {"type": ..., ...}})
     * @return a new module; the caller closes it
     * @throws IllegalArgumentException if its type is unknown, or a field is missing or
     *                                  invalid
     */
    public static Module build(ModuleConfig config) { return build(config, new Rng(0)); }

    /** Builds the module described by a parsed JSON object (config.json's {@code model}). */
    static Module build(JsonNode config) { return build(ModuleConfig.of(config), new Rng(0)); }

    /**
     * Builds a module from its config with the builder registered for its {@code type}.
     *
     * @param config a module config ({@code {"type": ..., ...}})
     * @param rng    the generator the parameters are initialized from (advanced)
     * @return a new module; the caller closes it
     * @throws IllegalArgumentException if its type is unknown, or a field is missing or
     *                                  invalid
     */
    public static Module build(ModuleConfig config, Rng rng) {
        String type = config.type();
        var b = BUILDERS.get(type);
        if (b == null) {
            throw new IllegalArgumentException("config: unknown module type '" + type + "'; known: "
                    + new TreeSet<>(BUILDERS.keySet()) + " (register custom ones with ModelFactory.register)");
        }
        return b.apply(config, rng);
    }
}
