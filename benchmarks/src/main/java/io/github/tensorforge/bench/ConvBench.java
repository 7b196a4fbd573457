package io.github.tensorforge.bench;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.layers.Conv2d;
import io.github.tensorforge.nn.layers.MaxPool2d;
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
 * The CNN of issue 23 layer by layer, at batch 128 on Fashion-MNIST's 28x28 images: a 3x3 convolution with padding 1
 * ({@code conv1}: 1 -> 32 channels at 28x28; {@code conv2}: 32 -> 64 at 14x14), each followed by its ReLU and 2x2 max
 * pool, as {@code tensorforge train --model cnn --channels 32,64} builds it. {@code forward} runs the block under no
 * grad; {@code train} runs it forward and backward (the gradient of the sum of the pooled output, into the input and
 * the weights), as a training step does. Score: blocks per second; {@code benchmarks/scripts/peers.py} measures the
 * same blocks in PyTorch ({@code torch.nn.Conv2d}, {@code F.relu}, {@code F.max_pool2d}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
public class ConvBench {

    @State(Scope.Thread)
    public static class Data {
        @Param({"cpu", "opencl", "cuda"}) public String backend;
        @Param({"conv1", "conv2"}) public String layer;
        @Param({"forward", "train"}) public String pass;
        @Param({"128"}) public int batch;

        Backend device;
        Conv2d conv;
        MaxPool2d pool;
        Tensor x;

        @Setup(Level.Trial)
        public void setUp() {
            device = BenchSupport.backend(backend);
            int in, out, size;
            switch (layer) {
                case "conv1" -> { in = 1; out = 32; size = 28; }
                case "conv2" -> { in = 32; out = 64; size = 14; }
                default -> throw new IllegalArgumentException("ConvBench: unknown layer '" + layer + "'; use conv1 or conv2");
            }
            if (!pass.equals("forward") && !pass.equals("train")) {
                throw new IllegalArgumentException("ConvBench: unknown pass '" + pass + "'; use forward or train");
            }
            io.github.tensorforge.core.Backends.setDefault(device);
            conv = new Conv2d(in, out, 3, 3, 1, 1, true, new Rng(1));
            pool = new MaxPool2d(2);
            x = BenchSupport.randn(device, 2, batch, in, size, size);
            if (pass.equals("train")) x.requiresGrad(true);
        }

        int run() {
            try (TensorScope scope = TensorScope.open()) {
                Tensor y;
                if (pass.equals("forward")) {
                    try (var g = io.github.tensorforge.core.GradMode.disable()) {
                        y = pool.forward(conv.forward(x).relu());
                    }
                } else {
                    conv.zeroGrad();
                    x.zeroGrad();
                    y = pool.forward(conv.forward(x).relu());
                    y.sum().backward();
                }
                device.synchronize();
                return y.numel();
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            conv.close();
            BenchSupport.closeAll(x);
        }
    }

    @Benchmark
    public int block(Data d) { return d.run(); }
}
