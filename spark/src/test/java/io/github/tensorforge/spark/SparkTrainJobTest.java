package io.github.tensorforge.spark;

import io.github.tensorforge.cli.Main;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spark-submit entry point, run as spark-submit runs it: its master in a system property, its main's arguments. */
class SparkTrainJobTest {
    @TempDir Path dir;

    @Test void theJobTrainsTheDigitsFromParquetIntoAModelDirectoryThatEvaluateAccepts() {
        Path parquet = dir.resolve("digits.parquet"), model = dir.resolve("model");
        String csv = SparkTrainerTest.DIGITS.toAbsolutePath().toString();
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.tensorforge.partitions", "2");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status;
        try {
            SparkSession spark = SparkSession.builder().getOrCreate();
            spark.read().option("header", "true").option("inferSchema", "true").csv(csv).write().parquet(parquet.toString());
            status = SparkTrainJob.run(spark, new PrintWriter(out), new PrintWriter(err), "--data", parquet.toString(),
                    "--label", "label", "--model", "mlp", "--hidden", "32", "--epochs", "3", "--out", model.toString(),
                    "--quiet");
            spark.stop();
        } finally {
            for (String p : new String[] {"spark.master", "spark.ui.enabled", "spark.driver.host",
                    "spark.driver.bindAddress", "spark.tensorforge.partitions"}) {
                System.clearProperty(p);
            }
        }
        System.out.print(out);
        assertEquals(0, status, out + "\n" + err);
        assertTrue(out.toString().contains("spark: local[2], 2 partitions"), out.toString());
        assertTrue(out.toString().contains("spark exchange: "), out.toString());
        assertTrue(Files.isRegularFile(model.resolve("config.json")));

        // The same options on one machine, from the CSV, give the same model: same split, same preprocessing, and
        // gradients that differ only in the order of their sums.
        Path local = dir.resolve("local");
        StringWriter localOut = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(localOut), new PrintWriter(new StringWriter()), "train", "--data", csv,
                "--label", "label", "--model", "mlp", "--hidden", "32", "--epochs", "3", "--out", local.toString(),
                "--quiet"), localOut.toString());
        double distributed = accuracy(model, csv), single = accuracy(local, csv);
        System.out.printf("digits accuracy of the job's model %.4f, of tensorforge train's %.4f%n", distributed, single);
        assertTrue(distributed > 0.8, "digits accuracy after 3 epochs: " + distributed);
        assertEquals(single, distributed, 2.0 / 1797, "at most a row's prediction may flip on float rounding");
    }

    /** The accuracy {@code tensorforge evaluate} reports for a model directory. */
    private static double accuracy(Path model, String data) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), "evaluate", "--model", model.toString(),
                "--data", data, "--label", "label");
        assertEquals(0, status, out + "\n" + err);
        Matcher m = Pattern.compile("accuracy\\s+([0-9.]+)").matcher(out.toString());
        assertTrue(m.find(), out.toString());
        return Double.parseDouble(m.group(1));
    }
}
