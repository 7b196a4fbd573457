package io.github.tensorforge.nn;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradCheck;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.AvgPool2d;
import io.github.tensorforge.nn.layers.BatchNorm1d;
import io.github.tensorforge.nn.layers.BatchNorm2d;
import io.github.tensorforge.nn.layers.Conv1d;
import io.github.tensorforge.nn.layers.Conv2d;
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
import io.github.tensorforge.nn.layers.Rnn;
import io.github.tensorforge.nn.layers.Softmax;
import io.github.tensorforge.nn.layers.TransformerEncoder;
import io.github.tensorforge.nn.layers.TransformerEncoderLayer;
import io.github.tensorforge.spi.UnaryOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Finite-difference gradient checks (float64) of every layer, with respect to its input and all its parameters. */
class LayerGradTest {
    private TensorScope scope;

    @BeforeEach void open() { scope = TensorScope.open(); }

    @AfterEach void close() { scope.close(); }

    static Tensor input(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), shape).to(DType.FLOAT64).requiresGrad();
    }

    /** Checks d(out)/d(input) and d(out)/d(every parameter). */
    static void check(String name, Module m, Function<Tensor, Tensor> f, Tensor x) {
        m.to(DType.FLOAT64);
        List<Tensor> inputs = new ArrayList<>();
        if (x != null) inputs.add(x);
        for (Parameter p : m.parameters()) inputs.add(p.value());
        GradCheck.check(name, in -> f.apply(x), inputs.toArray(new Tensor[0]));
        m.close();
    }

    static void check(String name, Module m, Tensor x) { check(name, m, m::forward, x); }

    @Test void linear() {
        check("linear", new Linear(4, 3, new Rng(1)), input(2, 2, 4));
        check("linear3d", new Linear(3, 2, true, null, new Rng(1)), input(2, 2, 2, 3));
        check("linear-tanh", new Linear(3, 2, true, UnaryOp.TANH, new Rng(1)), input(3, 3, 3));
        check("linear-nobias-gelu", new Linear(3, 2, false, UnaryOp.GELU, new Rng(1)), input(3, 2, 3));
    }

    @Test void normalizationLayers() {
        check("batch_norm1d (N, C)", new BatchNorm1d(3), input(4, 5, 3));
        check("batch_norm1d (N, C, L)", new BatchNorm1d(2, 1e-3, 0.2, true, true), input(5, 3, 2, 4));
        check("batch_norm2d", new BatchNorm2d(2), input(6, 2, 2, 3, 3));
        check("group_norm", new GroupNorm(2, 4), input(7, 2, 4, 3));
        BatchNorm2d eval = new BatchNorm2d(2);
        eval.eval();
        check("batch_norm2d eval", eval, input(8, 2, 2, 2, 2));
    }

    @Test void batchNormKeepsPyTorchStateNamesAndRefusesOneValuePerChannel() {
        try (BatchNorm1d bn = new BatchNorm1d(3)) {
            assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                    new ArrayList<>(bn.stateDict().keySet()));
            var e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(1, 3)));
            assertEquals(true, e.getMessage().contains("more than 1 value per channel"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(4, 2)));
            bn.eval();
            assertArrayEquals(new int[] {1, 3}, bn.forward(Tensor.zeros(1, 3)).shape(), "eval mode normalizes a single row");
        }
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
    }

    @Test void conv1d() {
        check("conv1d", new Conv1d(2, 3, 3, 2, 1, true, new Rng(1)), input(9, 2, 2, 7));
        check("conv1d no bias", new Conv1d(2, 2, 2, 1, 0, false, new Rng(2)), input(10, 1, 2, 5));
        try (Conv1d c = new Conv1d(2, 3, 3, new Rng(1))) {
            assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 3, 5)));
        }
    }

    @Test void recurrentLayers() {
        int[] lengths = {4, 2, 0};
        Lstm lstm = new Lstm(3, 2, 2, true, true, new Rng(3));
        check("lstm 2 layers bidirectional, lengths 4 2 0", lstm, x -> {
            Rnn.Output o = lstm.forward(x, lengths);
            return o.output().sum().add(o.hidden().mul(2).sum()).add(o.cell().sum());
        }, input(11, 3, 4, 3));
        Gru gru = new Gru(3, 2, 1, true, true, new Rng(4));
        check("gru bidirectional, lengths 4 2 0", gru, x -> {
            Rnn.Output o = gru.forward(x, lengths);
            return o.output().square().sum().add(o.hidden().sum());
        }, input(12, 3, 4, 3));
        check("gru 2 layers", new Gru(2, 3, 2, false, false, new Rng(5)), input(13, 2, 3, 2));
    }

    @Test void recurrentLayersHandlePaddingAsPackedSequences() {
        try (Lstm lstm = new Lstm(2, 3, 1, true, true, new Rng(6))) {
            Tensor x = Tensor.randn(new Rng(7), 2, 5, 2);
            Rnn.Output padded = lstm.forward(x, new int[] {3, 5});
            Rnn.Output alone = lstm.forward(x.slice(0, 0, 1).slice(1, 0, 3), null);
            // row 0 of length 3 gives what the 3 steps alone give, and zeros after them
            assertArrayEquals(alone.output().toFloatArray(), padded.output().slice(0, 0, 1).slice(1, 0, 3).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[12], padded.output().slice(0, 0, 1).slice(1, 3, 5).toFloatArray());
            assertArrayEquals(alone.hidden().toFloatArray(), padded.hidden().slice(1, 0, 1).toFloatArray(), 1e-6f);
            var e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, new int[] {6, 1}));
            assertEquals(true, e.getMessage().contains("lengths must lie in [0, 5]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 5, 3), null));
        }
    }

    @Test void recurrentDropoutActsBetweenLayersInTrainingOnly() {
        try (Lstm plain = new Lstm(3, 4, 2, true, true, 0, new Rng(8)); Lstm dropped = new Lstm(3, 4, 2, true, true, 0.5, new Rng(8))) {
            dropped.setRngStream(new RngStream(9));
            Tensor x = Tensor.randn(new Rng(10), 2, 5, 3);
            float[] base = plain.forward(x).toFloatArray();
            dropped.eval();
            assertArrayEquals(base, dropped.forward(x).toFloatArray(), 0f, "eval mode: no dropout");
            dropped.train();
            float[] train = dropped.forward(x).toFloatArray();
            assertEquals(false, java.util.Arrays.equals(base, train), "training mode drops between the layers");
            assertEquals(0.5, dropped.config().requireDouble("dropout"));
        }
        assertThrows(IllegalArgumentException.class, () -> new Gru(2, 2, 2, false, true, 1.0, new Rng(1)));
    }

    @Test void recurrentInitialStatesAreCheckedAndDifferentiable() {
        Gru gru = new Gru(2, 3, 2, false, true, new Rng(11));
        Tensor h0 = input(14, 2, 2, 3);
        check("gru from h0", gru, x -> gru.forward(x, null, h0, null).output().sum(), input(15, 2, 4, 2));
        try (Gru g = new Gru(2, 3, new Rng(12)); Lstm l = new Lstm(2, 3, new Rng(13))) {
            Tensor x = Tensor.randn(new Rng(16), 2, 4, 2);
            var e = assertThrows(IllegalArgumentException.class, () -> g.forward(x, null, Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 3)));
            assertEquals(true, e.getMessage().contains("no cell state"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> l.forward(x, null, Tensor.zeros(2, 2, 3), null));
            assertEquals(true, e.getMessage().contains("[1, 2, 3]"), e.getMessage());
            assertArrayEquals(l.forward(x, null).output().toFloatArray(),
                    l.forward(x, null, Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 3)).output().toFloatArray(), 0f);
        }
    }

    @Test void gradCheckDetectsABrokenGradient() {
        Linear l = new Linear(3, 2, new Rng(1));
        l.to(DType.FLOAT64);
        Tensor x = input(2, 2, 3);
        assertThrows(AssertionError.class, () -> GradCheck.check("broken", in -> l.forward(x.detach()), x));
        l.close();
    }

    @Test void linearShapeError() {
        Linear l = new Linear(4, 3, new Rng(1));
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(2, 5)));
        assertEquals(true, e.getMessage().contains("[2, 5]"), e.getMessage());
        l.close();
    }

    @Test void activations() {
        for (Activation.Kind k : Activation.Kind.values()) {
            check("act-" + k, new Activation(k), input(5, 2, 3));
        }
        check("softmax", new Softmax(-1), input(6, 2, 4));
        check("logsoftmax", new Softmax(1, true), input(6, 2, 4));
        check("flatten", new Sequential(new Flatten(), new Linear(6, 2, new Rng(2))), input(7, 2, 2, 3));
    }

    @Test void embeddingWithPadding() {
        Embedding e = new Embedding(5, 3, 0, new Rng(3));
        e.to(DType.FLOAT64);
        Tensor w = e.weight().value();
        assertArrayEquals(new double[3], w.select(0, 0).toDoubleArray(), "padding row starts at zero");
        Tensor ids = Tensor.of(new long[] {0, 2, 2, 4, 0, 1}, 2, 3);
        GradCheck.check("embedding", in -> e.forward(ids), w);
        Tensor out = e.forward(ids);
        out.sum().backward();
        double[] g = w.grad().toDoubleArray();
        assertArrayEquals(new double[] {0, 0, 0}, java.util.Arrays.copyOfRange(g, 0, 3), "padding row gets no gradient");
        assertArrayEquals(new double[] {2, 2, 2}, java.util.Arrays.copyOfRange(g, 6, 9), "row 2 used twice");
        assertArrayEquals(new double[3], out.select(0, 0).select(0, 0).toDoubleArray());
        e.close();
    }

    @Test void layerNorm() {
        LayerNorm ln = new LayerNorm(4);
        // non-trivial affine parameters so their gradients matter
        try (var g = io.github.tensorforge.core.GradMode.disable()) {
            for (Parameter p : ln.parameters()) p.value().assign(Tensor.randn(new Rng(9), 4));
        }
        check("layerNorm", ln, input(8, 3, 4));
    }

    @Test void conv2dAndPools() {
        check("conv2d", new Conv2d(2, 3, 3, 3, 1, 1, true, new Rng(4)), input(10, 1, 2, 4, 4));
        check("conv2d-stride2", new Conv2d(1, 2, 2, 2, 2, 0, true, new Rng(4)), input(11, 2, 1, 5, 5));
        check("maxpool", new MaxPool2d(2), input(12, 1, 2, 4, 4));
        check("maxpool-pad", new MaxPool2d(3, 2, 1), input(13, 1, 1, 5, 5));
        check("avgpool", new AvgPool2d(2), input(14, 2, 1, 4, 4));
        check("avgpool-pad", new AvgPool2d(3, 1, 1), input(14, 1, 1, 3, 3));
        // non-overlapping windows whose size does not divide the input (last row/column dropped)
        check("maxpool-crop", new MaxPool2d(2), input(17, 2, 2, 5, 5));
        check("avgpool-crop", new AvgPool2d(3), input(18, 1, 2, 7, 8));
    }

    /** The non-overlapping pooling path against a direct host computation, with cropping (7x8 input, 3x3 windows). */
    @Test void nonOverlappingPoolsMatchDirectComputation() {
        int n = 2, c = 3, h = 7, w = 8, k = 3, oh = 2, ow = 2;
        Tensor x = Tensor.randn(new Rng(19), n, c, h, w);
        float[] xv = x.toFloatArray();
        float[] mx = new MaxPool2d(k).forward(x).toFloatArray(), av = new AvgPool2d(k).forward(x).toFloatArray();
        assertEquals(n * c * oh * ow, mx.length);
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double m = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            float v = xv[(p * h + i * k + ki) * w + j * k + kj];
                            m = Math.max(m, v);
                            sum += v;
                        }
                    }
                    int o = (p * oh + i) * ow + j;
                    assertEquals(m, mx[o], 0.0, "max pool output " + o);
                    assertEquals(sum / (k * k), av[o], 1e-5, "avg pool output " + o);
                }
            }
        }
    }

    @Test void conv2dMatchesDirectConvolution() {
        Conv2d c = new Conv2d(2, 2, 3, 3, 2, 1, true, new Rng(5));
        Tensor x = Tensor.randn(new Rng(6), 1, 2, 5, 5);
        double[] y = c.forward(x).toDoubleArray();
        double[] w = c.weight().value().toDoubleArray(), b = c.bias().value().toDoubleArray(), xv = x.toDoubleArray();
        int oh = 3;
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < oh; j++) {
                    double s = b[o];
                    for (int ci = 0; ci < 2; ci++) {
                        for (int ki = 0; ki < 3; ki++) {
                            for (int kj = 0; kj < 3; kj++) {
                                int yy = i * 2 - 1 + ki, xx = j * 2 - 1 + kj;
                                if (yy < 0 || yy >= 5 || xx < 0 || xx >= 5) continue;
                                s += w[((o * 2 + ci) * 3 + ki) * 3 + kj] * xv[(ci * 5 + yy) * 5 + xx];
                            }
                        }
                    }
                    assertEquals(s, y[(o * oh + i) * oh + j], 1e-5, "conv output " + o + "," + i + "," + j);
                }
            }
        }
        c.close();
    }

    @Test void maxPoolValues() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);
        assertArrayEquals(new float[] {6, 8, 14, 16}, new MaxPool2d(2).forward(x).toFloatArray());
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, new AvgPool2d(2).forward(x).toFloatArray());
    }

    @Test void attentionWithMasks() {
        MultiHeadAttention mha = new MultiHeadAttention(4, 2, 0.0, new Rng(7));
        Tensor pad = Tensor.of(new boolean[] {false, false, true, false, false, false}, 2, 3);
        check("mha-padding", mha, x -> mha.forward(x, x, x, pad, false), input(15, 2, 3, 4));
        MultiHeadAttention causal = new MultiHeadAttention(4, 1, 0.0, new Rng(8));
        check("mha-causal", causal, x -> causal.forward(x, x, x, null, true), input(16, 1, 3, 4));
    }

    @Test void attentionMaskingHidesKeys() {
        MultiHeadAttention mha = new MultiHeadAttention(4, 2, 0.0, new Rng(7));
        Tensor x = Tensor.randn(new Rng(1), 1, 3, 4);
        Tensor changed = x.add(Tensor.of(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 5, -3, 2, 7}, 1, 3, 4));
        // causal: outputs at positions 0 and 1 do not depend on position 2
        float[] a = mha.forward(x, x, x, null, true).toFloatArray();
        float[] b = mha.forward(changed, changed, changed, null, true).toFloatArray();
        for (int i = 0; i < 8; i++) assertEquals(a[i], b[i], 1e-6, "causal position " + i / 4);
        // key padding: hiding key 2 makes queries 0 and 1 ignore it
        Tensor pad = Tensor.of(new boolean[] {false, false, true}, 1, 3);
        float[] c = mha.forward(x, changed, changed, pad, false).toFloatArray();
        float[] d = mha.forward(x, x, x, pad, false).toFloatArray();
        for (int i = 0; i < 12; i++) assertEquals(d[i], c[i], 1e-6, "padded key must not matter");
        mha.close();
    }

    @Test void transformerLayers() {
        for (boolean normFirst : new boolean[] {false, true}) {
            TransformerEncoderLayer l = new TransformerEncoderLayer(4, 2, 6, 0.0, Activation.Kind.GELU, normFirst, 1e-5, new Rng(9));
            Tensor pad = Tensor.of(new boolean[] {false, false, true}, 1, 3);
            check("encoder-layer-normFirst=" + normFirst, l, x -> l.forward(x, pad, false), input(17, 1, 3, 4));
        }
        TransformerEncoder enc = new TransformerEncoder(2, 4, 2, 4, 0.0, Activation.Kind.RELU, true, new Rng(10));
        check("encoder", enc, input(18, 1, 2, 4));
    }

    @Test void dropout() {
        io.github.tensorforge.nn.layers.Dropout d = new io.github.tensorforge.nn.layers.Dropout(0.3);
        RngStream stream = new RngStream(5);
        d.setRngStream(stream);
        Tensor x = input(21, 3, 4);
        // the same mask for every evaluation: reset the stream before each forward
        GradCheck.check("dropout", in -> { stream.setCounter(0); return d.forward(x); }, x);
        Tensor ones = Tensor.ones(10000);
        double[] y = d.forward(ones).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            if (v == 0) zeros++;
            else assertEquals(1 / 0.7, v, 1e-6);
        }
        assertEquals(0.3, zeros / 10000.0, 0.02);
        assertEquals(false, java.util.Arrays.equals(y, d.forward(ones).toDoubleArray()), "a new mask per call");
        d.eval();
        assertEquals(ones, d.forward(ones), "identity in eval mode");
    }

    @Test void positional() {
        check("learned-pos", PositionalEmbedding.learned(5, 4, new Rng(11)), input(19, 2, 3, 4));
        PositionalEmbedding s = PositionalEmbedding.sinusoidal(6, 4);
        double[] t = s.table(3).toDoubleArray();
        assertEquals(Math.sin(2.0), t[2 * 4], 1e-6);
        assertEquals(Math.cos(2.0 / 100.0), t[2 * 4 + 3], 1e-6);
        check("sinusoidal-pos", s, input(20, 1, 3, 4));
    }
}
