package io.github.tensorforge.tests;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.io.BertOnnx;
import io.github.tensorforge.nn.models.BertEncoder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A rough interleaved timing of BertEncoder (cpu) against ONNX Runtime on the same .onnx, run only on request
 * ({@code -Dtensorforge.bertSpeed=true}); not a benchmark of record (that is JMH's job), a probe.
 */
class BertSpeedProbe {
    static final int WARM = Integer.getInteger("tensorforge.bertSpeed.warm", 15), MEASURED = 5;

    @Test void probe() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("tensorforge.bertSpeed"), "run with -Dtensorforge.bertSpeed=true");
        Path onnx = BertOnnxParityTest.extract("all-minilm-l6-v2.onnx");
        try (var use = Backends.use(Conformance.backend("cpu")); BertEncoder model = BertOnnx.load(onnx)) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(onnx.toString(), o)) {
                for (int batch : new int[] {1, 8, 32}) {
                    int len = 64;
                    long[] ids = new long[batch * len], mask = new long[batch * len], types = new long[batch * len];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = i % len == 0 ? 101 : 1000 + (i * 7919L) % 20000;
                        mask[i] = 1;
                    }
                    double ours = 0, peer = 0;
                    for (int round = 0; round < WARM + MEASURED; round++) {
                        long t0 = System.nanoTime();
                        try (var scope = TensorScope.open(); var g = GradMode.disable()) {
                            model.forward(Tensor.of(ids, batch, len), Tensor.of(types, batch, len), Tensor.of(mask, batch, len)).toFloatArray();
                        }
                        long t1 = System.nanoTime();
                        long[] shape = {batch, len};
                        try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                             OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                             OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
                             var r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                            r.get(0).getValue();
                        }
                        long t2 = System.nanoTime();
                        if (round >= WARM) {
                            ours += (t1 - t0) / 1e9;
                            peer += (t2 - t1) / 1e9;
                        }
                    }
                    System.out.printf("BertSpeedProbe batch %d x %d tokens: TensorForge %.1f sentences/s, ONNX Runtime %.1f sentences/s, ratio %.2f%n",
                            batch, len, MEASURED * batch / ours, MEASURED * batch / peer, peer / ours);
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(onnx);
        }
    }
}
