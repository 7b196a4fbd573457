package io.github.tensorforge.bench;

import io.github.tensorforge.core.Tensor;
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
 * n x n float32 GEMM (n = 1024) on the CPU backend with {@code tensorforge.cpu.threads} = 1 and 2. The property is set
 * in the trial set-up, before this fork creates the backend; every parameter combination runs in its own fork, so this
 * benchmark needs at least one fork (JMH's {@code -f 0} would reuse a backend made with another thread count, and the
 * set-up refuses to run then).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
public class ThreadScalingBench {
    static final String THREADS_PROPERTY = "tensorforge.cpu.threads";

    @State(Scope.Thread)
    public static class Data {
        /** Always cpu: a parameter only so that results land in the cpu series of the report. */
        @Param({"cpu"}) public String backend;
        @Param({"1", "2"}) public int cpuThreads;
        @Param({"1024"}) public int n;

        Backend device;
        Tensor a, b;

        @Setup(Level.Trial)
        public void setUp() {
            if (!backend.equals("cpu")) {
                throw new IllegalArgumentException("ThreadScalingBench measures the cpu backend's " + THREADS_PROPERTY
                        + "; backend must be cpu, got '" + backend + "'");
            }
            String previous = System.getProperty(THREADS_PROPERTY);
            if (previous != null && !previous.equals(Integer.toString(cpuThreads))) {
                throw new IllegalStateException("ThreadScalingBench: " + THREADS_PROPERTY + " is already " + previous
                        + " in this JVM; run with forks >= 1 so each thread count gets a fresh backend");
            }
            System.setProperty(THREADS_PROPERTY, Integer.toString(cpuThreads));
            device = BenchSupport.backend(backend);
            a = BenchSupport.randn(device, 1, n, n);
            b = BenchSupport.randn(device, 2, n, n);
        }

        @TearDown(Level.Trial)
        public void close() { BenchSupport.closeAll(a, b); }
    }

    @Benchmark
    public int sgemm(Data d) {
        try (Tensor c = d.a.matmul(d.b)) {
            return c.numel();
        }
    }
}
