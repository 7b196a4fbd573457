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
 * Reductions of a float32 {@code rows x cols} matrix (4096 x 4096 by default): sum of everything, sum and max over each
 * row (the last axis), sum over each column (the first axis, a strided reduction). Score: ops per second; the report
 * turns it into GB/s with 4 bytes read per input element.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
public class ReductionBench {

    @State(Scope.Thread)
    public static class Data {
        @Param({"cpu", "reference", "opencl", "cuda"}) public String backend;
        @Param({"sumAll", "sumRows", "maxRows", "sumCols"}) public String op;
        @Param({"4096"}) public int rows;
        @Param({"4096"}) public int cols;

        Backend device;
        Tensor x;

        @Setup(Level.Trial)
        public void setUp() {
            device = BenchSupport.backend(backend);
            x = BenchSupport.randn(device, 1, rows, cols);
        }

        Tensor run() {
            Tensor r = switch (op) {
                case "sumAll" -> x.sum();
                case "sumRows" -> x.sum(1, false);
                case "maxRows" -> x.max(1, false);
                case "sumCols" -> x.sum(0, false);
                default -> throw new IllegalArgumentException("ReductionBench: unknown op '" + op
                        + "'; use sumAll, sumRows, maxRows or sumCols");
            };
            device.synchronize();
            return r;
        }

        @TearDown(Level.Trial)
        public void close() { BenchSupport.closeAll(x); }
    }

    @Benchmark
    public int reduce(Data d) {
        try (TensorScope scope = TensorScope.open()) { // releases any temporaries of the reduction too
            return d.run().numel();
        }
    }
}
