package io.github.tensorforge.nn;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.io.BertCheckpoint;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.Safetensors;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.models.BertClassifier;
import io.github.tensorforge.nn.models.BertEncoder;
import io.github.tensorforge.nn.optim.AdamW;
import io.github.tensorforge.nn.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BertForSequenceClassification semantics on a small random BERT: padding, training, the Hugging Face layout. */
class BertClassifierTest {
    @TempDir Path tmp;

    static BertEncoder tinyBert(boolean pooler, long seed) {
        return new BertEncoder(new BertEncoder.Config(40, 16, 2, 2, 32, 24, 2, 1e-12, 0.1, pooler), new Rng(seed));
    }

    @Test void paddingDoesNotChangeTheLogits() {
        for (BertEncoder.Pooling pooling : BertEncoder.Pooling.values()) {
            try (BertClassifier c = new BertClassifier(tinyBert(true, 1), 3, pooling, 0.1, 0, new Rng(2))) {
                c.eval();
                try (var scope = TensorScope.open(); var g = GradMode.disable()) {
                    float[] alone = c.forward(Tensor.of(new long[] {2, 7, 9, 3}, 1, 4)).toFloatArray();
                    float[] padded = c.forward(Tensor.of(new long[] {2, 7, 9, 3, 0, 0, 0, 5, 6, 0, 0, 0, 0, 0}, 2, 7))
                            .toFloatArray();
                    for (int k = 0; k < 3; k++) assertEquals(alone[k], padded[k], 1e-5, pooling + " logit " + k);
                }
            }
        }
    }

    @Test void fineTuningLearnsAToyTaskAndTheCheckpointRoundTrips() throws Exception {
        // label = whether token 5 occurs: learnable by attention, not by the bias alone (half the rows have it)
        int n = 64, t = 8;
        long[] ids = new long[n * t];
        long[] labels = new long[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            int len = 3 + r.nextInt(t - 3);
            for (int j = 0; j < len; j++) ids[i * t + j] = 6 + r.nextInt(30);
            if (labels[i] == 1) ids[i * t + r.nextInt(len)] = 5;
        }
        try (BertClassifier c = new BertClassifier(tinyBert(false, 3), 2, BertEncoder.Pooling.MEAN, 0.1, 0, new Rng(4))) {
            Optimizer opt = new AdamW(c.namedParameters(), 3e-3, 0.9, 0.999, 1e-8, 0.01, false)
                    .setGroups(List.of(Optimizer.ParamGroup.withWeightDecay("no_decay", Optimizer.biasesAndNorms(c), 0)));
            CrossEntropyLoss loss = new CrossEntropyLoss();
            c.train();
            double first = 0, last = 0;
            for (int step = 0; step < 150; step++) {
                try (var scope = TensorScope.open()) {
                    opt.zeroGrad();
                    Tensor l = loss.compute(c.forward(Tensor.of(ids, n, t)), Tensor.of(labels, n));
                    l.backward();
                    opt.step();
                    if (step == 0) first = l.item();
                    last = l.item();
                }
            }
            assertTrue(last < 0.2 && last < first / 3, "loss " + first + " -> " + last);
            c.eval();
            float[] before;
            try (var scope = TensorScope.open(); var g = GradMode.disable()) {
                before = c.forward(Tensor.of(ids, n, t)).toFloatArray();
                long correct = 0;
                for (int i = 0; i < n; i++) if ((before[2 * i + 1] > before[2 * i] ? 1 : 0) == labels[i]) correct++;
                assertTrue(correct >= 60, "train accuracy " + correct + "/" + n);
            }
            Path dir = tmp.resolve("classifier");
            BertCheckpoint.saveClassifier(dir, c, List.of("absent", "present"));
            var names = Safetensors.readHeader(dir.resolve(BertCheckpoint.WEIGHTS)).entries().keySet();
            assertTrue(names.contains("bert.embeddings.word_embeddings.weight") && names.contains("classifier.weight")
                    && names.contains("classifier.bias"), names.toString());
            var cfg = Json.read(dir.resolve(BertCheckpoint.CONFIG));
            assertEquals("BertForSequenceClassification", cfg.path("architectures").get(0).asText());
            assertEquals("present", cfg.path("id2label").path("1").asText());
            assertEquals(1, cfg.path("label2id").path("present").asInt());
            try (BertCheckpoint.Classifier back = BertCheckpoint.loadClassifier(dir);
                 var scope = TensorScope.open(); var g = GradMode.disable()) {
                assertEquals(List.of("absent", "present"), back.labels());
                assertEquals(BertEncoder.Pooling.MEAN, back.model().pooling());
                assertArrayEquals(before, back.model().forward(Tensor.of(ids, n, t)).toFloatArray(), "bit for bit");
            }
        }
    }

    @Test void badClassifiersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BertClassifier(tinyBert(false, 1), 1,
                BertEncoder.Pooling.CLS, 0.1, 0, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> new BertClassifier(tinyBert(false, 1), 2,
                BertEncoder.Pooling.CLS, 0.1, 40, new Rng(1)));
    }
}
