package io.github.tensorforge.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.UserException;
import io.github.tensorforge.cli.data.InputSpec;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.ModelFiles;
import io.github.tensorforge.nn.io.SafetensorsException;
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
 * (standardizer or tokenizer, {@link InputSpec}). Implements {@link BatchPredictor} for the server; the evaluate and
 * predict commands use it too. {@link #predict} must be called from one thread at a time.
 */
public final class LoadedModel implements BatchPredictor {
    /** Characters of one text input above which the server answers 413. */
    public static final int DEFAULT_MAX_TEXT_CHARS = 20_000;

    private final Path dir;
    private final ModelFiles.Loaded loaded;
    private final InputSpec spec;
    private final String modelType;
    private final Backend backend;
    private final int maxTextChars;

    private LoadedModel(Path dir, ModelFiles.Loaded loaded, InputSpec spec, String modelType, int maxTextChars) {
        this.dir = dir;
        this.loaded = loaded;
        this.spec = spec;
        this.modelType = modelType;
        this.maxTextChars = maxTextChars;
        Module m = loaded.model();
        this.backend = m.parameters().get(0).value().backend();
    }

    public static LoadedModel load(Path dir) { return load(dir, DEFAULT_MAX_TEXT_CHARS); }

    /** Loads a directory written by the train command; every problem is a {@link UserException}. */
    public static LoadedModel load(Path dir, int maxTextChars) {
        if (dir == null) throw new UserException("--model DIR is required");
        if (!Files.isDirectory(dir)) throw new UserException("model directory not found: " + dir);
        BagOfEmbeddings.register();
        ModelFiles.Loaded loaded;
        try {
            loaded = ModelFiles.load(dir);
        } catch (NoSuchFileException e) {
            throw new UserException("model directory " + dir + " is incomplete: missing " + e.getFile(), e);
        } catch (IOException | SafetensorsException e) {
            throw new UserException("could not load the model in " + dir + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UserException("model directory " + dir + " is invalid: " + e.getMessage(), e);
        }
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
            LoadedModel m = new LoadedModel(dir, loaded, spec, type, maxTextChars);
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
     * One forward pass on a blank sample: the model must give one output per class (classification) or one value
     * (regression), so that a config whose task or classes do not fit the weights is refused at load time.
     */
    private void requireOutputsMatchTheTask() {
        int[] sample = spec.sampleShape();
        Object blank = spec.isText() ? new EncodedText(new int[spec.maxLen()], 0) : new float[spec.featureCount()];
        int width;
        try (TensorScope scope = TensorScope.open(); GradMode g = GradMode.disable()) {
            Tensor y = loaded.model().forward(batch(List.of(blank)));
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

    public Module module() { return loaded.model(); }

    public InputSpec spec() { return spec; }

    public String modelType() { return modelType; }

    public WordTokenizer tokenizer() { return loaded.tokenizer(); }

    public Standardizer standardizer() { return loaded.standardizer(); }

    public Backend backend() { return backend; }

    public JsonNode config() { return loaded.config(); }

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
        List<String> tokens = loaded.tokenizer().tokens(text); // split once, for the ids and the count
        return new EncodedText(loaded.tokenizer().encodeTokens(tokens), tokens.size());
    }

    /** Standardized features of one sample (raw values in the model's feature order). */
    public float[] encodeFeatures(float[] raw) {
        if (raw.length != spec.featureCount()) {
            throw new InvalidInputException("expected " + spec.featureCount() + " numbers, got " + raw.length);
        }
        Standardizer s = loaded.standardizer();
        return s == null ? raw.clone() : s.transform(raw);
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
            Tensor y = loaded.model().forward(x);
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
        if (spec.isText()) {
            int t = 1;
            for (Object o : encoded) {
                int[] ids = ((EncodedText) o).ids();
                for (int i = ids.length - 1; i >= 0; i--) {
                    if (ids[i] != WordTokenizer.PAD_ID) {
                        t = Math.max(t, i + 1);
                        break;
                    }
                }
            }
            long[] flat = new long[b * t];
            for (int r = 0; r < b; r++) {
                int[] ids = ((EncodedText) encoded.get(r)).ids();
                for (int i = 0; i < t; i++) flat[r * t + i] = ids[i];
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
            o.put("vocab_size", loaded.tokenizer().vocabSize()).put("max_len", spec.maxLen());
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
            o.put("standardized", loaded.standardizer() != null);
        }
        o.put("parameters", loaded.model().parameterCount());
        o.put("backend", backend.name()).put("backend_description", backend.description());
        o.put("directory", dir.toAbsolutePath().toString());
        JsonNode extra = loaded.config().get("extra");
        if (extra != null && extra.has("test_metrics")) o.set("test_metrics", extra.get("test_metrics"));
        o.set("architecture", loaded.config().get("model"));
        return o;
    }

    @Override public void close() { loaded.close(); }
}
