package io.github.tensorforge.bench;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Backend;
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

import java.util.concurrent.TimeUnit;

/**
 * Softmax over each row of a float32 {@code rows x cols} matrix (4096 x 4096 by default) and layer norm over each row
 * (with gain and bias). Whether the backend runs a fused kernel or core's composite is the backend's choice, as for
 * users. Composites create temporaries; a {@link TensorScope} releases them every call. Score: ops per second; the
 * report turns it into GB/s with 8 bytes per element (read the input once, write the output once).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
public class SoftmaxNormBench {

    @State(Scope.Thread)
    public static class Data {
        @Param({"cpu", "reference", "opencl", "cuda"}) public String backend;
        @Param({"softmax", "layerNorm"}) public String op;
        @Param({"4096"}) public int rows;
        @Param({"4096"}) public int cols;

        Backend device;
        Tensor x, gamma, beta;

        @Setup(Level.Trial)
        public void setUp() {
            device = BenchSupport.backend(backend);
            if (!op.equals("softmax") && !op.equals("layerNorm")) {
                throw new IllegalArgumentException("SoftmaxNormBench: unknown op '" + op + "'; use softmax or layerNorm");
            }
            x = BenchSupport.randn(device, 1, rows, cols);
            gamma = BenchSupport.rand(device, 2, cols);
            beta = BenchSupport.randn(device, 3, cols);
        }

        int run() {
            try (TensorScope scope = TensorScope.open()) {
                Tensor r = op.equals("softmax") ? x.softmax(1) : x.layerNorm(gamma, beta, 1e-5);
                device.synchronize();
                return r.numel();
            }
        }

        @TearDown(Level.Trial)
        public void close() { BenchSupport.closeAll(x, gamma, beta); }
    }

    @Benchmark
    public int rowwise(Data d) { return d.run(); }
}
