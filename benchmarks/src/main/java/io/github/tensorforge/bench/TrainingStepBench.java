package io.github.tensorforge.bench;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.UnaryOp;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end training steps (forward, loss, backward, Adam update) written with core ops, so that the graph is exactly
 * the one {@code scripts/peers.py} builds in PyTorch: {@link Functional#linear} and core composites for the layers, and
 * {@link Functional#adamStep} for the update (the same fused kernel that nn's {@code Adam} runs). Score: training steps
 * per second.
 *
 * <p>{@code mlp}: 784-512-256-10 with ReLU, cross-entropy, batch 128. {@code transformer}: one pre-norm encoder block,
 * d = 256, 4 heads, feed-forward 1024 with GELU, sequence 128, batch 32, loss = mean of squared outputs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
public class TrainingStepBench {

    /** Adam (beta1 0.9, beta2 0.999, eps 1e-8, no weight decay) over a list of parameters, as nn's Adam runs it. */
    static final class Adam implements AutoCloseable {
        final List<Tensor> params;
        final List<Tensor> m = new ArrayList<>(), v = new ArrayList<>();
        final double lr;
        int step;

        Adam(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = lr;
            for (Tensor p : params) {
                m.add(p.zerosLike().unscoped());
                v.add(p.zerosLike().unscoped());
            }
        }

        void step() {
            step++;
            AdamStep h = new AdamStep(lr, 0.9, 0.999, 1e-8, 0, false, step);
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i), grad = p.grad();
                if (grad == null) {
                    throw new IllegalStateException("Adam: parameter " + i + " " + java.util.Arrays.toString(p.shape())
                            + " received no gradient; the benchmark graph does not use it");
                }
                Functional.adamStep(p, grad, m.get(i), v.get(i), null, h);
                p.zeroGrad();
            }
        }

        @Override public void close() { BenchSupport.closeAll(m.toArray(new Tensor[0])); BenchSupport.closeAll(v.toArray(new Tensor[0])); }
    }

    /** A parameter initialised like nn's default (normal with std 1/sqrt(fanIn)) that lives outside every scope. */
    static Tensor param(Backend b, Rng rng, int fanIn, int... shape) {
        try (GradMode g = GradMode.disable()) {
            Tensor raw = Tensor.on(b).randn(rng, DType.FLOAT32, shape);
            Tensor p = raw.mul(1.0 / Math.sqrt(fanIn)).unscoped();
            raw.close();
            return p.requiresGrad();
        }
    }

    static Tensor zerosParam(Backend b, int... shape) { return Tensor.on(b).zeros(shape).unscoped().requiresGrad(); }

    static Tensor onesParam(Backend b, int... shape) { return Tensor.on(b).ones(shape).unscoped().requiresGrad(); }

    @State(Scope.Thread)
    public static class Mlp {
        @Param({"cpu", "reference", "opencl", "cuda"}) public String backend;
        @Param({"128"}) public int batch;

        Backend device;
        Tensor x, labels, w1, b1, w2, b2, w3, b3;
        Adam adam;

        @Setup(Level.Trial)
        public void setUp() {
            device = BenchSupport.backend(backend);
            Rng rng = new Rng(7);
            x = Tensor.on(device).randn(rng, DType.FLOAT32, batch, 784);
            labels = Tensor.on(device).randint(rng, 0, 10, batch);
            w1 = param(device, rng, 784, 784, 512); b1 = zerosParam(device, 512);
            w2 = param(device, rng, 512, 512, 256); b2 = zerosParam(device, 256);
            w3 = param(device, rng, 256, 256, 10); b3 = zerosParam(device, 10);
            adam = new Adam(List.of(w1, b1, w2, b2, w3, b3), 1e-3);
        }

        double step() {
            double lossValue;
            try (TensorScope scope = TensorScope.open()) {
                Tensor h1 = Functional.linear(x, w1, b1, UnaryOp.RELU);
                Tensor h2 = Functional.linear(h1, w2, b2, UnaryOp.RELU);
                Tensor logits = Functional.linear(h2, w3, b3, null);
                Tensor loss = logits.crossEntropy(labels);
                loss.backward();
                lossValue = loss.item();
            }
            adam.step();
            device.synchronize();
            return lossValue;
        }

        @TearDown(Level.Trial)
        public void close() {
            adam.close();
            BenchSupport.closeAll(x, labels, w1, b1, w2, b2, w3, b3);
        }
    }

    @State(Scope.Thread)
    public static class Block {
        @Param({"cpu", "reference", "opencl", "cuda"}) public String backend;
        @Param({"32"}) public int batch;
        @Param({"128"}) public int seq;
        @Param({"256"}) public int dim;
        @Param({"4"}) public int heads;
        @Param({"1024"}) public int ff;

        Backend device;
        Tensor x, ln1g, ln1b, wqkv, bqkv, wo, bo, ln2g, ln2b, wf1, bf1, wf2, bf2;
        Adam adam;

        @Setup(Level.Trial)
        public void setUp() {
            if (dim % heads != 0) {
                throw new IllegalArgumentException("TrainingStepBench.transformer: dim " + dim + " is not divisible by "
                        + heads + " heads");
            }
            device = BenchSupport.backend(backend);
            Rng rng = new Rng(11);
            x = Tensor.on(device).randn(rng, DType.FLOAT32, batch, seq, dim);
            ln1g = onesParam(device, dim); ln1b = zerosParam(device, dim);
            wqkv = param(device, rng, dim, dim, 3 * dim); bqkv = zerosParam(device, 3 * dim);
            wo = param(device, rng, dim, dim, dim); bo = zerosParam(device, dim);
            ln2g = onesParam(device, dim); ln2b = zerosParam(device, dim);
            wf1 = param(device, rng, dim, dim, ff); bf1 = zerosParam(device, ff);
            wf2 = param(device, rng, ff, ff, dim); bf2 = zerosParam(device, dim);
            adam = new Adam(List.of(ln1g, ln1b, wqkv, bqkv, wo, bo, ln2g, ln2b, wf1, bf1, wf2, bf2), 1e-4);
        }

        /** (B, T, D) -> (B, H, T, D/H). */
        private Tensor splitHeads(Tensor t) {
            return t.reshape(batch, seq, heads, dim / heads).permute(0, 2, 1, 3);
        }

        double step() {
            double lossValue;
            try (TensorScope scope = TensorScope.open()) {
                Tensor h = x.layerNorm(ln1g, ln1b, 1e-5);
                Tensor qkv = Functional.linear(h, wqkv, bqkv, null);                 // (B, T, 3D)
                Tensor q = splitHeads(qkv.slice(2, 0, dim));
                Tensor k = splitHeads(qkv.slice(2, dim, 2 * dim));
                Tensor v = splitHeads(qkv.slice(2, 2 * dim, 3 * dim));
                Tensor scores = q.matmul(k.transpose(-1, -2)).mul(1.0 / Math.sqrt(dim / (double) heads)); // (B, H, T, T)
                Tensor att = scores.softmax(-1).matmul(v);                            // (B, H, T, D/H)
                Tensor merged = att.permute(0, 2, 1, 3).reshape(batch, seq, dim);
                Tensor x2 = x.add(Functional.linear(merged, wo, bo, null));
                Tensor f = Functional.linear(x2.layerNorm(ln2g, ln2b, 1e-5), wf1, bf1, UnaryOp.GELU);
                Tensor y = x2.add(Functional.linear(f, wf2, bf2, null));
                Tensor loss = y.mul(y).mean();
                loss.backward();
                lossValue = loss.item();
            }
            adam.step();
            device.synchronize();
            return lossValue;
        }

        @TearDown(Level.Trial)
        public void close() {
            adam.close();
            BenchSupport.closeAll(x, ln1g, ln1b, wqkv, bqkv, wo, bo, ln2g, ln2b, wf1, bf1, wf2, bf2);
        }
    }

    @Benchmark
    public double mlp(Mlp s) { return s.step(); }

    @Benchmark
    public double transformer(Block s) { return s.step(); }
}
