package io.github.tensorforge.cli.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.io.Json;

import java.util.Map;

/**
 * One model answer: for classification the most probable class and every class's probability (in the model's class
 * order); for regression the predicted value(s); for an encoder the embedding (as values).
 */
public record Prediction(String label, Map<String, Double> probabilities, double[] values) {
    public static Prediction classification(String label, Map<String, Double> probabilities) {
        return new Prediction(label, probabilities, null);
    }

    public static Prediction regression(double[] values) { return new Prediction(null, null, values.clone()); }

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

    /** {@code {"label": ..., "probabilities": {...}}} or {@code {"value": x}} / {@code {"values": [...]}}. */
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
        return o;
    }
}
