package io.github.tensorforge.spark;

import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.data.DataFiles;
import io.github.tensorforge.nn.data.Encoding;
import io.github.tensorforge.nn.data.InputSpec;
import io.github.tensorforge.nn.data.RawData;
import io.github.tensorforge.nn.data.TrainingData;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.train.Trainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data prepared on the executors ({@link SparkData}) against nn's single-machine pipeline ({@link TrainingData}) on
 * the same rows: the same split, vocabulary, statistics and encoded rows, and the same training result.
 */
class SparkDataTest {
    static SparkSession spark;

    @BeforeAll static void start() {
        spark = SparkSession.builder().config(LocalSpark.conf("local[2]", "SparkDataTest")).getOrCreate();
    }

    @AfterAll static void stop() {
        if (spark != null) spark.stop();
    }

    /** A table as a DataFrame of text columns in {@code parts} partitions, in its row order. */
    static org.apache.spark.sql.Dataset<Row> frame(CsvReader.Table t, int parts) {
        List<StructField> fields = new ArrayList<>();
        for (String c : t.columns()) fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
        List<Row> rows = new ArrayList<>();
        for (String[] r : t.rows()) rows.add(RowFactory.create((Object[]) r));
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(rows, parts), DataTypes.createStructType(fields));
    }

    static final TrainingData.Options OPTIONS = new TrainingData.Options(0.2, 0.1, 5, true, 2, 500, null);

    @Test void digitsPreparedOnThreePartitionsTrainAsOnOneMachine() {
        CsvReader.Table t = DataFiles.readCsv(SparkTrainerTest.DIGITS);
        RawData raw = DataFiles.csvForTraining(t, "digits", "label", null, List.of());
        InputSpec spec = new InputSpec(InputSpec.Kind.FEATURES, false, Encoding.classesOf(raw.labels()),
                raw.featureNames(), raw.featureCount(), null, null, "label", 0, 0, 1);
        TrainingData local = TrainingData.prepare(raw, spec, "digits", null, null, OPTIONS);
        SparkData.Prepared cluster = SparkData.prepare(frame(t, 3), "digits",
                new SparkData.Columns("label", null, List.of(), false, 0), OPTIONS);
        try {
            assertEquals(local.spec().classes(), cluster.spec().classes());
            assertArrayEquals(local.testRows(), cluster.testRows());
            assertArrayEquals(local.standardizer().mean(), cluster.standardizer().mean(), 1e-6f);
            assertArrayEquals(local.standardizer().std(), cluster.standardizer().std(), 1e-6f);
            assertArrayEquals(local.test().labels(), cluster.test().labels());
            assertArrayEquals(local.test().features(), cluster.test().features(), 1e-5f);
            assertArrayEquals(local.eval().features(), cluster.eval().features(), 1e-5f);
            assertEquals(local.train().size(), cluster.trainIndex().size());
            assertEquals(3, cluster.partitions());

            Trainer.Config cfg = SparkTrainerTest.config().build();
            Map<String, float[]> expected;
            try (Module m = SparkTrainerTest.mlp(); Adam opt = new Adam(m, 0.003)) {
                new Trainer(m, new CrossEntropyLoss(), opt, null, cfg).fit(local.train(), null);
                expected = SparkTrainerTest.weights(m);
            }
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            try (Module m = SparkTrainerTest.mlp(); Adam opt = new Adam(m, 0.003)) {
                SparkTrainer.builder(sc).build().fit(m, CrossEntropyLoss::new, opt, null, cfg, cluster);
                double d = SparkTrainerTest.relativeDifference(SparkTrainerTest.weights(m), expected);
                System.out.printf("digits prepared on 3 partitions: relative weight difference %.2e after %d steps%n",
                        d, SparkTrainerTest.STEPS);
                assertTrue(d <= 1e-5, "relative difference " + d);
            }
        } finally {
            cluster.unpersist();
        }
    }

    @Test void theVocabularyIsTheOneFittedOnTheTrainingTextsOnOneMachine() {
        String[] words = {"good", "bad", "fine", "great", "awful", "okay", "nice", "poor", "meh", "superb"};
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String text = words[i % 10] + " " + words[(i * 7) % 10] + " word" + (i % 37) + (i % 5 == 0 ? " Rare" + i : "");
            rows.add(new String[] {Integer.toString(i), text, i % 3 == 0 ? "neg" : i % 3 == 1 ? "neu" : "pos"});
        }
        CsvReader.Table t = new CsvReader.Table(List.of("id", "text", "label"), rows);
        RawData raw = DataFiles.csvForTraining(t, "texts", "label", "text", List.of());
        InputSpec spec = new InputSpec(InputSpec.Kind.TEXT, false, Encoding.classesOf(raw.labels()), List.of(), 0, null,
                "text", "label", 6, 0, 1);
        TrainingData local = TrainingData.prepare(raw, spec, "texts", null, null, OPTIONS);
        SparkData.Prepared cluster = SparkData.prepare(frame(t, 4), "texts",
                new SparkData.Columns("label", "text", List.of(), false, 6), OPTIONS);
        try {
            assertEquals(local.tokenizer().vocabulary(), cluster.tokenizer().vocabulary());
            assertArrayEquals(local.test().tokenIds(), cluster.test().tokenIds());
            assertArrayEquals(local.test().labels(), cluster.test().labels());
        } finally {
            cluster.unpersist();
        }
    }
}
