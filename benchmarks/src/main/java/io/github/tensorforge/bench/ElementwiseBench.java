package io.github.tensorforge.bench;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
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
 * Element-wise float32 ops on {@code size} elements (16M by default). Score: ops per second; the report turns it into
 * GB/s with the bytes every op must move at least (unary: read x, write out = 8 bytes per element; binary: 12).
 *
 * <p>{@code api} is what users run: {@code x.relu()}, {@code x.add(y)}, a fresh output each call (closed at once).
 * {@code prealloc} calls the backend's kernel through the SPI into an output allocated once, the same work PyTorch does
 * with {@code out=}; the difference between the two is the allocation cost per op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
public class ElementwiseBench {

    @State(Scope.Thread)
    public static class Data {
        @Param({"cpu", "reference", "opencl", "cuda"}) public String backend;
        @Param({"add", "mul", "relu", "sigmoid", "tanh", "exp", "gelu"}) public String op;
        @Param({"16777216"}) public int size;

        Backend device;
        Tensor x, y, out;
        /** The same operands as kernel-side views of buffers of their own, for the SPI-level "prealloc" case. */
        View xv, yv, outv;
        UnaryOp unary;
        BinaryOp binary;

        @Setup(Level.Trial)
        public void setUp() {
            device = BenchSupport.backend(backend);
            switch (op) {
                case "add" -> binary = BinaryOp.ADD;
                case "mul" -> binary = BinaryOp.MUL;
                case "relu" -> unary = UnaryOp.RELU;
                case "sigmoid" -> unary = UnaryOp.SIGMOID;
                case "tanh" -> unary = UnaryOp.TANH;
                case "exp" -> unary = UnaryOp.EXP;
                case "gelu" -> unary = UnaryOp.GELU;
                default -> throw new IllegalArgumentException("ElementwiseBench: unknown op '" + op
                        + "'; use add, mul, relu, sigmoid, tanh, exp or gelu");
            }
            x = BenchSupport.randn(device, 1, size);
            y = BenchSupport.randn(device, 2, size);
            out = Tensor.on(device).zeros(size);
            xv = spiCopy(x);
            yv = spiCopy(y);
            outv = spiCopy(out);
        }

        private View spiCopy(Tensor t) {
            Buffer b = device.allocate(DType.FLOAT32, size);
            device.upload(b, t.toFloatArray());
            return View.contiguous(b, size);
        }

        Tensor api() {
            Tensor r = switch (op) {
                case "add" -> x.add(y);
                case "mul" -> x.mul(y);
                case "relu" -> x.relu();
                case "sigmoid" -> x.sigmoid();
                case "tanh" -> x.tanh();
                case "exp" -> x.exp();
                case "gelu" -> x.gelu();
                default -> throw new IllegalStateException(op);
            };
            device.synchronize();
            return r;
        }

        void prealloc() {
            if (unary != null) device.unary(unary, outv, xv);
            else device.binary(binary, outv, xv, yv);
            device.synchronize();
        }

        @TearDown(Level.Trial)
        public void close() {
            BenchSupport.closeAll(x, y, out);
            for (View v : new View[] {xv, yv, outv}) if (v != null) v.buffer().release();
        }
    }

    @Benchmark
    public int api(Data d) {
        try (Tensor r = d.api()) {
            return r.numel();
        }
    }

    @Benchmark
    public Tensor prealloc(Data d) {
        d.prealloc();
        return d.out;
    }
}
