package io.github.tensorforge.opencl;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.FusedMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static io.github.tensorforge.opencl.ClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Through core's Tensor API: one training step of a tiny transformer-style block (embedding lookup, layer norm,
 * linear + GELU, a transposed projection, cross-entropy) on this backend, with fused kernels and without, against the
 * reference backend: the loss and every parameter gradient must agree, and nothing may leak.
 */
class ClTensorApiTest {

    private static float[] randomF(int n, Random rnd, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return a;
    }

    /** Runs the step on {@code backend}; returns the loss and the gradients by name. */
    private static Map<String, float[]> step(Backend backend) {
        Random rnd = new Random(21);
        float[] emb = randomF(20 * 16, rnd, 1), w1 = randomF(16 * 32, rnd, 0.3), b1 = randomF(32, rnd, 0.1);
        float[] w2 = randomF(5 * 32, rnd, 0.3), gamma = randomF(16, rnd, 1), beta = randomF(16, rnd, 0.5);
        long[] tokens = {3, 7, 7, 0, 19, 3, 12, 7, 5};
        long[] labels = {0, 4, 2, 2, 1, 3, 0, 4, 1};
        Map<String, float[]> result = new LinkedHashMap<>();
        try (var use = Backends.use(backend); var scope = TensorScope.open()) {
            Tensor e = Tensor.of(emb, 20, 16).requiresGrad();
            Tensor g = Tensor.of(gamma, 16).requiresGrad();
            Tensor b = Tensor.of(beta, 16).requiresGrad();
            Tensor w = Tensor.of(w1, 16, 32).requiresGrad();
            Tensor bias = Tensor.of(b1, 32).requiresGrad();
            Tensor p = Tensor.of(w2, 5, 32).requiresGrad();
            Tensor h = e.indexSelect(0, Tensor.of(tokens, 9)).layerNorm(g, b, 1e-5);
            Tensor logits = h.matmul(w).add(bias).gelu().matmul(p.transpose(0, 1));
            Tensor loss = logits.crossEntropy(Tensor.of(labels, 9)).add(logits.softmax(1).mul(logits).mean());
            loss.backward();
            result.put("loss", new float[] {(float) loss.item()});
            result.put("emb", e.grad().toFloatArray());
            result.put("gamma", g.grad().toFloatArray());
            result.put("beta", b.grad().toFloatArray());
            result.put("w1", w.grad().toFloatArray());
            result.put("b1", bias.grad().toFloatArray());
            result.put("w2", p.grad().toFloatArray());
        }
        return result;
    }

    private static void compare(String what, Map<String, float[]> expected, Map<String, float[]> actual) {
        for (String k : expected.keySet()) assertArrays(what + " " + k, expected.get(k), actual.get(k), 2e-5, 2e-4);
    }

    @Test void trainingStepMatchesReferenceFusedAndComposite() {
        ClBackend cl = cl();
        long live = cl.memoryStats().liveBuffers();
        Map<String, float[]> ref = step(REF);
        Map<String, float[]> fused = step(cl);
        compare("opencl fused vs reference", ref, fused);
        try (var off = FusedMode.disable()) {
            compare("opencl composite vs reference", ref, step(cl));
        }
        assertEquals(live, cl.memoryStats().liveBuffers(), "the scope released every buffer of the step");
    }
}
