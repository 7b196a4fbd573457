package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every backend (and the reference backend) against golden values computed by PyTorch
 * ({@code tests/scripts/make_golden.py} writes {@code golden.json}): gelu (both forms), erf, silu, softmax,
 * log-softmax, layer norm, cross-entropy with smoothing, class weights and ignore index, matmul, var/std and logsumexp.
 * float32 and, where the backend runs it, float64.
 */
class GoldenTest {
    static Map<String, Object> golden;

    @SuppressWarnings("unchecked")
    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = GoldenTest.class.getResourceAsStream("/golden.json")) {
            if (in == null) throw new IllegalStateException("golden.json is missing; run tests/scripts/make_golden.py");
            golden = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() { return (List<Map<String, Object>>) golden.get("cases"); }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Backend b, String name, DType floatType) {
        Map<String, Object> t = (Map<String, Object>) ((Map<String, Object>) golden.get("tensors")).get(name);
        List<Object> shapeL = (List<Object>) t.get("shape");
        List<Object> data = (List<Object>) t.get("data");
        int[] shape = shapeL.stream().mapToInt(o -> ((Double) o).intValue()).toArray();
        if ("int64".equals(t.get("dtype"))) {
            long[] v = data.stream().mapToLong(o -> ((Double) o).longValue()).toArray();
            return Tensor.on(b).of(v, shape);
        }
        double[] v = data.stream().mapToDouble(o -> (Double) o).toArray();
        return Tensor.on(b).of(v, shape).to(floatType);
    }

    @SuppressWarnings("unchecked")
    static Tensor compute(Backend b, Map<String, Object> c, DType dt) {
        Map<String, Object> in = (Map<String, Object>) c.get("inputs");
        Map<String, Object> p = (Map<String, Object>) c.get("params");
        java.util.function.Function<String, Tensor> x = k -> in.containsKey(k) ? tensor(b, (String) in.get(k), dt) : null;
        String op = (String) c.get("op");
        return switch (op) {
            case "gelu" -> x.apply("x").gelu();
            case "gelu_tanh" -> x.apply("x").geluTanh();
            case "erf" -> x.apply("x").erf();
            case "silu" -> x.apply("x").silu();
            case "softmax" -> x.apply("x").softmax(num(p, "dim"));
            case "log_softmax" -> x.apply("x").logSoftmax(num(p, "dim"));
            case "layer_norm" -> Functional.layerNorm(x.apply("x"), ints(p, "normalized_shape"), x.apply("weight"),
                    x.apply("bias"), (Double) p.get("eps"));
            case "cross_entropy" -> Functional.crossEntropy(x.apply("logits"), x.apply("target"), x.apply("weight"),
                    Reduction.valueOf(((String) p.get("reduction")).toUpperCase(Locale.ROOT)),
                    (Double) p.get("label_smoothing"), num(p, "ignore_index"));
            case "matmul" -> x.apply("a").matmul(x.apply("b"));
            case "var" -> x.apply("x").var(ints(p, "dims"), num(p, "correction"), (Boolean) p.get("keepdim"));
            case "std" -> x.apply("x").std(ints(p, "dims"), num(p, "correction"), (Boolean) p.get("keepdim"));
            case "logsumexp" -> x.apply("x").logSumExp(num(p, "dim"), (Boolean) p.get("keepdim"));
            default -> throw new IllegalArgumentException("golden.json: unknown op " + op);
        };
    }

    static int num(Map<String, Object> p, String k) { return ((Double) p.get(k)).intValue(); }

    @SuppressWarnings("unchecked")
    static int[] ints(Map<String, Object> p, String k) {
        return ((List<Object>) p.get(k)).stream().mapToInt(o -> ((Double) o).intValue()).toArray();
    }

    @SuppressWarnings("unchecked")
    static void compareAll(Backend b) {
        for (DType dt : Layouts.floats(b)) {
            // float32 computes from float32-exact inputs; allow its rounding, float64 must agree to ~1e-10
            Tol reduction = new Tol(1e-4, 1e-5, 1e-5, 1e-9, 1e-10, 1e-10);
            for (Map<String, Object> c : cases()) {
                Tol tol = List.of("gelu", "gelu_tanh", "erf", "silu").contains((String) c.get("op")) ? Tol.ELEMENTWISE : reduction;
                Soft.run(() -> {
                    try (var scope = TensorScope.open()) {
                        Map<String, Object> e = (Map<String, Object>) c.get("expected");
                        int[] shape = ((List<Object>) e.get("shape")).stream().mapToInt(o -> ((Double) o).intValue()).toArray();
                        double[] expected = ((List<Object>) e.get("data")).stream().mapToDouble(o -> (Double) o).toArray();
                        String what = "golden " + c.get("name") + " " + dt + " on " + b.name();
                        Tensor out;
                        try {
                            out = compute(b, c, dt);
                        } catch (RuntimeException ex) {
                            throw new AssertionError(what + " threw: " + ex, ex);
                        }
                        if (!java.util.Arrays.equals(shape, out.shape())) {
                            throw new AssertionError(what + ": shape " + java.util.Arrays.toString(out.shape())
                                    + ", PyTorch gives " + java.util.Arrays.toString(shape));
                        }
                        if (out.backend() != b) throw new AssertionError(what + ": result lives on " + out.backend().name());
                        Compare.assertValues(what, expected, out.toDoubleArray(), dt, tol);
                        Conformance.countCheck(b.name());
                    }
                });
            }
        }
    }

    @Test
    void goldenFileIsComplete() {
        List<String> ops = cases().stream().map(c -> (String) c.get("op")).distinct().toList();
        for (String op : List.of("gelu", "gelu_tanh", "erf", "silu", "softmax", "log_softmax", "layer_norm",
                "cross_entropy", "matmul", "var", "std", "logsumexp")) {
            assertTrue(ops.contains(op), "golden.json has no case for " + op);
        }
        assertTrue(String.valueOf(golden.get("generator")).startsWith("torch"), "golden values must come from PyTorch");
    }

    @Test
    void referenceBackendMatchesPyTorch() {
        compareAll(Conformance.reference());
    }

    @BackendTest
    void backendMatchesPyTorch(String name) {
        compareAll(Conformance.backend(name));
    }
}
