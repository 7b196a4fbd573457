package io.github.tensorforge.spark;

import io.github.tensorforge.cli.Main;
import io.github.tensorforge.cli.TrainHooks;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code spark-submit} entry point: {@code tensorforge train} with its options, its split, preprocessing, model,
 * reports and model directory, but the tables read through Spark (CSV or Parquet) and every step's gradients
 * computed on the cluster by {@link SparkTrainer}. The model directory it writes (on the driver) loads in
 * {@code tensorforge evaluate}, {@code predict} and {@code serve}.
 *
 * <pre>{@code
 * spark-submit --class io.github.tensorforge.spark.SparkTrainJob --master yarn \
 *     --conf spark.tensorforge.partitions=16 tensorforge-spark-jobs.jar \
 *     --data /data/comments.parquet --label label --text text --model bag --out models/comments
 * }</pre>
 *
 * <p>{@code spark.tensorforge.partitions} sets the shards (default: the context's default parallelism) and
 * {@code spark.tensorforge.aggregationDepth} the aggregation tree's depth (default 2).
 */
public final class SparkTrainJob {
    private SparkTrainJob() {}

    /**
     * Runs the job in the Spark application {@code spark-submit} configured, and exits with the command's code.
     *
     * @param args the options of {@code tensorforge train}
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the job and returns the exit code (0 done, 1 an error the user can act on, 2 bad arguments).
     *
     * @param args the options of {@code tensorforge train}
     * @return the exit code
     */
    public static int run(String... args) {
        SparkSession spark = SparkSession.builder().appName("tensorforge train").getOrCreate();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        try {
            return run(spark, out, err, args);
        } finally {
            spark.stop();
        }
    }

    /**
     * Runs the job in {@code spark} (left running).
     *
     * @param spark the session
     * @param out   standard output
     * @param err   standard error
     * @param args  the options of {@code tensorforge train}
     * @return the exit code
     */
    public static int run(SparkSession spark, PrintWriter out, PrintWriter err, String... args) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SparkTrainer.Builder b = SparkTrainer.builder(sc)
                .aggregationDepth(sc.getConf().getInt("spark.tensorforge.aggregationDepth", 2));
        int parts = sc.getConf().getInt("spark.tensorforge.partitions", 0);
        if (parts > 0) b.partitions(parts);
        SparkTrainer trainer = b.build();
        out.printf("spark: %s, %d partitions%n", sc.master(), trainer.partitions());
        List<String> line = new ArrayList<>(List.of("train"));
        line.addAll(Arrays.asList(args));
        int status = Main.run(out, err, new TrainHooks(location -> SparkTables.read(spark, location),
                trainer.gradientsFactory()), line.toArray(new String[0]));
        if (trainer.stats() != null) out.println("spark exchange: " + trainer.stats());
        out.flush();
        return status;
    }
}
