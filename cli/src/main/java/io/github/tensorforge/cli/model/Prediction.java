package io.github.tensorforge.cli.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.io.Json;

import java.util.Map;

/**
 * One model answer: for classification the most probable class and every class's probability (in the model's class
 * order); for regression the predicted value(s); for an encoder the embedding (as values).
 */
public record Prediction(String label, Map<String, Double> probabilities, double[] values, Truncation truncation) {
    /** A text input longer than the model takes: it had {@code tokens}, the model saw the first {@code kept}. */
    public record Truncation(int tokens, int kept) {}

    public static Prediction classification(String label, Map<String, Double> probabilities) {
        return new Prediction(label, probabilities, null, null);
    }

    public static Prediction regression(double[] values) { return new Prediction(null, null, values.clone(), null); }

    /** This prediction, saying that its text was cut to {@code kept} of its {@code tokens} tokens. */
    public Prediction truncated(int tokens, int kept) {
        return new Prediction(label, probabilities, values, new Truncation(tokens, kept));
    }

    public boolean isClassification() { return label != null; }

    /** Whether every number in it is finite (a model with diverged weights, or an overflow, gives NaN). */
    public boolean isFinite() {
        if (isClassification()) {
            for (double p : probabilities.values()) if (!Double.isFinite(p)) return false;
            return true;
        }
        for (double v : values) if (!Double.isFinite(v)) return false;
        return true;
    }

    /**
     * {@code {"label": ..., "probabilities": {...}}} or {@code {"value": x}} / {@code {"values": [...]}}, with
     * {@code "truncated": {"tokens": n, "kept": k}} when the text was longer than the model takes.
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        if (isClassification()) {
            o.put("label", label);
            ObjectNode p = o.putObject("probabilities");
            probabilities.forEach(p::put);
        } else if (values.length == 1) {
            o.put("value", values[0]);
        } else {
            var arr = o.putArray("values");
            for (double v : values) arr.add(v);
        }
        if (truncation != null) o.putObject("truncated").put("tokens", truncation.tokens()).put("kept", truncation.kept());
        return o;
    }
}
