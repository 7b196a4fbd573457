package io.github.tensorforge.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.ModelFactory;
import io.github.tensorforge.nn.io.ModuleConfig;
import io.github.tensorforge.nn.layers.Rnn;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BatchNorm1d/2d, GroupNorm, Conv1d, Lstm and Gru against PyTorch ({@code tests/scripts/make_layer_golden.py} writes
 * {@code layer_golden.json}), on every backend in float32 and float64: PyTorch's state dict is loaded by name, and
 * the output, the final states, the gradients of the input and of every parameter, the running statistics after a
 * training step and the eval-mode output must all agree. The LSTM and GRU cases include bidirectional layers over a
 * batch of different lengths, which PyTorch ran as a packed sequence.
 */
class LayerGoldenTest {
    static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LayerGoldenTest.class.getResourceAsStream("/layer_golden.json")) {
            if (in == null) throw new IllegalStateException("layer_golden.json is missing; run tests/scripts/make_layer_golden.py");
            golden = Json.MAPPER.readTree(in);
        }
    }

    static Tensor tensor(Backend b, JsonNode t, DType dt) {
        int[] shape = GoldenTest.ints(t.path("shape"));
        double[] data = GoldenTest.doubles(t.path("data"));
        if (shape.length == 0) return Tensor.on(b).full(dt, data[0]);
        return Tensor.on(b).of(data, shape).to(dt);
    }

    @Test void everyLayerHasACase() {
        List<String> types = new ArrayList<>();
        golden.path("cases").forEach(c -> types.add(c.path("config").path("type").asText()));
        for (String t : List.of("batch_norm1d", "batch_norm2d", "group_norm", "conv1d", "lstm", "gru")) {
            assertTrue(types.contains(t), "layer_golden.json has no " + t + " case");
        }
        assertTrue(golden.path("generator").asText().startsWith("torch"), "golden values must come from PyTorch");
    }

    @Test void referenceBackendMatchesPyTorch() { compareAll(Conformance.reference()); }

    @BackendTest
    void backendMatchesPyTorch(String name) { compareAll(Conformance.backend(name)); }

    static void compareAll(Backend b) {
        for (DType dt : Layouts.floats(b)) {
            for (JsonNode c : golden.path("cases")) {
                Soft.run(() -> {
                    try (var scope = TensorScope.open()) {
                        compare(b, c, dt);
                    }
                    Conformance.countCheck(b.name());
                });
            }
        }
    }

    private static void compare(Backend b, JsonNode c, DType dt) {
        String what = "layer " + c.path("name").asText() + " " + dt + " on " + b.name();
        Module m = ModelFactory.build(ModuleConfig.parse(c.path("config").toString()));
        try {
            m.to(b).to(dt);
            Map<String, Tensor> state = new LinkedHashMap<>();
            c.path("state").fields().forEachRemaining(e -> state.put(e.getKey(), e.getKey().equals("num_batches_tracked")
                    ? Tensor.on(b).full(DType.INT64, e.getValue().path("data").get(0).asDouble())
                    : tensor(b, e.getValue(), dt)));
            m.loadStateDict(state);
            m.train();
            Tensor x = tensor(b, c.path("input"), dt).requiresGrad();
            Tensor loss;
            if (m instanceof Rnn rnn) {
                int[] lengths = c.has("lengths") ? GoldenTest.ints(c.path("lengths")) : null;
                Tensor h0 = c.has("h0") ? tensor(b, c.path("h0"), dt) : null, c0 = c.has("c0") ? tensor(b, c.path("c0"), dt) : null;
                Rnn.Output out = rnn.forward(x, lengths, h0, c0);
                check(what + " output", c.path("output"), out.output(), dt);
                check(what + " h_n", c.path("hidden"), out.hidden(), dt);
                loss = out.output().mul(tensor(b, c.path("r"), dt)).sum()
                        .add(out.hidden().mul(tensor(b, c.path("r_hidden"), dt)).sum());
                if (c.has("cell")) {
                    check(what + " c_n", c.path("cell"), out.cell(), dt);
                    loss = loss.add(out.cell().mul(tensor(b, c.path("r_cell"), dt)).sum());
                }
            } else {
                Tensor out = m.forward(x);
                check(what + " output", c.path("output"), out, dt);
                loss = out.mul(tensor(b, c.path("r"), dt)).sum();
            }
            loss.backward();
            check(what + " input gradient", c.path("grad_input"), x.grad(), dt);
            Map<String, Parameter> params = m.namedParameters();
            assertEquals(listNames(c.path("grads")), new ArrayList<>(params.keySet()), what + ": parameter names");
            for (var p : params.entrySet()) check(what + " gradient of " + p.getKey(), c.path("grads").path(p.getKey()), p.getValue().grad(), dt);
            if (c.has("state_after")) {
                Map<String, Tensor> after = m.stateDict();
                c.path("state_after").fields().forEachRemaining(e -> check(what + " " + e.getKey() + " after the step",
                        e.getValue(), after.get(e.getKey()), dt));
                m.eval();
                check(what + " eval output", c.path("eval_output"), m.forward(tensor(b, c.path("eval_input"), dt)), dt);
            }
        } finally {
            m.close();
        }
    }

    private static List<String> listNames(JsonNode grads) {
        List<String> names = new ArrayList<>();
        grads.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void check(String what, JsonNode expected, Tensor actual, DType dt) {
        if (actual == null) throw new AssertionError(what + ": no value (no gradient reached it?)");
        int[] shape = GoldenTest.ints(expected.path("shape"));
        if (!java.util.Arrays.equals(shape, actual.shape())) {
            throw new AssertionError(what + ": shape " + java.util.Arrays.toString(actual.shape()) + ", PyTorch gives "
                    + java.util.Arrays.toString(shape));
        }
        Compare.assertValues(what, GoldenTest.doubles(expected.path("data")), actual.toDoubleArray(), dt, Tol.GRAD.times(5));
    }
}
