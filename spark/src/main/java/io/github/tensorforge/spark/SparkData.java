package io.github.tensorforge.spark;

import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.data.DataFiles;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Encoding;
import io.github.tensorforge.nn.data.InputSpec;
import io.github.tensorforge.nn.data.RawData;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.data.TrainingData;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.text.WordTokenizer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Training data prepared where it lives, for data larger than the driver: each partition of a DataFrame is read into
 * rows by nn's own {@link DataFiles} on its executor; only the label column comes to the driver, which splits the rows
 * exactly as {@link TrainingData#prepare} does. The preprocessing is fitted on the training rows by executor-side
 * aggregates (the word counts of the vocabulary, the standardizer's sums) that give the same vocabulary and the same
 * statistics as the single-machine fit, and every partition encodes and caches its own training rows as one shard.
 * The eval and test rows, small by design, are collected to the driver, which evaluates.
 */
public final class SparkData {
    private SparkData() {}

    /**
     * What to read from the DataFrame.
     *
     * @param labelColumn the label column
     * @param textColumn  the text column, or null for numeric features
     * @param ignore      columns that are not features
     * @param regression  whether the label is a number to predict
     * @param maxLen      tokens per text (text data)
     */
    public record Columns(String labelColumn, String textColumn, List<String> ignore, boolean regression, int maxLen)
            implements java.io.Serializable {
        /** Copies {@code ignore}, so the record travels to the executors as it is. */
        public Columns {
            ignore = List.copyOf(ignore);
        }
    }

    /** The fitted preprocessing as the JSON the model directory holds: how it travels to the executors. */
    private record Fitted(String spec, String tokenizer, String standardizer) implements java.io.Serializable {
        static Fitted of(InputSpec spec, WordTokenizer tokenizer, Standardizer standardizer) {
            return new Fitted(spec.toJson().toString(), tokenizer == null ? null : tokenizer.toJson().toString(),
                    standardizer == null ? null : standardizer.toJson().toString());
        }

        /** Encodes and standardizes rows, as {@link TrainingData} does. */
        Dataset encode(RawData rows, String source) {
            try {
                WordTokenizer t = tokenizer == null ? null : WordTokenizer.fromJson(Json.parse(tokenizer));
                Dataset d = new TrainingData.Encoder(InputSpec.fromJson(Json.parse(spec)), t, null).labeled(rows, source);
                return standardizer == null ? d : Standardizer.fromJson(Json.parse(standardizer)).transform(d);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Training data on the cluster: the fitted preprocessing and the small parts on the driver, the rest cached. */
    public static final class Prepared {
        private final InputSpec spec;
        private final WordTokenizer tokenizer;
        private final Standardizer standardizer;
        private final Dataset trainIndex, eval, test;
        private final int[] testRows;
        final JavaRDD<Shard> shards;
        /** What the shards' lineage reads: kept while they are, so that a lost block can be rebuilt. */
        private final List<Broadcast<?>> lineage;

        Prepared(InputSpec spec, WordTokenizer tokenizer, Standardizer standardizer, Dataset trainIndex, Dataset eval,
                 Dataset test, int[] testRows, JavaRDD<Shard> shards, List<Broadcast<?>> lineage) {
            this.lineage = lineage;
            this.spec = spec;
            this.tokenizer = tokenizer;
            this.standardizer = standardizer;
            this.trainIndex = trainIndex;
            this.eval = eval;
            this.test = test;
            this.testRows = testRows;
            this.shards = shards;
        }

        /** @return the input spec, target scale fitted */
        public InputSpec spec() { return spec; }

        /** @return the vocabulary fitted on the training texts, or null */
        public WordTokenizer tokenizer() { return tokenizer; }

        /** @return the standardizer fitted on the training rows, or null */
        public Standardizer standardizer() { return standardizer; }

        /**
         * @return a driver-side stand-in for the training set: its size and labels, no features (the trainer draws
         *         its batches from it; the shards hold the rows)
         */
        public Dataset trainIndex() { return trainIndex; }

        /** @return the eval part, encoded, on the driver; or null */
        public Dataset eval() { return eval; }

        /** @return the test part, encoded, on the driver; or null */
        public Dataset test() { return test; }

        /** @return the DataFrame rows of the test part, in its order */
        public int[] testRows() { return testRows.clone(); }

        /** @return the number of shards (partitions with training rows) */
        public int partitions() { return shards.getNumPartitions(); }

        /** Drops the cached shards from the executors, and what they were built from. */
        public void unpersist() {
            shards.unpersist(false);
            for (Broadcast<?> b : lineage) b.destroy();
        }
    }

    /**
     * Reads, splits, fits and encodes {@code df} (in its row order, partition by partition).
     *
     * @param df      the rows, one column per field (values become their text, nulls empty cells)
     * @param source  what errors call the data
     * @param columns which columns to read
     * @param o       the split and the fit, as for {@link TrainingData#prepare} (no pretrained tokenizer)
     * @return the prepared data
     * @throws IllegalArgumentException on the errors {@link TrainingData#prepare} gives; row numbers count within a
     *                                  partition
     */
    public static Prepared prepare(org.apache.spark.sql.Dataset<Row> df, String source, Columns columns,
                                   TrainingData.Options o) {
        if (o.wordPieces() != null) {
            throw new IllegalArgumentException("SparkData: a pretrained WordPiece tokenizer is not supported yet");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
        List<String> names = List.of(df.columns());
        JavaRDD<RawData> parts = df.javaRDD()
                .mapPartitions(rows -> Collections.singletonList(read(names, rows, source, columns)).iterator())
                .persist(StorageLevel.MEMORY_ONLY());
        try {
            return prepare(sc, parts, source, columns, o);
        } finally {
            parts.unpersist(false);
        }
    }

    private static Prepared prepare(JavaSparkContext sc, JavaRDD<RawData> parts, String source, Columns columns,
                                    TrainingData.Options o) {
        // ---- the labels, and the split, on the driver --------------------------------------------------------------
        List<RawData> heads = parts.map(r -> r.head(0)).collect(); // per partition: names and dims, no rows
        List<String[]> labelParts = parts.map(RawData::labels).collect();
        int n = 0;
        long[] offsets = new long[labelParts.size()];
        for (int i = 0; i < labelParts.size(); i++) {
            offsets[i] = n;
            n += labelParts.get(i).length;
        }
        if (n == 0) throw new IllegalArgumentException(source + ": no labeled rows");
        String[] labels = new String[n];
        for (int i = 0; i < labelParts.size(); i++) {
            System.arraycopy(labelParts.get(i), 0, labels, (int) offsets[i], labelParts.get(i).length);
        }
        RawData head = heads.get(0);
        List<String> classes = columns.regression() ? List.of() : Encoding.classesOf(labels);
        if (!columns.regression() && classes.size() < 2) {
            throw new IllegalArgumentException(source + ": the label column has a single class " + classes + "; nothing to learn");
        }
        boolean text = columns.textColumn() != null;
        InputSpec spec = new InputSpec(text ? InputSpec.Kind.TEXT : InputSpec.Kind.FEATURES, columns.regression(), classes,
                head.featureNames(), head.featureCount(), null, columns.textColumn(), columns.labelColumn(),
                text ? columns.maxLen() : 0, 0, 1);
        TrainingData.RowSplit split = TrainingData.splitRows(labels, spec, source, false, false, o);
        spec = TrainingData.withTargetScale(spec, labels, split.train(), source);
        int[] trainPosition = new int[n];
        Arrays.fill(trainPosition, -1);
        for (int p = 0; p < split.train().length; p++) trainPosition[split.train()[p]] = p;
        Broadcast<int[]> where = sc.broadcast(trainPosition);
        Broadcast<long[]> starts = sc.broadcast(offsets);

        try {
            // ---- the preprocessing, fitted on the training rows by executor-side aggregates -----------------------
            WordTokenizer tokenizer = null;
            Standardizer standardizer = null;
            if (text) {
                Map<String, Integer> counts = parts.mapPartitionsWithIndex((i, it) -> {
                    RawData r = it.next();
                    List<String> mine = new ArrayList<>();
                    for (int k : trainRowsOf(r, starts.value()[i], where.value())) mine.add(r.texts().get(k));
                    return Collections.singletonList(WordTokenizer.count(mine, true)).iterator();
                }, true).reduce(SparkData::merge);
                tokenizer = WordTokenizer.fromCounts(counts, o.minCount(), o.maxVocab(), true, spec.maxLen());
            } else if (o.standardize()) {
                int d = spec.featureCount();
                double[] sum = addInOrder(parts.mapPartitionsWithIndex((i, it) -> {
                    RawData r = it.next();
                    double[] s = new double[d];
                    for (int k : trainRowsOf(r, starts.value()[i], where.value())) {
                        for (int j = 0; j < d; j++) s[j] += r.features()[k * d + j];
                    }
                    return Collections.singletonList(s).iterator();
                }, true).collect(), d);
                long nTrain = split.train().length;
                Broadcast<double[]> sums = sc.broadcast(sum);
                double[] sq = addInOrder(parts.mapPartitionsWithIndex((i, it) -> {
                    RawData r = it.next();
                    double[] s = new double[d];
                    double[] total = sums.value();
                    for (int k : trainRowsOf(r, starts.value()[i], where.value())) {
                        for (int j = 0; j < d; j++) {
                            double c = r.features()[k * d + j] - total[j] / nTrain;
                            s[j] += c * c;
                        }
                    }
                    return Collections.singletonList(s).iterator();
                }, true).collect(), d);
                sums.destroy();
                standardizer = Standardizer.fromMoments(sum, sq, nTrain);
            }

            // ---- every partition encodes and caches its training rows as one shard --------------------------------
            Fitted fitted = Fitted.of(spec, tokenizer, standardizer);
            JavaRDD<Shard> shards = parts.mapPartitionsWithIndex((i, it) -> {
                RawData r = it.next();
                int[] local = trainRowsOf(r, starts.value()[i], where.value());
                if (local.length == 0) return Collections.<Shard>emptyIterator();
                int[] positions = new int[local.length];
                for (int k = 0; k < local.length; k++) positions[k] = where.value()[(int) (starts.value()[i] + local[k])];
                return Collections.singletonList(new Shard(i, positions, fitted.encode(r.rows(local), source))).iterator();
            }, true).persist(StorageLevel.MEMORY_ONLY());
            shards.count();

            // ---- eval and test rows to the driver, in the split's order --------------------------------------------
            Dataset eval = collect(parts, split.eval(), starts, sc, fitted, source + " (eval rows)");
            Dataset test = collect(parts, split.test(), starts, sc, fitted, source + " (test rows)");
            return new Prepared(spec, tokenizer, standardizer, index(split.train(), labels, spec, source), eval, test,
                    split.test(), shards, List.of(where, starts));
        } catch (RuntimeException e) {
            where.destroy();
            starts.destroy();
            throw e;
        }
    }

    /** One partition's rows read by nn's CSV code, as if they were a CSV file with the DataFrame's header. */
    private static RawData read(List<String> names, Iterator<Row> rows, String source, Columns c) {
        List<String[]> cells = new ArrayList<>();
        while (rows.hasNext()) cells.add(SparkTables.cells(rows.next()));
        return DataFiles.csvForTraining(new CsvReader.Table(names, cells), source, c.labelColumn(), c.textColumn(),
                c.ignore());
    }

    /** The rows of partition part {@code r} (starting at DataFrame row {@code start}) that are training rows. */
    private static int[] trainRowsOf(RawData r, long start, int[] where) {
        int[] out = new int[r.n()];
        int m = 0;
        for (int k = 0; k < r.n(); k++) if (where[(int) (start + k)] >= 0) out[m++] = k;
        return Arrays.copyOf(out, m);
    }

    /** The rows {@code wanted} (DataFrame rows, in this order), read on the executors, encoded on the driver. */
    private static Dataset collect(JavaRDD<RawData> parts, int[] wanted, Broadcast<long[]> starts, JavaSparkContext sc,
                                   Fitted fitted, String source) {
        if (wanted.length == 0) return null;
        int[] sorted = wanted.clone();
        Arrays.sort(sorted);
        Broadcast<int[]> rows = sc.broadcast(sorted);
        List<RawData> pieces;
        try {
            pieces = parts.mapPartitionsWithIndex((i, it) -> {
                RawData r = it.next();
                long lo = starts.value()[i], hi = lo + r.n();
                List<Integer> local = new ArrayList<>();
                for (int g : rows.value()) if (g >= lo && g < hi) local.add((int) (g - lo));
                return Collections.singletonList(r.rows(local.stream().mapToInt(Integer::intValue).toArray())).iterator();
            }, true).collect();
        } finally {
            rows.destroy();
        }
        RawData all = concat(pieces); // in DataFrame order, which is the order of sorted
        Map<Integer, Integer> at = new HashMap<>();
        for (int k = 0; k < sorted.length; k++) at.put(sorted[k], k);
        int[] order = new int[wanted.length];
        for (int k = 0; k < wanted.length; k++) order[k] = at.get(wanted[k]);
        return fitted.encode(all.rows(order), source);
    }

    private static RawData concat(List<RawData> pieces) {
        RawData first = pieces.get(0);
        int n = 0;
        for (RawData p : pieces) n += p.n();
        float[] f = first.features() == null ? null : new float[n * first.featureCount()];
        List<String> t = first.texts() == null ? null : new ArrayList<>(n);
        String[] l = new String[n];
        int at = 0;
        for (RawData p : pieces) {
            if (f != null) System.arraycopy(p.features(), 0, f, at * first.featureCount(), p.n() * first.featureCount());
            if (t != null) t.addAll(p.texts());
            System.arraycopy(p.labels(), 0, l, at, p.n());
            at += p.n();
        }
        return new RawData(n, f, first.featureCount(), first.featureNames(), first.imageDims(), t, l);
    }

    /** The driver's stand-in for the training set: one zero per row, with the rows' labels. */
    private static Dataset index(int[] trainRows, String[] labels, InputSpec spec, String source) {
        int n = trainRows.length;
        if (spec.regression()) return Dataset.regression(new float[n], new int[] {1}, new float[n], 1);
        String[] mine = new String[n];
        for (int k = 0; k < n; k++) mine[k] = labels[trainRows[k]];
        return Dataset.classification(new float[n], new int[] {1}, Encoding.labelIds(mine, spec.classes(), source),
                spec.classes().size(), spec.classes());
    }

    private static Map<String, Integer> merge(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> out = new HashMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Integer::sum));
        return out;
    }

    /** Sums per-partition arrays in partition order (collect keeps it), as one machine would add the rows. */
    private static double[] addInOrder(List<double[]> parts, int d) {
        double[] out = new double[d];
        for (double[] p : parts) for (int j = 0; j < d; j++) out[j] += p[j];
        return out;
    }
}
