package io.github.tensorforge.spark;

import io.github.tensorforge.nn.data.CsvReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads training tables as Spark DataFrames, CSV (a header row) or Parquet, into the table nn's data pipeline reads
 * ({@link io.github.tensorforge.nn.data.DataFiles}), so that columns, labels and errors are exactly the command's.
 * The rows are collected to the driver, where the split and the preprocessing are fitted on the training rows.
 */
public final class SparkTables {
    private SparkTables() {}

    /**
     * Reads {@code location} with Spark: Parquet when it ends with {@code .parquet} (a file or a directory of parts),
     * CSV otherwise (plain or compressed as Spark reads it, with a header row, every cell as text).
     *
     * @param spark    the session
     * @param location a path Spark can read (a local file, or a path on the cluster's file system)
     * @return the table, in the file's row order
     * @throws IllegalArgumentException if it cannot be read or has no rows
     */
    public static CsvReader.Table read(SparkSession spark, String location) {
        boolean parquet = location.toLowerCase(Locale.ROOT).replaceAll("/+$", "").endsWith(".parquet");
        Dataset<Row> df;
        try {
            df = parquet ? spark.read().parquet(location)
                    : spark.read().option("header", "true").option("inferSchema", "false").option("multiLine", "true")
                            .option("escape", "\"").csv(location);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("could not read " + location + " with Spark: " + e.getMessage(), e);
        }
        return of(df, location);
    }

    /**
     * A DataFrame as a table of text cells (nulls become empty cells, numbers their decimal text).
     *
     * @param df     the rows
     * @param source what errors call it
     * @return the table
     * @throws IllegalArgumentException if it has no rows
     */
    public static CsvReader.Table of(Dataset<Row> df, String source) {
        List<String> columns = Arrays.asList(df.columns());
        List<Row> rows = df.collectAsList();
        if (rows.isEmpty()) throw new IllegalArgumentException(source + ": no rows");
        List<String[]> cells = new ArrayList<>(rows.size());
        for (Row r : rows) cells.add(cells(r));
        return new CsvReader.Table(List.copyOf(columns), cells);
    }

    /** A row's values as the text cells of a CSV row: nulls empty, numbers their decimal text. */
    static String[] cells(Row r) {
        String[] c = new String[r.length()];
        for (int i = 0; i < c.length; i++) c[i] = r.isNullAt(i) ? "" : String.valueOf(r.get(i));
        return c;
    }
}
