package io.github.tensorforge.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's JSON result format (an array of objects with benchmark, params and primaryMetric{score, scoreError,
 * scoreUnit}), from JMH itself or from scripts/peers.py, which writes the same shape.
 */
public final class ResultReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultReader() {}

    public static List<BenchResult> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read benchmark results " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException("benchmark results " + file + " must be a JSON array of JMH results");
        }
        List<BenchResult> out = new ArrayList<>();
        int index = 0;
        for (JsonNode n : root) {
            out.add(parse(n, file + "[" + index + "]"));
            index++;
        }
        return out;
    }

    static BenchResult parse(JsonNode n, String where) throws IOException {
        String benchmark = text(n, "benchmark", where);
        JsonNode metric = n.get("primaryMetric");
        if (metric == null || !metric.isObject()) throw new IOException(where + " (" + benchmark + "): no primaryMetric object");
        double score = number(metric, "score", where);
        double error = metric.has("scoreError") && metric.get("scoreError").isNumber()
                ? metric.get("scoreError").asDouble() : Double.NaN;
        String unit = text(metric, "scoreUnit", where);

        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = n.get("params");
        if (p != null && p.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        int lastDot = benchmark.lastIndexOf('.');
        String method = lastDot < 0 ? benchmark : benchmark.substring(lastDot + 1);
        String cls = lastDot < 0 ? "" : benchmark.substring(0, lastDot);
        String group = cls.substring(cls.lastIndexOf('.') + 1);
        String testCase = method, series = null;
        int underscore = method.indexOf('_');
        if (underscore > 0) {
            testCase = method.substring(0, underscore);
            series = method.substring(underscore + 1);
        }
        String backend = params.remove("backend");
        if (backend != null) series = backend;
        if (series == null) series = "java";
        String runtime = n.hasNonNull("vmName") ? n.get("vmName").asText() : "";
        if (n.hasNonNull("jdkVersion")) runtime = (runtime + " " + n.get("jdkVersion").asText()).trim();
        return new BenchResult(benchmark, group, testCase, series, params, score, error, unit, runtime);
    }

    private static String text(JsonNode n, String field, String where) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IOException(where + ": missing text field '" + field + "'");
        return v.asText();
    }

    private static double number(JsonNode n, String field, String where) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) throw new IOException(where + ": missing number field '" + field + "'");
        return v.asDouble();
    }
}
