package io.github.tensorforge.nn.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.io.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a model expects as input and produces as output, saved in the model's {@code config.json} (under
 * {@code extra.input}) so that evaluate, predict and serve prepare new data exactly as training did.
 *
 * @param kind         numeric features or a text column
 * @param regression   true for regression (targets), false for classification (classes)
 * @param classes      class names in label order (classification), else empty
 * @param features     names of the CSV feature columns in order; empty for IDX data (then only the count matters)
 * @param featureCount number of numeric features per sample (features) or 0 (text)
 * @param imageShape   {@code [C, H, W]} when the model takes images (cnn), else null
 * @param textColumn   the CSV text column (text) or null
 * @param labelColumn  the CSV label column (may be absent from files that are only predicted)
 * @param maxLen       tokens per text (text) or 0
 * @param targetMean   regression: the training targets' mean (the model predicts standardized targets), else 0
 * @param targetStd    regression: the training targets' standard deviation, else 1
 */
public record InputSpec(Kind kind, boolean regression, List<String> classes, List<String> features, int featureCount,
                        int[] imageShape, String textColumn, String labelColumn, int maxLen, double targetMean,
                        double targetStd) {
    /** Numeric features, or one text column. */
    public enum Kind {
        /** Numeric feature columns (or IDX pixels). */
        FEATURES,
        /** One text column. */
        TEXT
    }

    /**
     * Checks the spec; the fields are described on the record.
     *
     * @param kind         numeric features or a text column
     * @param regression   regression or classification
     * @param classes      class names in label order
     * @param features     the CSV feature columns
     * @param featureCount numeric features per sample
     * @param imageShape   {@code [C, H, W]}, or null
     * @param textColumn   the text column, or null
     * @param labelColumn  the label column, or null
     * @param maxLen       tokens per text
     * @param targetMean   the training targets' mean
     * @param targetStd    the training targets' standard deviation
     * @throws IllegalArgumentException if the fields contradict one another (see each message)
     */
    public InputSpec {
        if (!(targetStd > 0) || !Double.isFinite(targetStd) || !Double.isFinite(targetMean)) {
            throw new IllegalArgumentException("input: target_mean must be finite and target_std positive, got "
                    + targetMean + " and " + targetStd);
        }
        if (featureCount < 0 || maxLen < 0) throw new IllegalArgumentException("input: feature_count and max_len must be >= 0");
        if (regression && !classes.isEmpty()) {
            throw new IllegalArgumentException("input: task is regression but " + classes.size() + " classes are named");
        }
        if (!regression && classes.size() < 2) {
            throw new IllegalArgumentException("input: a classifier needs at least 2 classes, got " + classes.size());
        }
        if (new java.util.HashSet<>(classes).size() != classes.size()) {
            throw new IllegalArgumentException("input: the class names " + Json.printable(classes.toString())
                    + " repeat a name; each class needs its own");
        }
        if (kind == Kind.FEATURES && !features.isEmpty() && features.size() != featureCount) {
            throw new IllegalArgumentException("input: " + features.size() + " feature names for feature_count "
                    + featureCount);
        }
        if (kind == Kind.TEXT && maxLen <= 0) throw new IllegalArgumentException("input: a text model needs max_len >= 1");
        if (imageShape != null) {
            long pixels = 1;
            for (int d : imageShape) {
                if (d <= 0) throw new IllegalArgumentException("input: image_shape " + Arrays.toString(imageShape) + " must be positive");
                pixels *= d;
            }
            if (pixels != featureCount) {
                throw new IllegalArgumentException("input: image_shape " + Arrays.toString(imageShape) + " holds " + pixels
                        + " values but feature_count is " + featureCount);
            }
        }
        classes = List.copyOf(classes);
        features = List.copyOf(features);
        imageShape = imageShape == null ? null : imageShape.clone();
    }

    /** @return whether the model reads a text column */
    public boolean isText() { return kind == Kind.TEXT; }

    /**
     * The same spec with the regression target statistics set.
     *
     * @param mean the training targets' mean
     * @param std  their standard deviation (positive)
     * @return a new spec
     */
    public InputSpec withTargetScale(double mean, double std) {
        return new InputSpec(kind, regression, classes, features, featureCount, imageShape, textColumn, labelColumn, maxLen,
                mean, std);
    }

    /**
     * A model output (standardized target) back in the data's units.
     *
     * @param v the model's output
     * @return {@code v * targetStd + targetMean}
     */
    public double unscale(double v) { return v * targetStd + targetMean; }

    /**
     * The per-sample shape the model's forward takes.
     *
     * @return {@code [featureCount]}, the image shape, or {@code [maxLen]}
     */
    public int[] sampleShape() {
        if (isText()) return new int[] {maxLen};
        return imageShape != null ? imageShape.clone() : new int[] {featureCount};
    }

    /** @return the spec as the JSON object {@code config.json} holds under {@code extra.input} */
    public ObjectNode toJson() {
        ObjectNode o = Json.object().put("kind", kind.name().toLowerCase(Locale.ROOT))
                .put("task", regression ? "regression" : "classification");
        ArrayNode c = o.putArray("classes");
        classes.forEach(c::add);
        ArrayNode f = o.putArray("features");
        features.forEach(f::add);
        o.put("feature_count", featureCount);
        if (imageShape != null) {
            ArrayNode s = o.putArray("image_shape");
            for (int d : imageShape) s.add(d);
        }
        if (textColumn != null) o.put("text_column", textColumn);
        if (labelColumn != null) o.put("label_column", labelColumn);
        o.put("max_len", maxLen);
        if (regression) o.put("target_mean", targetMean).put("target_std", targetStd);
        return o;
    }

    /**
     * Reads a spec written by {@link #toJson()}.
     *
     * @param o the JSON object
     * @return the spec
     * @throws IllegalArgumentException if it is missing, malformed or inconsistent
     */
    public static InputSpec fromJson(JsonNode o) {
        if (o == null || !o.isObject()) throw new IllegalArgumentException("config.json: 'extra.input' is missing");
        String kind = Json.requireText(o, "kind");
        Kind k;
        try {
            k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.json: input kind '" + kind + "' is not features or text");
        }
        String task = Json.requireText(o, "task");
        if (!task.equals("regression") && !task.equals("classification")) {
            throw new IllegalArgumentException("config.json: task '" + task + "' is not classification or regression");
        }
        List<String> classes = strings(o.get("classes"), "classes");
        List<String> features = strings(o.get("features"), "features");
        int[] image = null;
        JsonNode s = o.get("image_shape");
        if (s != null && !s.isNull()) {
            if (!s.isArray() || s.size() != 3) throw new IllegalArgumentException("config.json: image_shape must be [C, H, W]");
            image = new int[3];
            for (int i = 0; i < 3; i++) {
                JsonNode d = s.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToInt()) {
                    throw new IllegalArgumentException("config.json: image_shape entries must be integers, got " + d);
                }
                image[i] = d.intValue();
            }
        }
        for (String f : List.of("target_mean", "target_std")) {
            if (o.has(f) && !o.get(f).isNumber()) throw new IllegalArgumentException("config.json: '" + f + "' must be a number");
        }
        return new InputSpec(k, task.equals("regression"), classes, features, Json.requireInt(o, "feature_count"), image,
                o.path("text_column").asText(null), o.path("label_column").asText(null), Json.requireInt(o, "max_len"),
                o.path("target_mean").asDouble(0), o.path("target_std").asDouble(1));
    }

    private static List<String> strings(JsonNode a, String field) {
        List<String> out = new ArrayList<>();
        if (a == null || a.isNull()) return out;
        if (!a.isArray()) throw new IllegalArgumentException("config.json: '" + field + "' must be an array of strings");
        for (JsonNode n : a) {
            if (!n.isTextual()) throw new IllegalArgumentException("config.json: '" + field + "' must hold strings");
            out.add(n.textValue());
        }
        return out;
    }
}
