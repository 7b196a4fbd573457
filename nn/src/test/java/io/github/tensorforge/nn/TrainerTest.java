package io.github.tensorforge.nn;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Splits;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.io.ModelFiles;
import io.github.tensorforge.nn.io.SafetensorsException;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.loss.MSELoss;
import io.github.tensorforge.nn.models.Mlp;
import io.github.tensorforge.nn.models.TransformerClassifier;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.optim.GradClip;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.optim.SGD;
import io.github.tensorforge.nn.text.WordTokenizer;
import io.github.tensorforge.nn.train.Predictor;
import io.github.tensorforge.nn.train.Trainer;
import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    @TempDir Path dir;

    /** Three noisy Gaussian blobs in 4-D. */
    static Dataset blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) ((j == y[i] ? 2.0 : 0.0) + rng.gaussian());
        }
        return Dataset.classification(x, new int[] {4}, y, 3, List.of("a", "b", "c"));
    }

    static Module mlp(long seed) { return Mlp.of(4, new int[] {8}, 3, Activation.Kind.TANH, 0.2, new Rng(seed)); }

    record Setup(Module model, Adam opt, LrScheduler sched, Trainer trainer) {}

    static Setup setup(long initSeed, Trainer.Config cfg) {
        Module m = mlp(initSeed);
        Adam opt = new Adam(m.namedParameters(), 0.05, 0.9, 0.999, 1e-8, 0.001, false);
        LrScheduler sched = LrScheduler.cosine(opt, 40, 0.001);
        return new Setup(m, opt, sched, new Trainer(m, new CrossEntropyLoss(), opt, sched, cfg));
    }

    static Map<String, float[]> params(Module m) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    static void assertSameParams(Module a, Module b) {
        Map<String, float[]> pa = params(a), pb = params(b);
        assertEquals(pa.keySet(), pb.keySet());
        for (String k : pa.keySet()) assertArrayEquals(pa.get(k), pb.get(k), 0f, "parameter " + k + " bitwise");
    }

    static Trainer.Builder base() {
        return Trainer.Config.builder().epochs(4).batchSize(10).seed(7).clipNorm(1.0).patience(100);
    }

    @Test void sameSeedGivesBitwiseIdenticalTraining() {
        Dataset train = blobs(45, 1), eval = blobs(15, 2);
        Setup a = setup(3, base().build()), b = setup(3, base().build()), c = setup(3, base().seed(8).build());
        Trainer.Result ra = a.trainer().fit(train, eval), rb = b.trainer().fit(train, eval);
        c.trainer().fit(train, eval);
        assertEquals(ra.losses(), rb.losses());
        assertSameParams(a.model(), b.model());
        assertFalse(Arrays.equals(params(a.model()).get("0.weight"), params(c.model()).get("0.weight")),
                "another seed shuffles and drops out differently");
        assertEquals(20, ra.steps());
        for (Setup s : List.of(a, b, c)) {
            s.model().close();
            s.opt().close();
        }
    }

    @Test void resumedTrainingMatchesUninterruptedTrainingBitwise() {
        Dataset train = blobs(45, 1), eval = blobs(15, 2);
        Path full = dir.resolve("full"), part = dir.resolve("part");
        Setup a = setup(3, base().checkpointDir(full).evalEvery(3).build());
        Trainer.Result ra = a.trainer().fit(train, eval);
        // interrupted after 7 steps (mid-epoch, after an evaluation at step 6), then resumed by a fresh process-like setup
        Setup b = setup(3, base().checkpointDir(part).evalEvery(3).maxSteps(7).build());
        Trainer.Result rb = b.trainer().fit(train, eval);
        assertEquals(7, rb.steps());
        assertTrue(Files.exists(part.resolve(Trainer.LAST)));
        Setup c = setup(99, base().checkpointDir(part).evalEvery(3).build());
        Trainer.Result rc = c.trainer().resume(part.resolve(Trainer.LAST), train, eval);
        assertEquals(ra.steps(), rc.steps());
        assertEquals(ra.losses().subList(7, ra.losses().size()), rc.losses(), "losses after the resume point");
        assertSameParams(a.model(), c.model());
        assertEquals(a.opt().lr(), c.opt().lr(), 0.0);
        assertTrue(Files.exists(full.resolve(Trainer.BEST)));
        for (Setup s : List.of(a, b, c)) {
            s.model().close();
            s.opt().close();
        }
    }

    @Test void earlyStoppingWithPatience() throws IOException {
        Dataset train = blobs(30, 1), eval = blobs(12, 2);
        Module m = mlp(1);
        SGD sgd = new SGD(m, 0.0);   // nothing changes, so the metric never improves after the first evaluation
        Trainer t = new Trainer(m, new CrossEntropyLoss(), sgd, null,
                Trainer.Config.builder().epochs(50).batchSize(5).evalEvery(2).patience(3).minDelta(1e-9)
                        .checkpointDir(dir).seed(1).build());
        List<Boolean> improved = new ArrayList<>();
        t.addListener(new io.github.tensorforge.nn.train.TrainingListener() {
            @Override public void onEvaluate(long step, int epoch, Map<String, Double> metrics, boolean imp) {
                improved.add(imp);
                assertTrue(metrics.containsKey("accuracy") && metrics.containsKey("macro_f1"));
            }
        });
        Trainer.Result r = t.fit(train, eval);
        assertTrue(r.stoppedEarly());
        assertEquals(List.of(true, false, false, false), improved);
        assertEquals(8, r.steps());
        assertTrue(Files.exists(dir.resolve(Trainer.BEST)) && Files.exists(dir.resolve(Trainer.LAST)));
        try (var list = Files.list(dir)) {
            assertEquals(2, list.count(), "only the two checkpoints, no temporary files");
        }
        m.close();
    }

    @Test void restoreBestLoadsTheBestWeights() {
        Dataset train = blobs(45, 1), eval = blobs(15, 2);
        Path ck = dir.resolve("rb");
        Setup a = setup(3, base().epochs(3).checkpointDir(ck).restoreBest(true).monitor("loss").build());
        a.trainer().fit(train, eval);
        Module best = mlp(50);
        Trainer.loadModelWeights(ck.resolve(Trainer.BEST), best);
        assertSameParams(best, a.model());
        best.close();
        a.model().close();
        a.opt().close();
    }

    @Test void noLeaksOver300StepsInScopes() {
        Backend backend = new ReferenceBackend();   // a private instance: its counters see only this test
        try (var use = Backends.use(backend)) {
            Module m = mlp(5);
            Adam opt = new Adam(m, 0.01);
            Dataset data = blobs(40, 3);
            var loader = new io.github.tensorforge.nn.data.DataLoader(data, 8, true, false, 1);
            long before = -1;
            for (int step = 0; step <= 300; step++) {
                try (var scope = TensorScope.open(); var batch = loader.load(loader.plan(step / 5).get(step % 5), backend)) {
                    Tensor loss = new CrossEntropyLoss().compute(m.forward(batch.x()), batch.y());
                    opt.zeroGrad();
                    loss.backward();
                    GradClip.clipGradNorm(m.parameters(), 1.0);
                    opt.step();
                    loss.item();
                }
                opt.zeroGrad();
                if (step == 0) before = backend.memoryStats().liveBuffers();   // after the optimizer state exists
            }
            assertEquals(before, backend.memoryStats().liveBuffers(), "live buffers after 300 steps: " + backend.memoryStats());
            m.close();
            opt.close();
            assertEquals(0, backend.memoryStats().liveBuffers(), "closing model and optimizer frees everything");
        }
    }

    @Test void savedModelDirectoryGivesIdenticalPredictions() throws IOException {
        Dataset all = blobs(60, 4);
        Splits.Split s = Splits.split(all, 0.25, 0.0, true, 9);
        Standardizer std = Standardizer.fit(s.train());
        Module m = mlp(2);
        new Trainer(m, new CrossEntropyLoss(), new Adam(m, 0.02), null, base().epochs(2).build())
                .fit(std.transform(s.train()), null);
        Path d = dir.resolve("model");
        ModelFiles.save(d, m, null, std, all.classNames(), null);
        assertTrue(Files.exists(d.resolve("model.safetensors")) && Files.exists(d.resolve("config.json")));
        Dataset test = std.transform(s.test());
        float[] expected = Predictor.outputs(m, test, 4);
        try (ModelFiles.Loaded loaded = ModelFiles.load(d)) {
            Dataset test2 = loaded.standardizer().transform(s.test());
            assertArrayEquals(expected, Predictor.outputs(loaded.model(), test2, 7), 0f);
            assertEquals(List.of("a", "b", "c"), loaded.classNames());
            assertFalse(loaded.model().isTraining());
        }
        // a corrupted weights file is rejected with a clear error
        byte[] w = Files.readAllBytes(d.resolve("model.safetensors"));
        Files.write(d.resolve("model.safetensors"), Arrays.copyOf(w, w.length - 4));
        assertThrows(SafetensorsException.class, () -> ModelFiles.load(d));
        m.close();
    }

    @Test void textModelDirectoryWithTokenizer() throws IOException {
        List<String> texts = List.of("good great fine", "bad awful poor", "good fine", "awful bad", "great", "poor poor");
        int[] labels = {1, 0, 1, 0, 1, 0};
        WordTokenizer tok = WordTokenizer.fit(texts, 1, 50, true, 5);
        Dataset data = Dataset.tokens(tok.encodeAll(texts), 5, labels, 2, List.of("neg", "pos"));
        for (boolean normFirst : new boolean[] {false, true}) {
            TransformerClassifier model = new TransformerClassifier(new TransformerClassifier.Config(tok.vocabSize(), 5, 8, 2, 1, 16, 2,
                    0.1, normFirst, !normFirst, Activation.Kind.GELU), new Rng(3));
            Trainer.Result r = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 0.01), null,
                    Trainer.Config.builder().epochs(3).batchSize(3).seed(1).build()).fit(data, null);
            assertEquals(6, r.steps());
            assertTrue(r.losses().stream().allMatch(Double::isFinite));
            Path d = dir.resolve("text" + normFirst);
            ModelFiles.save(d, model, tok, null, data.classNames(), null);
            float[] expected = Predictor.outputs(model, data, 4);
            try (ModelFiles.Loaded loaded = ModelFiles.load(d)) {
                assertNotNull(loaded.tokenizer());
                Dataset again = Dataset.tokens(loaded.tokenizer().encodeAll(texts), 5, labels, 2, null);
                assertArrayEquals(expected, Predictor.outputs(loaded.model(), again, 6), 0f);
            }
            model.close();
        }
    }

    @Test void regressionTrainingAndPlainProgressLines() {
        Rng rng = new Rng(5);
        int n = 40;
        float[] x = new float[n * 2], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) rng.gaussian();
            x[2 * i + 1] = (float) rng.gaussian();
            y[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5f;
        }
        Dataset d = Dataset.regression(x, new int[] {2}, y, 1);
        Module m = new Sequential(new io.github.tensorforge.nn.layers.Linear(2, 1, new Rng(1)));
        Trainer t = new Trainer(m, new MSELoss(), new SGD(m, 0.1), null,
                Trainer.Config.builder().epochs(30).batchSize(8).seed(2).monitor("r2").build());
        Trainer.Result r = t.fit(d, d);
        assertTrue(r.lastEval().get("r2") > 0.999, "r2 " + r.lastEval());
        assertTrue(r.lastEval().get("mse") < 1e-3, "mse " + r.lastEval());
        m.close();
    }
}
