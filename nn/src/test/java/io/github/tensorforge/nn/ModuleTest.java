package io.github.tensorforge.nn;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.io.AtomicFiles;
import io.github.tensorforge.nn.io.ModelFactory;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.AvgPool2d;
import io.github.tensorforge.nn.layers.BatchNorm1d;
import io.github.tensorforge.nn.layers.BatchNorm2d;
import io.github.tensorforge.nn.layers.Conv1d;
import io.github.tensorforge.nn.layers.Conv2d;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Embedding;
import io.github.tensorforge.nn.layers.Flatten;
import io.github.tensorforge.nn.layers.GroupNorm;
import io.github.tensorforge.nn.layers.Gru;
import io.github.tensorforge.nn.layers.LayerNorm;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.layers.Lstm;
import io.github.tensorforge.nn.layers.MaxPool2d;
import io.github.tensorforge.nn.layers.MultiHeadAttention;
import io.github.tensorforge.nn.layers.PositionalEmbedding;
import io.github.tensorforge.nn.layers.Softmax;
import io.github.tensorforge.nn.layers.TransformerEncoder;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.optim.SGD;
import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    @TempDir Path dir;

    static Module cnn() {
        return new Sequential(new Conv2d(1, 2, 3, 3, 1, 1, true, new Rng(1)), Activation.relu(), new MaxPool2d(2),
                new Conv2d(2, 2, 2, new Rng(2)), new AvgPool2d(1), new Flatten(), new LayerNorm(2 * 1 * 1),
                new Dropout(0.1), new Linear(2, 3, true, UnaryOp.SIGMOID, new Rng(3)), new Softmax(-1));
    }

    @Test void namesCountsAndStateDict() {
        Module m = cnn();
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias", "8.weight", "8.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(2 * 9 + 2 + 2 * 2 * 4 + 2 + 2 + 2 + 3 * 2 + 3, m.parameterCount());
        TransformerEncoder enc = new TransformerEncoder(1, 4, 2, 8, 0.1, Activation.Kind.RELU, true, new Rng(1));
        assertTrue(enc.namedParameters().containsKey("layers.0.self_attn.in_proj_weight"));
        assertTrue(enc.namedParameters().containsKey("layers.0.self_attn.out_proj.weight"));
        assertTrue(enc.namedParameters().containsKey("layers.0.linear2.bias"));
        assertTrue(enc.namedParameters().containsKey("norm.weight"));
        assertTrue(PositionalEmbedding.sinusoidal(4, 2).stateDict().containsKey("pe"), "buffers are saved");
        m.eval();
        assertFalse(m.children().get("7").isTraining(), "eval propagates");
        Map<String, Tensor> bad = new LinkedHashMap<>(m.stateDict());
        bad.put("0.weight", Tensor.zeros(2, 1, 2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(bad));
        assertTrue(e.getMessage().contains("0.weight") && e.getMessage().contains("[2, 1, 3, 3]"), e.getMessage());
        bad.remove("0.weight");
        e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(bad));
        assertTrue(e.getMessage().contains("missing [0.weight]"), e.getMessage());
        m.close();
        enc.close();
    }

    @Test void parametersOutliveScopesAndTrainingReducesLoss() {
        Module m;
        Tensor x = Tensor.randn(new Rng(5), 4, 1, 4, 4);
        Tensor y = Tensor.of(new long[] {0, 1, 2, 1}, 4);
        try (var scope = TensorScope.open()) {
            m = new Sequential(new Conv2d(1, 3, 3, 3, 1, 1, true, new Rng(1)), Activation.relu(), new MaxPool2d(2),
                    new Flatten(), new Linear(12, 3, new Rng(2)));
        }
        SGD opt = new SGD(m, 0.5);
        double first = 0, last = 0;
        for (int i = 0; i < 15; i++) {
            try (var scope = TensorScope.open()) {
                Tensor loss = new CrossEntropyLoss().compute(m.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
                if (i == 0) first = loss.item();
                last = loss.item();
            }
        }
        assertTrue(last < first, "loss " + first + " -> " + last);
        m.close();
        assertTrue(m.parameters().get(0).value().isClosed());
    }

    @Test void initializationFollowsPyTorchDefaults() {
        Linear a = new Linear(50, 40, new Rng(7)), b = new Linear(50, 40, new Rng(7));
        assertArrayEquals(a.weight().value().toFloatArray(), b.weight().value().toFloatArray(), 0f, "same seed, same init");
        double bound = 1 / Math.sqrt(50);
        double maxAbs = 0, sumSq = 0;
        for (float v : a.weight().value().toFloatArray()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
            sumSq += v * v;
        }
        assertTrue(maxAbs <= bound && maxAbs > 0.9 * bound, "kaiming_uniform(a=sqrt 5) bound " + bound + ", max " + maxAbs);
        assertEquals(bound * bound / 3, sumSq / 2000, 0.15 * bound * bound / 3, "uniform variance b^2/3");
        for (float v : a.bias().value().toFloatArray()) assertTrue(Math.abs(v) <= bound);
        Embedding e = new Embedding(100, 20, new Rng(8));
        double s = 0, s2 = 0;
        for (float v : e.weight().value().toFloatArray()) {
            s += v;
            s2 += v * v;
        }
        assertEquals(0, s / 2000, 0.1);
        assertEquals(1, s2 / 2000, 0.1);
        double xb = Math.sqrt(6.0 / (30 + 20));
        for (float v : Init.xavierUniform(new Rng(1), 1.0, 30, 20).toFloatArray()) assertTrue(Math.abs(v) <= xb);
        float[] kn = Init.kaimingNormal(new Rng(2), 0, 200, 50).toFloatArray();
        double var = 0;
        for (float v : kn) var += v * v;
        assertEquals(2.0 / 50, var / kn.length, 0.004);
        LayerNorm ln = new LayerNorm(3);
        assertArrayEquals(new float[] {1, 1, 1}, ln.namedParameters().get("weight").value().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0}, ln.namedParameters().get("bias").value().toFloatArray());
        Linear given = Linear.fromWeights(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), Tensor.of(new float[] {0.5f, -0.5f}, 2), null);
        assertArrayEquals(new float[] {1 * 1 + 2 * 1 + 0.5f, 3 + 4 - 0.5f}, given.forward(Tensor.of(new float[] {1, 1}, 1, 2)).toFloatArray());
        for (Module m : List.of(a, b, e, ln, given)) m.close();
    }

    @Test void moveToAnotherBackend() {
        Backend other = new ReferenceBackend();
        Module m = cnn().eval();
        Tensor x = Tensor.randn(new Rng(5), 2, 1, 4, 4);
        float[] here = m.forward(x).toFloatArray();
        m.to(other);
        for (Parameter p : m.parameters()) assertSame(other, p.value().backend());
        assertThrows(RuntimeException.class, () -> m.forward(x), "inputs on another backend are refused");
        float[] there = m.forward(x.to(other)).toFloatArray();
        assertArrayEquals(here, there, 0f);
        m.to(Backends.current());
        m.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, m.parameters().get(0).value().dtype());
        m.close();
    }

    @Test void modelFactoryRebuildsEveryLayerType() {
        List<Module> modules = List.of(cnn(),
                new Sequential(new Embedding(10, 4, 0, new Rng(1)), PositionalEmbedding.learned(6, 4, new Rng(2)),
                        new TransformerEncoder(2, 4, 2, 8, 0.0, Activation.Kind.GELU, false, new Rng(3))),
                new Sequential(new Embedding(10, 4, new Rng(1)), PositionalEmbedding.sinusoidal(6, 4),
                        new MultiHeadAttention(4, 1, 0.0, new Rng(3))),
                new Sequential(new Conv1d(2, 4, 3, 1, 1, true, new Rng(4)), new BatchNorm1d(4), new GroupNorm(2, 4)),
                new Sequential(new BatchNorm2d(2, 1e-3, 0.2, true, false)),
                new Sequential(new Lstm(3, 4, 2, true, true, new Rng(5)), new Gru(8, 2, 1, false, false, new Rng(6))));
        List<Tensor> inputs = List.of(Tensor.randn(new Rng(9), 2, 1, 4, 4), Tensor.of(new long[] {1, 2, 0, 3, 4, 5}, 2, 3),
                Tensor.of(new long[] {1, 2, 9, 3}, 1, 4), Tensor.randn(new Rng(10), 2, 2, 5), Tensor.randn(new Rng(11), 2, 2, 3, 3),
                Tensor.randn(new Rng(12), 2, 4, 3));
        for (int i = 0; i < modules.size(); i++) {
            Module m = modules.get(i).eval();
            Module rebuilt = ModelFactory.build(m.config());
            assertEquals(m.config(), rebuilt.config());
            Map<String, int[]> shapes = new LinkedHashMap<>(), shapes2 = new LinkedHashMap<>();
            m.stateDict().forEach((k, v) -> shapes.put(k, v.shape()));
            rebuilt.stateDict().forEach((k, v) -> shapes2.put(k, v.shape()));
            assertEquals(shapes.keySet(), shapes2.keySet());
            shapes.forEach((k, v) -> assertArrayEquals(v, shapes2.get(k), k));
            rebuilt.loadStateDict(m.stateDict());
            rebuilt.eval();
            assertArrayEquals(m.forward(inputs.get(i)).toFloatArray(), rebuilt.forward(inputs.get(i)).toFloatArray(), 0f);
            m.close();
            rebuilt.close();
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> ModelFactory.build(io.github.tensorforge.nn.io.ModuleConfig.of("nope")));
        assertTrue(e.getMessage().contains("unknown module type 'nope'"));
    }

    @Test void atomicWritesNeverLeaveAPartialFile() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[] {9, 9});
            throw new IOException("simulated crash while writing");
        }));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f), "the old file is intact");
        try (var list = Files.list(dir)) {
            assertEquals(List.of(f), list.toList(), "no temporary file left behind");
        }
        AtomicFiles.write(f, new byte[] {4});
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(f));
        assertNotEquals(0, Files.size(f));
        assertFalse(Arrays.equals(new byte[0], Files.readAllBytes(f)));
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            var perms = Files.getPosixFilePermissions(f);
            Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
            assertEquals(Files.getPosixFilePermissions(plain), perms, "same mode as a plainly written file (umask), not 0600");
        }
    }
}
