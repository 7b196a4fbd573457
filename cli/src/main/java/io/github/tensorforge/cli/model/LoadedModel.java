package io.github.tensorforge.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.UserException;
import io.github.tensorforge.nn.data.InputSpec;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.io.BertCheckpoint;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.ModelFiles;
import io.github.tensorforge.nn.io.SafetensorsException;
import io.github.tensorforge.nn.text.WordPieceTokenizer;
import io.github.tensorforge.nn.text.WordTokenizer;
import io.github.tensorforge.spi.Backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model directory loaded for inference: the module (eval mode) plus the preprocessing it was trained with
 * (standardizer or tokenizer, {@link InputSpec}). Two layouts load: ours (written by {@code train} for every model but
 * bert) and Hugging Face's BertForSequenceClassification directory ({@code train --model bert}, or Hugging Face's
 * {@code save_pretrained} with its {@code tokenizer.json}). Implements {@link BatchPredictor} for the server; the evaluate and
 * predict commands use it too. {@link #predict} must be called from one thread at a time.
 */
public final class LoadedModel implements BatchPredictor {
    /** Characters of one text input above which the server answers 413. */
    public static final int DEFAULT_MAX_TEXT_CHARS = 20_000;

    /** The field of a Hugging Face {@code config.json} where {@code train} keeps what {@code extra} holds in ours. */
    public static final String TENSORFORGE_KEY = "tensorforge";

    private final Path dir;
    private final Module model;
    private final JsonNode config;
    private final WordTokenizer words;       // our text models
    private final WordPieceTokenizer pieces; // bert
    private final Standardizer standardizer;
    private final InputSpec spec;
    private final String modelType;
    private final Backend backend;
    private final int maxTextChars;

    private LoadedModel(Path dir, Module model, JsonNode config, WordTokenizer words, WordPieceTokenizer pieces,
                        Standardizer standardizer, InputSpec spec, String modelType, int maxTextChars) {
        this.dir = dir;
        this.model = model;
        this.config = config;
        this.words = words;
        this.pieces = pieces;
        this.standardizer = standardizer;
        this.spec = spec;
        this.modelType = modelType;
        this.maxTextChars = maxTextChars;
        this.backend = model.parameters().get(0).value().backend();
    }

    public static LoadedModel load(Path dir) { return load(dir, DEFAULT_MAX_TEXT_CHARS); }

    /** Loads a directory written by the train command; every problem is a {@link UserException}. */
    public static LoadedModel load(Path dir, int maxTextChars) {
        if (dir == null) throw new UserException("--model DIR is required");
        if (!Files.isDirectory(dir)) throw new UserException("model directory not found: " + dir);
        if (BertCheckpoint.isClassifier(dir)) return loadBert(dir, maxTextChars);
        BagOfEmbeddings.register();
        ModelFiles.Loaded loaded = read(dir, () -> ModelFiles.load(dir));
        try {
            JsonNode extra = loaded.config().get("extra");
            if (extra == null || !extra.has("input")) {
                throw new UserException(dir + "/config.json was not written by 'tensorforge train' (no extra.input); "
                        + "it cannot tell how to prepare inputs");
            }
            InputSpec spec = InputSpec.fromJson(extra.get("input"));
            if (spec.isText() && loaded.tokenizer() == null) {
                throw new UserException("model directory " + dir + " is a text model but has no tokenizer.json");
            }
            if (!spec.isText() && loaded.standardizer() != null
                    && loaded.standardizer().size() != spec.featureCount()) {
                throw new UserException(dir + "/config.json: the standardizer has " + loaded.standardizer().size()
                        + " statistics but the model reads " + spec.featureCount() + " features");
            }
            String type = extra.path("model_type").asText("unknown");
            LoadedModel m = new LoadedModel(dir, loaded.model(), loaded.config(), loaded.tokenizer(), null,
                    loaded.standardizer(), spec, type, maxTextChars);
            m.requireOutputsMatchTheTask();
            return m;
        } catch (IllegalArgumentException e) {
            loaded.close();
            throw new UserException("model directory " + dir + " is invalid: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /**
     * A Hugging Face BertForSequenceClassification directory with its {@code tokenizer.json}. The input spec is the
     * one {@code train} kept in {@code config.json} ({@value #TENSORFORGE_KEY}); a directory from Hugging Face has
     * none, and is read as a text classifier of its {@code id2label}, truncating at the tokenizer's limit (or the
     * model's positions).
     */
    private static LoadedModel loadBert(Path dir, int maxTextChars) {
        Path tj = dir.resolve(ModelFiles.TOKENIZER);
        if (!Files.isRegularFile(tj)) {
            throw new UserException("model directory " + dir + " is a BERT classifier but has no tokenizer.json "
                    + "(save the tokenizer beside it: Hugging Face's tokenizer.save_pretrained writes one)");
        }
        WordPieceTokenizer tok = read(dir, () -> WordPieceTokenizer.load(tj));
        JsonNode config = read(dir, () -> Json.read(dir.resolve(BertCheckpoint.CONFIG)));
        BertCheckpoint.Classifier c = read(dir, () -> BertCheckpoint.loadClassifier(dir));
        try {
            JsonNode ours = config.path(TENSORFORGE_KEY);
            InputSpec spec;
            if (ours.has("input")) {
                spec = InputSpec.fromJson(ours.get("input"));
                if (!spec.isText() || !spec.classes().equals(c.labels())) {
                    throw new UserException(dir + "/config.json: " + TENSORFORGE_KEY + ".input does not describe a text "
                            + "classifier of the labels " + c.labels());
                }
            } else {
                int max = Math.min(tok.maxLength(), c.model().encoder().bertConfig().maxPositions());
                spec = new InputSpec(InputSpec.Kind.TEXT, false, c.labels(), List.of(), 0, null, "text", "label", max, 0, 1);
            }
            if (tok.maxLength() != spec.maxLen()) tok = tok.withMaxLength(spec.maxLen());
            if (tok.vocabSize() > c.model().encoder().bertConfig().vocabSize()) {
                throw new UserException(dir + ": tokenizer.json has " + tok.vocabSize() + " tokens but the model's "
                        + "vocabulary only " + c.model().encoder().bertConfig().vocabSize());
            }
            LoadedModel m = new LoadedModel(dir, c.model(), config, null, tok, null, spec, "bert", maxTextChars);
            m.requireOutputsMatchTheTask();
            return m;
        } catch (IllegalArgumentException e) {
            c.close();
            throw new UserException("model directory " + dir + " is invalid: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Reads a part of a model directory. */
    private interface DirectoryRead<T> {
        T read() throws IOException;
    }

    /** {@code r}'s result; a missing, unreadable or invalid file is a {@link UserException} naming {@code dir}. */
    private static <T> T read(Path dir, DirectoryRead<T> r) {
        try {
            return r.read();
        } catch (NoSuchFileException e) {
            throw new UserException("model directory " + dir + " is incomplete: missing " + e.getFile(), e);
        } catch (IOException | SafetensorsException e) {
            throw new UserException("could not load the model in " + dir + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UserException("model directory " + dir + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * One forward pass on a blank sample: the model must give one output per class (classification) or one value
     * (regression), so that a config whose task or classes do not fit the weights is refused at load time.
     */
    private void requireOutputsMatchTheTask() {
        int[] sample = spec.sampleShape();
        Object blank = pieces != null ? encodeText("x") : spec.isText() ? new EncodedText(new int[spec.maxLen()], 0)
                : new float[spec.featureCount()];
        int width;
        try (TensorScope scope = TensorScope.open(); GradMode g = GradMode.disable()) {
            Tensor y = model.forward(batch(List.of(blank)));
            width = y.rank() == 2 ? y.shape()[1] : -1;
        } catch (RuntimeException e) {
            throw new UserException(dir + "/config.json: the model does not take the input it describes ("
                    + java.util.Arrays.toString(sample) + " per sample): " + e.getMessage(), e);
        }
        int expected = spec.regression() ? 1 : spec.classes().size();
        if (width != expected) {
            throw new UserException(dir + "/config.json: the task is " + (spec.regression() ? "regression (1 output)"
                    : "classification into " + expected + " classes") + " but the model gives "
                    + (width < 0 ? "a result that is not (batch, outputs)" : width + " outputs") + " per sample");
        }
    }

    public Module module() { return model; }

    public InputSpec spec() { return spec; }

    public String modelType() { return modelType; }

    /** The tokenizer of our text models; null for bert ({@link #wordPieces}) and feature models. */
    public WordTokenizer tokenizer() { return words; }

    /** The WordPiece tokenizer of a bert model, truncating as in training; else null. */
    public WordPieceTokenizer wordPieces() { return pieces; }

    public Standardizer standardizer() { return standardizer; }

    public Backend backend() { return backend; }

    public JsonNode config() { return config; }

    public Path dir() { return dir; }

    // ---- encoding -------------------------------------------------------------------------------------------------

    @Override public Object encode(JsonNode input) {
        if (spec.isText()) {
            if (input == null || !input.isTextual()) {
                throw new InvalidInputException("expected a text (JSON string) for this text model, got " + type(input));
            }
            return encodeText(input.textValue());
        }
        if (input == null || !input.isArray()) {
            throw new InvalidInputException("expected an array of " + spec.featureCount() + " numbers, got " + type(input));
        }
        if (input.size() != spec.featureCount()) {
            throw new InvalidInputException("expected " + spec.featureCount() + " numbers, got " + input.size());
        }
        float[] x = new float[input.size()];
        for (int i = 0; i < x.length; i++) {
            JsonNode v = input.get(i);
            if (!v.isNumber()) throw new InvalidInputException("feature " + i + " must be a number, got " + type(v));
            float f = (float) v.doubleValue();
            if (!Float.isFinite(f)) throw new InvalidInputException("feature " + i + " (" + v + ") is not a finite float32");
            x[i] = f;
        }
        return encodeFeatures(x);
    }

    /** A text's token ids (padded or cut to the model's length) and how many tokens it had. */
    public record EncodedText(int[] ids, int tokens) {
        /** The tokens the model sees. */
        public int kept() { return Math.min(tokens, ids.length); }
    }

    /** Token ids of a text (non-blank, at most the text limit). */
    public EncodedText encodeText(String text) {
        if (text.isBlank()) throw new InvalidInputException("the text is empty");
        if (text.length() > maxTextChars) {
            throw new InvalidInputException(413, "the text has " + text.length() + " characters; the limit is "
                    + maxTextChars);
        }
        if (pieces != null) {
            List<Integer> p = pieces.tokenize(text); // split once, for the ids and the count
            return new EncodedText(pieces.encodePieces(p).ids(), pieces.untruncatedLength(p));
        }
        List<String> tokens = words.tokens(text); // split once, for the ids and the count
        return new EncodedText(words.encodeTokens(tokens), tokens.size());
    }

    /** Standardized features of one sample (raw values in the model's feature order). */
    public float[] encodeFeatures(float[] raw) {
        if (raw.length != spec.featureCount()) {
            throw new InvalidInputException("expected " + spec.featureCount() + " numbers, got " + raw.length);
        }
        return standardizer == null ? raw.clone() : standardizer.transform(raw);
    }

    /** How a JSON value is named in error messages. */
    static String type(JsonNode n) {
        if (n == null || n.isNull()) return "null";
        if (n.isTextual()) return "a string";
        if (n.isNumber()) return "a number";
        if (n.isBoolean()) return "a boolean";
        if (n.isArray()) return "an array of " + n.size();
        if (n.isObject()) return "an object";
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    // ---- inference ------------------------------------------------------------------------------------------------

    /** Model outputs (probabilities for classification, values for regression) of encoded inputs, row by row. */
    public float[][] outputs(List<?> encoded) {
        int b = encoded.size();
        float[][] out = new float[b][];
        if (b == 0) return out;
        try (TensorScope scope = TensorScope.open(); GradMode g = GradMode.disable()) {
            Tensor x = batch(encoded);
            Tensor y = model.forward(x);
            if (!spec.regression()) y = y.softmax(1);
            float[] flat = y.toFloatArray();
            int k = flat.length / b;
            for (int i = 0; i < b; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
        }
        return out;
    }

    private Tensor batch(List<?> encoded) {
        int b = encoded.size();
        var f = Tensor.on(backend);
        if (spec.isText()) { // padded to the longest text of the batch (ours come padded, bert's do not)
            int pad = pieces != null ? pieces.padId() : WordTokenizer.PAD_ID;
            int t = 1;
            for (Object o : encoded) {
                int[] ids = ((EncodedText) o).ids();
                for (int i = ids.length - 1; i >= 0; i--) {
                    if (ids[i] != pad) {
                        t = Math.max(t, i + 1);
                        break;
                    }
                }
            }
            long[] flat = new long[b * t];
            if (pad != 0) java.util.Arrays.fill(flat, pad);
            for (int r = 0; r < b; r++) {
                int[] ids = ((EncodedText) encoded.get(r)).ids();
                for (int i = 0; i < Math.min(t, ids.length); i++) flat[r * t + i] = ids[i];
            }
            return f.of(flat, b, t);
        }
        int d = spec.featureCount();
        float[] flat = new float[b * d];
        for (int r = 0; r < b; r++) System.arraycopy((float[]) encoded.get(r), 0, flat, r * d, d);
        int[] shape = spec.sampleShape();
        int[] full = new int[shape.length + 1];
        full[0] = b;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return f.of(flat, full);
    }

    @Override public List<Prediction> predict(List<Object> encoded) {
        List<Prediction> out = toPredictions(outputs(encoded));
        for (int i = 0; i < out.size(); i++) {
            if (encoded.get(i) instanceof EncodedText t && t.tokens() > t.kept()) {
                out.set(i, out.get(i).truncated(t.tokens(), t.kept()));
            }
        }
        return out;
    }

    /** Predictions from {@link #outputs} rows. */
    public List<Prediction> toPredictions(float[][] rows) {
        List<Prediction> out = new ArrayList<>(rows.length);
        List<String> classes = spec.classes();
        for (float[] row : rows) {
            if (spec.regression()) {
                double[] v = new double[row.length];
                for (int i = 0; i < v.length; i++) v[i] = spec.unscale(row[i]);
                out.add(Prediction.regression(v));
            } else {
                int best = 0;
                Map<String, Double> probs = new LinkedHashMap<>();
                for (int c = 0; c < row.length; c++) {
                    probs.put(classes.get(c), (double) row[c]);
                    if (row[c] > row[best]) best = c;
                }
                out.add(Prediction.classification(classes.get(best), probs));
            }
        }
        return out;
    }

    @Override public ObjectNode metadata() {
        ObjectNode o = Json.object();
        o.put("model_type", modelType).put("task", spec.regression() ? "regression" : "classification")
                .put("input", spec.isText() ? "text" : "features");
        if (!spec.regression()) {
            var c = o.putArray("classes");
            spec.classes().forEach(c::add);
        }
        if (spec.isText()) {
            o.put("vocab_size", pieces != null ? pieces.vocabSize() : words.vocabSize()).put("max_len", spec.maxLen());
        } else {
            o.put("features", spec.featureCount());
            if (!spec.features().isEmpty()) {
                var names = o.putArray("feature_names");
                spec.features().forEach(names::add);
            }
            if (spec.imageShape() != null) {
                var s = o.putArray("image_shape");
                for (int d : spec.imageShape()) s.add(d);
            }
            o.put("standardized", standardizer != null);
        }
        o.put("parameters", model.parameterCount());
        o.put("backend", backend.name()).put("backend_description", backend.description());
        o.put("directory", dir.toAbsolutePath().toString());
        JsonNode extra = pieces != null ? config.get(TENSORFORGE_KEY) : config.get("extra");
        if (extra != null && extra.has("test_metrics")) o.set("test_metrics", extra.get("test_metrics"));
        o.set("architecture", pieces != null ? config : config.get("model"));
        return o;
    }

    @Override public void close() { model.close(); }
}
