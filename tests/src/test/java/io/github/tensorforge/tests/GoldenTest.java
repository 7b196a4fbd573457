package io.github.tensorforge.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.PadMode;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every backend (and the reference backend) against golden values computed by PyTorch
 * ({@code tests/scripts/make_golden.py} writes {@code golden.json}): gelu (both forms), erf, silu, softplus, log1p,
 * expm1, floor, ceil, round, tril/triu, cumsum, pad (four modes), repeat/tile, norms, gather, sort/topk/max with their
 * indices, einsum, softmax,
 * log-softmax, layer norm, cross-entropy with smoothing, class weights and ignore index, matmul, var/std and logsumexp.
 * float32 and, where the backend runs it, float64.
 */
class GoldenTest {
    static JsonNode golden;
    /** The element-wise ops of golden.json, compared with element-wise tolerances. */
    static final List<String> ELEMENTWISE = List.of("gelu", "gelu_tanh", "erf", "silu", "softplus", "log1p", "expm1",
            "floor", "ceil", "round");

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = GoldenTest.class.getResourceAsStream("/golden.json")) {
            if (in == null) throw new IllegalStateException("golden.json is missing; run tests/scripts/make_golden.py");
            golden = Json.MAPPER.readTree(in);
        }
    }

    static List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        golden.path("cases").forEach(out::add);
        return out;
    }

    static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) v[i] = array.get(i).intValue();
        return v;
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) v[i] = array.get(i).doubleValue();
        return v;
    }

    static Tensor tensor(Backend b, String name, DType floatType) {
        JsonNode t = golden.path("tensors").path(name);
        int[] shape = ints(t.path("shape"));
        JsonNode data = t.path("data");
        if ("int64".equals(t.path("dtype").asText())) {
            long[] v = new long[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = data.get(i).longValue();
            return Tensor.on(b).of(v, shape);
        }
        return Tensor.on(b).of(doubles(data), shape).to(floatType);
    }

    static Tensor compute(Backend b, JsonNode c, DType dt) {
        JsonNode in = c.path("inputs"), p = c.path("params");
        java.util.function.Function<String, Tensor> x = k -> in.has(k) ? tensor(b, in.get(k).asText(), dt) : null;
        String op = c.path("op").asText();
        return switch (op) {
            case "gelu" -> x.apply("x").gelu();
            case "gelu_tanh" -> x.apply("x").geluTanh();
            case "erf" -> x.apply("x").erf();
            case "silu" -> x.apply("x").silu();
            case "softplus" -> x.apply("x").softplus();
            case "log1p" -> x.apply("x").log1p();
            case "expm1" -> x.apply("x").expm1();
            case "floor" -> x.apply("x").floor();
            case "ceil" -> x.apply("x").ceil();
            case "round" -> x.apply("x").round();
            case "softmax" -> x.apply("x").softmax(p.path("dim").intValue());
            case "log_softmax" -> x.apply("x").logSoftmax(p.path("dim").intValue());
            case "layer_norm" -> Functional.layerNorm(x.apply("x"), ints(p.path("normalized_shape")), x.apply("weight"),
                    x.apply("bias"), p.path("eps").doubleValue());
            case "cross_entropy" -> Functional.crossEntropy(x.apply("logits"), x.apply("target"), x.apply("weight"),
                    Reduction.valueOf(p.path("reduction").asText().toUpperCase(Locale.ROOT)),
                    p.path("label_smoothing").doubleValue(), p.path("ignore_index").intValue());
            case "matmul" -> x.apply("a").matmul(x.apply("b"));
            case "var" -> x.apply("x").var(ints(p.path("dims")), p.path("correction").intValue(), p.path("keepdim").booleanValue());
            case "std" -> x.apply("x").std(ints(p.path("dims")), p.path("correction").intValue(), p.path("keepdim").booleanValue());
            case "logsumexp" -> x.apply("x").logSumExp(p.path("dim").intValue(), p.path("keepdim").booleanValue());
            case "tril" -> x.apply("x").tril(p.path("k").intValue());
            case "triu" -> x.apply("x").triu(p.path("k").intValue());
            case "cumsum" -> x.apply("x").cumsum(p.path("dim").intValue());
            case "pad" -> {
                PadMode mode = PadMode.valueOf(p.path("mode").asText().toUpperCase(Locale.ROOT));
                yield mode == PadMode.CONSTANT ? x.apply("x").pad(ints(p.path("pads")), p.path("value").doubleValue())
                        : x.apply("x").pad(ints(p.path("pads")), mode);
            }
            case "repeat" -> x.apply("x").repeat(ints(p.path("reps")));
            case "tile" -> x.apply("x").tile(ints(p.path("reps")));
            case "norm" -> x.apply("x").norm("inf".equals(p.path("p").asText()) ? Double.POSITIVE_INFINITY
                    : p.path("p").doubleValue(), ints(p.path("dims")), p.path("keepdim").booleanValue());
            case "logsumexp_dims" -> x.apply("x").logSumExp(ints(p.path("dims")), p.path("keepdim").booleanValue());
            case "gather" -> x.apply("x").gather(p.path("dim").intValue(), x.apply("index"));
            case "sort_values" -> x.apply("x").sort(p.path("dim").intValue(), p.path("descending").booleanValue()).values();
            case "sort_indices" -> x.apply("x").sort(p.path("dim").intValue(), p.path("descending").booleanValue()).indices();
            case "topk_values" -> x.apply("x").topk(p.path("k").intValue(), p.path("dim").intValue(),
                    p.path("largest").booleanValue()).values();
            case "topk_indices" -> x.apply("x").topk(p.path("k").intValue(), p.path("dim").intValue(),
                    p.path("largest").booleanValue()).indices();
            case "max_values" -> x.apply("x").maxWithIndices(p.path("dim").intValue(), false).values();
            case "max_indices" -> x.apply("x").maxWithIndices(p.path("dim").intValue(), false).indices();
            case "einsum" -> {
                Tensor[] ops = new Tensor[p.path("operands").intValue()];
                for (int i = 0; i < ops.length; i++) ops[i] = x.apply("x" + i);
                yield Tensor.einsum(p.path("equation").asText(), ops);
            }
            default -> throw new IllegalArgumentException("golden.json: unknown op " + op);
        };
    }

    static void compareAll(Backend b) {
        for (DType dt : Layouts.floats(b)) {
            // float32 computes from float32-exact inputs; allow its rounding, float64 must agree to ~1e-10
            Tol reduction = new Tol(1e-4, 1e-5, 1e-5, 1e-9, 1e-10, 1e-10);
            for (JsonNode c : cases()) {
                Tol tol = ELEMENTWISE.contains(c.path("op").asText()) ? Tol.ELEMENTWISE : reduction;
                Soft.run(() -> {
                    try (var scope = TensorScope.open()) {
                        JsonNode e = c.path("expected");
                        int[] shape = ints(e.path("shape"));
                        double[] expected = doubles(e.path("data"));
                        String what = "golden " + c.path("name").asText() + " " + dt + " on " + b.name();
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
        List<String> ops = cases().stream().map(c -> c.path("op").asText()).distinct().toList();
        List<String> expected = new ArrayList<>(ELEMENTWISE);
        expected.addAll(List.of("softmax", "log_softmax", "layer_norm", "cross_entropy", "matmul", "var", "std",
                "logsumexp", "tril", "triu", "cumsum", "pad", "repeat", "tile", "norm", "logsumexp_dims", "gather",
                "sort_values", "sort_indices", "topk_values", "topk_indices", "max_values", "max_indices", "einsum"));
        for (String op : expected) {
            assertTrue(ops.contains(op), "golden.json has no case for " + op);
        }
        assertTrue(golden.path("generator").asText().startsWith("torch"), "golden values must come from PyTorch");
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
