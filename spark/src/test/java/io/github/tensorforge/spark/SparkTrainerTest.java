package io.github.tensorforge.spark;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.data.DataFiles;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Encoding;
import io.github.tensorforge.nn.data.InputSpec;
import io.github.tensorforge.nn.data.RawData;
import io.github.tensorforge.nn.data.TrainingData;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.metrics.ConfusionMatrix;
import io.github.tensorforge.nn.models.Mlp;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.train.Predictor;
import io.github.tensorforge.nn.train.Trainer;
import io.github.tensorforge.nn.train.TrainingListener;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synchronous data-parallel training in Spark's local mode ({@code local[2,3]}: two executor threads, a failed task
 * tried up to 3 times) against the single-machine {@link Trainer} on the bundled digits.
 */
class SparkTrainerTest {
    static final Path DIGITS = Path.of("..", "data", "digits-8x8", "digits.csv.gz");
    static final int STEPS = 50;

    static JavaSparkContext sc;
    static TrainingData digits;

    @TempDir Path dir;

    @BeforeAll static void start() {
        sc = new JavaSparkContext(LocalSpark.conf("local[2,3]", "SparkTrainerTest"));
        digits = digits();
    }

    @AfterAll static void stop() {
        if (sc != null) sc.close();
    }

    static TrainingData digits() {
        RawData raw = DataFiles.csvForTraining(DataFiles.readCsv(DIGITS), DIGITS.toString(), "label", null, List.of());
        List<String> classes = Encoding.classesOf(raw.labels());
        InputSpec spec = new InputSpec(InputSpec.Kind.FEATURES, false, classes, raw.featureNames(), raw.featureCount(),
                null, null, "label", 0, 0, 1);
        return TrainingData.prepare(raw, spec, DIGITS.toString(), null, null,
                new TrainingData.Options(0.2, 0.1, 5, true, 1, 1000, null));
    }

    static Module mlp() { return Mlp.of(64, new int[] {32}, 10, Activation.Kind.RELU, 0.0, new Rng(1)); }

    static Trainer.Builder config() {
        return Trainer.Config.builder().epochs(100).maxSteps(STEPS).batchSize(64).seed(3).clipNorm(5.0);
    }

    /** The single-machine run every distributed one is compared with. */
    static Map<String, float[]> singleMachine(Trainer.Config cfg) {
        try (Module m = mlp(); Adam opt = new Adam(m, 0.003)) {
            new Trainer(m, new CrossEntropyLoss(), opt, LrScheduler.warmupLinear(opt, 10, STEPS), cfg)
                    .fit(digits.train(), null);
            return weights(m);
        }
    }

