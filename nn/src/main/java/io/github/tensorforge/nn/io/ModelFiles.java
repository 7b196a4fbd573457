package io.github.tensorforge.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.text.WordTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A saved model directory: {@code model.safetensors} (weights), {@code config.json} (architecture, hyperparameters,
 * preprocessing, class names) and, for text models, {@code tokenizer.json}. {@link #load} rebuilds the model with
 * {@link ModelFactory} and loads the weights, so a service needs no training code. {@link #save} publishes the
 * directory as a whole ({@link AtomicFiles#publishDirectory}): a reader finds the old model or the new one, never new
 * weights beside an old config.
 */
public final class ModelFiles {
    private ModelFiles() {}

    /** The file names in a model directory: the weights, the configuration and the (optional) tokenizer. */
    public static final String WEIGHTS = "model.safetensors", CONFIG = "config.json", TOKENIZER = "tokenizer.json";
    /** The value of {@code config.json}'s {@code format} field. */
    public static final String FORMAT = "tensorforge-model";
    /** The config.json version this code writes and reads. */
    public static final int VERSION = 1;
    /** The files {@link #write} puts in a model directory. */
    public static final java.util.Set<String> FILES = java.util.Set.of(WEIGHTS, CONFIG, TOKENIZER);

    /** Every id the tokenizer produces must have an embedding row, and every position a position row. */
    private static void requireTokenizerFits(Path file, WordTokenizer tok, Module model) {
        for (Module m : modules(model)) {
            if (m instanceof io.github.tensorforge.nn.layers.Embedding e && tok.vocabSize() > e.num()) {
                throw new IllegalArgumentException(file + ": 'vocab' has " + tok.vocabSize() + " tokens but the model's "
                        + "embedding has " + e.num() + " rows; the tokenizer does not belong to this model");
            }
            if (m instanceof io.github.tensorforge.nn.layers.PositionalEmbedding p && tok.maxLength() > p.maxLen()) {
                throw new IllegalArgumentException(file + ": 'max_length' " + tok.maxLength() + " exceeds the "
                        + p.maxLen() + " positions the model has");
            }
        }
    }

    private static List<Module> modules(Module root) {
        List<Module> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Module> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Module m = todo.pop();
            out.add(m);
            todo.addAll(m.children().values());
        }
        return out;
    }

    /**
     * What a model directory holds once loaded. Null fields were not saved.
     *
     * @param model        the rebuilt model with its weights, in eval mode
     * @param config       the whole parsed {@code config.json}
     * @param tokenizer    the tokenizer, or null for non-text models
     * @param standardizer the feature standardizer, or null
     * @param classNames   the class names in label order, or null
     */
    public record Loaded(Module model, JsonNode config, WordTokenizer tokenizer, Standardizer standardizer,
                         List<String> classNames) implements AutoCloseable {
        /** Closes the model, releasing its parameters. */
        @Override public void close() { model.close(); }
    }

    /**
     * Saves a model directory as a whole ({@link AtomicFiles#publishDirectory}): the files of {@link #write} are
     * written into a hidden sibling that then replaces {@code dir}. An existing {@code dir} is replaced only when it
     * holds nothing but {@link #FILES}.
     *
     * @param dir          the model directory to create or replace
     * @param model        the model; it must describe itself ({@link Module#config()})
     * @param tokenizer    null for non-text models
     * @param standardizer null when features are not standardized
     * @param classNames   null or the class names in label order
     * @param extra        null or additional fields for config.json (e.g. training metrics)
     * @throws IOException                   if {@code dir} holds other files or is not a directory, or writing fails
     * @throws UnsupportedOperationException if the model does not describe itself as a config
     */
    public static void save(Path dir, Module model, WordTokenizer tokenizer, Standardizer standardizer,
                            List<String> classNames, ObjectNode extra) throws IOException {
        AtomicFiles.publishDirectory(dir, FILES, staging -> write(staging, model, tokenizer, standardizer, classNames, extra));
    }

    /**
     * Writes the model's files into {@code dir}, which is not published as a whole: for callers that add their own
     * files to a directory they publish with {@link AtomicFiles#publishDirectory} (parameters as for {@link #save}).
     * Each file is written atomically; {@code dir} is created if missing.
     *
     * @param dir          the directory to write into
     * @param model        the model; it must describe itself ({@link Module#config()})
     * @param tokenizer    null for non-text models
     * @param standardizer null when features are not standardized
     * @param classNames   null or the class names in label order
     * @param extra        null or additional fields for config.json (e.g. training metrics)
     * @throws IOException                   if writing fails
     * @throws UnsupportedOperationException if the model does not describe itself as a config
     */
    public static void write(Path dir, Module model, WordTokenizer tokenizer, Standardizer standardizer,
                             List<String> classNames, ObjectNode extra) throws IOException {
        Files.createDirectories(dir);
        ObjectNode cfg = Json.object().put("format", FORMAT).put("version", VERSION);
        cfg.set("model", model.config().json());
        if (standardizer != null) cfg.set("standardizer", standardizer.toJson());
        if (classNames != null && !classNames.isEmpty()) {
            ArrayNode a = cfg.putArray("class_names");
            classNames.forEach(a::add);
        }
        if (extra != null) cfg.set("extra", extra);
        Map<String, String> meta = new java.util.LinkedHashMap<>(); // a fixed order: the same model, the same bytes
        meta.put("format", "pt");
        meta.put("producer", "tensorforge");
        Safetensors.write(dir.resolve(WEIGHTS), model.stateDict(), meta);
        if (tokenizer != null) tokenizer.save(dir.resolve(TOKENIZER));
        Json.write(dir.resolve(CONFIG), cfg);
    }

    /**
     * As {@link #load(Path, boolean)}, refusing weights that are not finite.
     *
     * @param dir the model directory
     * @return the loaded model and what was saved with it; the caller closes it
     * @throws IOException              if a file is missing or unreadable, or an interrupted save left the directory
     *                                  missing (the message says what to do)
     * @throws IllegalArgumentException if {@code config.json} or {@code tokenizer.json} is invalid or does not fit
     *                                  the weights
     * @throws SafetensorsException     if the weights are invalid, do not match the model, or are not finite
     */
    public static Loaded load(Path dir) throws IOException { return load(dir, false); }

    /**
     * Loads a model directory. Nothing large is allocated before the configuration was checked against the weights'
     * header: the model is built within the number of values the weights hold ({@link Init#withinBudget}).
     * Non-finite weights are refused unless {@code allowNonFiniteWeights}. The model is returned in eval mode; on an
     * error it is closed.
     *
     * @param dir                   the model directory
     * @param allowNonFiniteWeights whether to accept weights that hold NaN or infinity
     * @return the loaded model and what was saved with it; the caller closes it
     * @throws IOException              if a file is missing or unreadable, or an interrupted save left the directory
     *                                  missing (the message says what to do)
     * @throws IllegalArgumentException if {@code config.json} (format, version, model, standardizer) or
     *                                  {@code tokenizer.json} is invalid, or the tokenizer does not fit the model
     * @throws SafetensorsException     if the weights are invalid or do not match the model, or (unless allowed)
     *                                  are not finite
     */
    public static Loaded load(Path dir, boolean allowNonFiniteWeights) throws IOException {
        Path cfgFile = dir.resolve(CONFIG);
        if (!Files.exists(dir)) {
            List<Path> left = AtomicFiles.leftovers(dir);
            boolean swapping = left.stream().anyMatch(p -> p.getFileName().toString().contains(".old-"));
            if (!left.isEmpty()) {
                throw new IOException("model directory " + dir + " does not exist, but a save into it was interrupted "
                        + "and left " + left + (swapping ? "; the '.saving-' one is complete: rename it to "
                        + dir.getFileName() : "; that first save did not finish: save the model again"));
            }
        }
        if (!Files.isRegularFile(cfgFile)) throw new IOException("model directory " + dir + " has no " + CONFIG);
        JsonNode cfg = Json.read(cfgFile);
        if (!cfg.isObject() || !FORMAT.equals(cfg.path("format").asText())) {
            throw new IllegalArgumentException(cfgFile + ": 'format' must be '" + FORMAT + "'");
        }
        if (!cfg.path("version").isIntegralNumber() || cfg.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException(cfgFile + ": 'version' is " + Json.printable(String.valueOf(cfg.get("version")))
                    + "; this TensorForge reads version " + VERSION);
        }
        if (!cfg.path("model").isObject()) throw new IllegalArgumentException(cfgFile + ": 'model' must be an object");
        Path weights = dir.resolve(WEIGHTS);
        long values = 0;
        for (Safetensors.Entry e : Safetensors.readHeader(weights).entries().values()) values += e.elementCount();
        // Parameters hold exactly the file's values; fixed tables (sinusoidal positions) come on top, hence the slack.
        final long budget = 2 * values + (1 << 20);
        Module model;
        try {
            model = Init.withinBudget(budget, () -> ModelFactory.build(cfg.get("model")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cfgFile + ": " + e.getMessage(), e);
        }
        try {
            Safetensors.loadInto(weights, model, "", allowNonFiniteWeights);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        model.eval();
        WordTokenizer tok = null;
        try {
            if (Files.exists(dir.resolve(TOKENIZER))) {
                tok = WordTokenizer.load(dir.resolve(TOKENIZER));
                requireTokenizerFits(dir.resolve(TOKENIZER), tok, model);
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        Standardizer std = cfg.has("standardizer") ? Standardizer.fromJson(cfg.get("standardizer")) : null;
        List<String> names = null;
        if (cfg.has("class_names")) {
            names = new java.util.ArrayList<>();
            for (JsonNode n : cfg.get("class_names")) names.add(n.asText());
        }
        return new Loaded(model, cfg, tok, std, names);
    }
}
