package io.github.tensorforge.nn;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.data.Batch;
import io.github.tensorforge.nn.data.DataLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.models.BertClassifier;
import io.github.tensorforge.nn.models.BertEncoder;
import io.github.tensorforge.nn.models.Mlp;
import io.github.tensorforge.nn.optim.AdamW;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.train.Predictor;
import io.github.tensorforge.nn.train.Trainer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What fine-tuning a pretrained encoder needs from nn (issue 21): batches padded to their longest row, bucketing by
 * length, gradient accumulation, frozen layers, and Hugging Face's warm-up schedule.
 */
class FineTuningTest {
    /** {@code n} rows of random lengths in [1, width], padded with 0, labels {@code i % 3}. */
    private static Dataset rows(int n, int width, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] ids = new int[n * width], lengths = new int[n], labels = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 1 + r.nextInt(width);
            for (int j = 0; j < lengths[i]; j++) ids[i * width + j] = 1 + r.nextInt(39);
            labels[i] = i % 3;
        }
        return Dataset.paddedTokens(ids, width, lengths, labels, 3, null);
    }

    private static int longest(Dataset d, int[] batch) {
        int w = 0;
        for (int i : batch) w = Math.max(w, d.length(i));
        return w;
    }

    @Test void batchesArePaddedToTheirLongestRow() {
        Dataset d = rows(50, 24, 1);
        DataLoader loader = new DataLoader(d, 8, true, false, 7);
        for (int[] batch : loader.plan(0)) {
            try (Batch b = loader.load(batch, io.github.tensorforge.core.Backends.current())) {
                assertArrayEquals(new int[] {batch.length, longest(d, batch)}, b.x().shape());
                long[] ids = b.x().toLongArray();
                int w = b.x().shape(1);
                for (int j = 0; j < batch.length; j++) {
                    for (int k = 0; k < w; k++) {
                        int expected = k < d.length(batch[j]) ? d.tokenIds()[batch[j] * 24 + k] : 0;
                        assertEquals(expected, ids[j * w + k], "row " + batch[j] + " token " + k);
                    }
                }
            }
        }
        // A subset keeps the lengths.
        Dataset sub = d.subset(new int[] {3, 1});
        assertEquals(d.length(3), sub.length(0));
        assertEquals(d.length(1), sub.length(1));
    }

    @Test void bucketingGroupsSimilarLengthsAndStillCoversEveryRowOnce() {
        Dataset d = rows(1000, 64, 2);
        DataLoader plain = new DataLoader(d, 16, true, false, 5), bucketed = plain.bucketByLength();
        long plainPadded = 0, bucketedPadded = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            List<int[]> p = bucketed.plan(epoch);
            int[] all = p.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            int[] expected = new int[1000];
            for (int i = 0; i < expected.length; i++) expected[i] = i;
            assertArrayEquals(expected, all, "every row once in epoch " + epoch);
            for (int[] b : p) bucketedPadded += (long) b.length * longest(d, b);
            for (int[] b : plain.plan(epoch)) plainPadded += (long) b.length * longest(d, b);
            // The same (seed, epoch) gives the same batches; another epoch others.
            List<int[]> again = bucketed.plan(epoch);
            for (int i = 0; i < p.size(); i++) assertArrayEquals(p.get(i), again.get(i));
        }
        assertFalse(Arrays.equals(bucketed.plan(0).get(0), bucketed.plan(1).get(0)));
        assertTrue(bucketedPadded < 0.7 * plainPadded, "tokens computed: bucketed " + bucketedPadded + ", plain " + plainPadded);
        // The batches are not in order of length: a window's longest batches are not all first.
        List<int[]> p = bucketed.plan(0);
        int first = longest(d, p.get(0)), second = longest(d, p.get(1)), third = longest(d, p.get(2));
        assertFalse(first >= second && second >= third && first == 64, "batch order looks sorted");
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(
                Dataset.tokens(new int[8], 4, new int[2], 1, null), 2, true, false, 0).bucketByLength());
    }

    @Test void predictionsOfRowsEvaluatedInLengthOrderComeBackInRowOrder() {
        Dataset d = rows(37, 12, 3);
        try (BertClassifier c = new BertClassifier(BertClassifierTest.tinyBert(false, 4), 3, BertEncoder.Pooling.MEAN,
                0.1, 0, new Rng(5))) {
            float[] all = Predictor.outputs(c, d, 8);
            c.eval();
            for (int i = 0; i < d.size(); i += 5) {
                long[] one = new long[d.length(i)];
                for (int k = 0; k < one.length; k++) one[k] = d.tokenIds()[i * 12 + k];
                try (var scope = TensorScope.open(); var g = GradMode.disable()) {
                    float[] alone = c.forward(Tensor.of(one, 1, one.length)).toFloatArray();
                    for (int k = 0; k < 3; k++) assertEquals(alone[k], all[i * 3 + k], 1e-5, "row " + i + " logit " + k);
                }
            }
        }
    }

    /** Records the batch size of every forward call. */
    private static final class Recording extends Module {
        final Module inner;
        final List<Integer> sizes = new java.util.ArrayList<>();

        Recording(Module inner) { this.inner = registerModule("m", inner); }

        @Override public Tensor forward(Tensor x) {
            sizes.add(x.shape(0));
            return inner.forward(x);
        }
    }

    private static Map<String, Tensor> train(int accumulation, int batchSize) {
        Rng r = new Rng(9);
        float[][] x = new float[96][6];
        int[] y = new int[96];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 6; j++) x[i][j] = (float) r.gaussian();
            y[i] = (x[i][0] + x[i][1] > 0 ? 1 : 0) + (x[i][2] > 0.5 ? 1 : 0);
        }
        Dataset d = Dataset.classification(x, y);
        Recording m = new Recording(Mlp.of(6, new int[] {10}, 3, Activation.Kind.RELU, 0.0, new Rng(3)));
        Optimizer opt = new AdamW(m.namedParameters(), 0.01, 0.9, 0.999, 1e-8, 0.01, false);
        Trainer.Result res = new Trainer(m, new CrossEntropyLoss(), opt, null, Trainer.Config.builder().epochs(3)
                .batchSize(batchSize).accumulationSteps(accumulation).seed(4).build()).fit(d, null);
        assertEquals(3L * ((96 + batchSize - 1) / batchSize), res.steps());
        if (accumulation == 3 && batchSize == 20) { // rows [0, 6), [6, 13), [13, 20) of each batch; 16 left at the end
            assertEquals(List.of(6, 7, 7, 6, 7, 7), m.sizes.subList(0, 6));
            assertEquals(List.of(5, 5, 6), m.sizes.subList(12, 15));
        }
        Map<String, Tensor> w = m.stateDict();
        opt.close();
        return w;
    }

    @Test void gradientAccumulationTrainsAsTheUndividedBatch() {
        Map<String, Tensor> whole = train(1, 20), accumulated = train(3, 20), four = train(4, 20);
        for (var e : whole.entrySet()) {
            float[] a = e.getValue().toFloatArray(), b = accumulated.get(e.getKey()).toFloatArray(),
                    c = four.get(e.getKey()).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                // Only the order of the sums differs (the last batch of 16 rows splits unevenly too).
                assertEquals(a[i], b[i], 2e-5 * Math.max(1, Math.abs(a[i])), e.getKey() + "[" + i + "] 3 micro-batches");
                assertEquals(a[i], c[i], 2e-5 * Math.max(1, Math.abs(a[i])), e.getKey() + "[" + i + "] 4 micro-batches");
            }
        }
        Map<String, Tensor> otherBatch = train(1, 10);
        assertNotEquals(whole.get("m.0.weight").toFloatArray()[0], otherBatch.get("m.0.weight").toFloatArray()[0],
                "the check can tell batches apart");
        assertThrows(IllegalArgumentException.class, () -> Trainer.Config.builder().batchSize(4).accumulationSteps(5).build());
    }

    @Test void frozenLayersKeepTheirWeightsAndGetNoGradients() {
        try (BertClassifier c = new BertClassifier(BertClassifierTest.tinyBert(true, 6), 2, BertEncoder.Pooling.CLS,
                0.0, 0, new Rng(7))) {
            c.freeze(true, 1);
            Map<String, Parameter> trained = c.trainableParameters();
            Set<String> frozen = new HashSet<>(c.namedParameters().keySet());
            frozen.removeAll(trained.keySet());
            assertTrue(frozen.contains("bert.embeddings.word_embeddings.weight"), frozen.toString());
            assertTrue(frozen.contains("bert.encoder.layer.0.attention.self.query.weight"), frozen.toString());
            assertTrue(trained.containsKey("bert.encoder.layer.1.attention.self.query.weight"), trained.keySet().toString());
            assertTrue(trained.containsKey("classifier.weight") && trained.containsKey("bert.pooler.dense.weight"));
            for (String f : frozen) assertTrue(f.startsWith("bert.embeddings.") || f.startsWith("bert.encoder.layer.0."), f);
            Map<String, float[]> before = new java.util.HashMap<>();
            c.namedParameters().forEach((n, p) -> before.put(n, p.value().toFloatArray()));
            Optimizer opt = new AdamW(trained, 1e-2, 0.9, 0.999, 1e-8, 0.01, false);
            try (var scope = TensorScope.open()) {
                c.forward(Tensor.of(new long[] {2, 7, 9, 3, 5, 6, 0, 0}, 2, 4)).sum().backward();
                opt.step();
            }
            c.namedParameters().forEach((n, p) -> {
                boolean same = Arrays.equals(before.get(n), p.value().toFloatArray());
                assertEquals(frozen.contains(n), same, n + (frozen.contains(n) ? " is frozen" : " is trained"));
                if (frozen.contains(n)) assertEquals(null, p.grad(), n + " has a gradient");
            });
            opt.close();
            assertThrows(IllegalArgumentException.class, () -> c.freeze(false, 3));
        }
    }

    @Test void warmupThenLinearDecayAsHuggingFace() {
        try (Module m = Mlp.of(2, new int[0], 2, Activation.Kind.RELU, 0.0, new Rng(1))) {
            Optimizer opt = new AdamW(m.namedParameters(), 2e-5, 0.9, 0.999, 1e-8, 0.01, false);
            LrScheduler s = LrScheduler.warmupLinear(opt, 10, 110);
            // get_linear_schedule_with_warmup: lr * t / warmup, then lr * (total - t) / (total - warmup)
            double[] expected = {0, 2e-6, 1e-5, 2e-5, 1.8e-5, 1e-5, 2e-7, 0};
            long[] at = {0, 1, 5, 10, 20, 60, 109, 110};
            for (int i = 0; i < at.length; i++) {
                s.setStepCount(at[i]);
                assertEquals(expected[i], opt.lr(), 1e-15, "step " + at[i]);
            }
            s.setStepCount(200);
            assertEquals(0, opt.lr(), 0, "after the end");
            opt.close();
        }
    }
}