    static Map<String, float[]> weights(Module m) {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) w.put(e.getKey(), e.getValue().value().toFloatArray());
        return w;
    }

    /** The largest relative difference over the parameters: |a - b| / max|b| of each. */
    static double relativeDifference(Map<String, float[]> a, Map<String, float[]> b) {
        double worst = 0;
        for (String k : b.keySet()) {
            float[] x = a.get(k), y = b.get(k);
            double diff = 0, scale = 1e-12;
            for (int i = 0; i < y.length; i++) {
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
                scale = Math.max(scale, Math.abs(y[i]));
            }
            worst = Math.max(worst, diff / scale);
        }
        return worst;
    }

    Map<String, float[]> distributed(SparkTrainer spark, Trainer.Config cfg) {
        try (Module m = mlp(); Adam opt = new Adam(m, 0.003)) {
            Trainer.Result r = spark.fit(m, CrossEntropyLoss::new, opt, LrScheduler.warmupLinear(opt, 10, STEPS), cfg,
                    digits.train(), null);
            assertEquals(STEPS, r.steps());
            return weights(m);
        }
    }

    @Test void oneTwoAndFourPartitionsTrainAsOneMachineDoes() {
        Trainer.Config cfg = config().build();
        Map<String, float[]> expected = singleMachine(cfg);
        for (int parts : new int[] {1, 2, 4, 9}) {
            SparkTrainer spark = SparkTrainer.builder(sc).partitions(parts).build();
            Map<String, float[]> got = distributed(spark, cfg);
            double d = relativeDifference(got, expected);
            System.out.printf("spark %d partitions: relative weight difference %.2e after %d steps; %s%n", parts, d,
                    STEPS, spark.stats());
            assertTrue(d <= 1e-5, parts + " partitions: relative difference " + d);
            assertEquals(STEPS, spark.stats().exchanges());
        }
    }

    @Test void sameTestAccuracyAsOneMachine() {
        Trainer.Config cfg = config().maxSteps(-1).epochs(4).build();
        double[] accuracy = new double[2];
        for (int k = 0; k < 2; k++) {
            try (Module m = mlp(); Adam opt = new Adam(m, 0.003)) {
                if (k == 0) {
                    new Trainer(m, new CrossEntropyLoss(), opt, null, cfg).fit(digits.train(), digits.eval());
                } else {
                    SparkTrainer.builder(sc).partitions(2).build()
                            .fit(m, CrossEntropyLoss::new, opt, null, cfg, digits.train(), digits.eval());
                }
                Dataset test = digits.test();
                accuracy[k] = ConfusionMatrix.of(10, test.labels(), Predictor.classes(m, test, 256)).accuracy();
            }
        }
        System.out.printf("digits test accuracy: one machine %.4f, spark 2 partitions %.4f%n", accuracy[0], accuracy[1]);
        assertTrue(accuracy[0] > 0.9, "the model should learn the digits: " + accuracy[0]);
        assertEquals(accuracy[0], accuracy[1], 1e-9);
    }

    @Test void aRetriedTaskLeavesTheWeightsUnchanged() {
        // 9 shards: the aggregation tree has a group level, and a float sum of 9 values depends on its order.
        Trainer.Config cfg = config().build();
        Map<String, float[]> expected = distributed(SparkTrainer.builder(sc).partitions(9).build(), cfg);
        SparkTrainer failing = SparkTrainer.builder(sc).partitions(9).failOnce(17, 4).build();
        Map<String, float[]> retried = distributed(failing, cfg);
        assertEquals(1, failing.stats().failedTasks(), "the injected failure should have failed one task attempt");
        assertEquals(0.0, relativeDifference(retried, expected), "a retried task must compute the same gradient");
    }

    @Test void aRestartedJobResumesFromItsCheckpoint() throws Exception {
        Path ckpt = dir.resolve("checkpoints");
        // 50 steps over 3 epochs of 19 batches; the last checkpoint is written at every epoch end.
        Trainer.Config cfg = config().epochs(3).maxSteps(-1).batchSize(64).checkpointDir(ckpt).build();
        Map<String, float[]> uninterrupted;
        try (Module m = mlp(); Adam opt = new Adam(m, 0.003)) {
            SparkTrainer.builder(sc).partitions(2).build().fit(m, CrossEntropyLoss::new, opt, null,
                    config().epochs(3).maxSteps(-1).batchSize(64).build(), digits.train(), null);
            uninterrupted = weights(m);
        }
        class Killed extends RuntimeException {}
        try (Module m = mlp(); Adam opt = new Adam(m, 0.003)) {
            Trainer.Config killedAfterFirstCheckpoint = config().epochs(3).maxSteps(-1).batchSize(64)
                    .checkpointDir(ckpt).build();
            // the job dies in the second epoch, after the first epoch's checkpoint
            SparkTrainer spark = SparkTrainer.builder(sc).partitions(2).addListener(new TrainingListener() {
                @Override public void onStep(long step, int epoch, double loss, double lr, int batchSize) {
                    if (step == 25) throw new Killed();
                }
            }).build();
            assertThrows(Killed.class, () -> spark.fit(m, CrossEntropyLoss::new, opt, null, killedAfterFirstCheckpoint,
                    digits.train(), null));
        }
        assertTrue(Files.isRegularFile(ckpt.resolve(Trainer.LAST)));
        try (Module m = mlp(); Adam opt = new Adam(m, 0.003)) {
            Trainer.Result r = SparkTrainer.builder(sc).partitions(2).build()
                    .resume(ckpt.resolve(Trainer.LAST), m, CrossEntropyLoss::new, opt, null, cfg, digits.train(), null);
            assertEquals(3, r.epochs());
            assertEquals(0.0, relativeDifference(weights(m), uninterrupted),
                    "the resumed run must end with the uninterrupted run's weights");
        }
    }

    @Test void parameterAveragingWithOneShardAndOneLocalStepIsSynchronousTraining() {
        Trainer.Config cfg = config().build();
        Map<String, float[]> expected = singleMachine(cfg);
        SparkTrainer spark = SparkTrainer.builder(sc).partitions(1).build();
        try (Module m = mlp()) {
            Trainer.Result r = spark.fitAveraging(m, CrossEntropyLoss::new, model -> new Adam(model, 0.003),
                    opt -> LrScheduler.warmupLinear(opt, 10, STEPS), cfg, 1, digits.train(), null);
            assertEquals(STEPS, r.steps());
            double d = relativeDifference(weights(m), expected);
            assertTrue(d <= 1e-5, "relative difference " + d);
        }
    }

    @Test void parameterAveragingLearnsWithOneSparkJobPerRound() {
        Trainer.Config cfg = config().maxSteps(-1).epochs(4).build();
        SparkTrainer spark = SparkTrainer.builder(sc).partitions(2).build();
        try (Module m = mlp()) {
            Trainer.Result r = spark.fitAveraging(m, CrossEntropyLoss::new, model -> new Adam(model, 0.003), null, cfg,
                    4, digits.train(), digits.eval());
            int batches = (digits.train().size() + 63) / 64, rounds = (batches + 3) / 4; // per epoch
            assertEquals(4L * batches, r.steps());
            assertEquals(4L * rounds, spark.stats().exchanges(), "one Spark job per round of (at most) 4 local steps");
            Dataset test = digits.test();
            double acc = ConfusionMatrix.of(10, test.labels(), Predictor.classes(m, test, 256)).accuracy();
            System.out.printf("parameter averaging, 2 shards, 4 local steps: test accuracy %.4f, eval %s; %s%n", acc,
                    r.lastEval(), spark.stats());
            assertTrue(acc > 0.9, "test accuracy " + acc);
            assertTrue(r.losses().get(r.losses().size() - 1) < r.losses().get(0) / 3, "loss falls: " + r.losses());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spark.fitAveraging(mlp(),
                CrossEntropyLoss::new, model -> new Adam(model, 0.003), null, config().patience(2).build(), 4,
                digits.train(), digits.eval()));
        assertTrue(e.getMessage().contains("parameter averaging does not do early stopping (patience 2) yet"),
                e.getMessage());
    }

    @Test void aModelWithoutAConfigIsRefusedBeforeAnyStep() {
        Module custom = new Module() {
            final Parameter w = registerParameter("w", io.github.tensorforge.core.Tensor.zeros(64, 10));
            @Override public io.github.tensorforge.core.Tensor forward(io.github.tensorforge.core.Tensor x) {
                return x.matmul(w.value());
            }
        };
        try (Adam opt = new Adam(custom, 0.01)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkTrainer.builder(sc).partitions(2).build().fit(custom, CrossEntropyLoss::new, opt, null,
                            config().build(), digits.train(), null));
            assertTrue(e.getMessage().contains("has no config, so executors cannot rebuild it"), e.getMessage());
        }
    }
}
