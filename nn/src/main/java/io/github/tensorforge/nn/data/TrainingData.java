package io.github.tensorforge.nn.data;

import io.github.tensorforge.nn.text.WordPieceTokenizer;
import io.github.tensorforge.nn.text.WordTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Labeled data made ready to train on, the same way by every front end (the {@code train} command, a cluster job):
 * the rows split into train / eval / test (unless eval or test come from their own files), the preprocessing fitted on
 * the training rows only (word vocabulary, regression target scale, feature standardizer) and every part encoded with
 * it. Fitting on the training rows only is what keeps the eval and test figures honest.
 *
 * @param spec         the input spec with the fitted target scale (regression)
 * @param tokenizer    the word vocabulary fitted on the training texts (text models without a pretrained tokenizer),
 *                     else null
 * @param standardizer the feature standardizer fitted on the training rows, else null (text, or not asked for)
 * @param train        the training part, encoded and standardized
 * @param eval         the eval part, or null when there is none
 * @param test         the test part, or null when there is none
 * @param testRows     the rows of the input that form the test part (empty when the test part is a separate file)
 */
public record TrainingData(InputSpec spec, WordTokenizer tokenizer, Standardizer standardizer, Dataset train,
                           Dataset eval, Dataset test, int[] testRows) {

    /**
     * How to split and fit.
     *
     * @param testFraction share of the rows held out for test (ignored when a test file is given)
     * @param evalFraction share of the rows held out for eval (ignored when an eval file is given)
     * @param seed         the split's seed
     * @param standardize  whether numeric features are standardized with the training rows' statistics
     * @param minCount     a word needs this many occurrences in the training texts to enter the vocabulary
     * @param maxVocab     the most words in the vocabulary
     * @param wordPieces   a pretrained WordPiece tokenizer (its vocabulary is not fitted), or null
     */
    public record Options(double testFraction, double evalFraction, long seed, boolean standardize, int minCount,
                          int maxVocab, WordPieceTokenizer wordPieces) {}

    /**
     * Splits {@code raw}, fits the preprocessing on its training rows and encodes every part.
     *
     * @param raw     the labeled rows (their labels must be in {@code spec}'s classes)
     * @param spec    the input spec, target scale not yet fitted
     * @param source  what errors call {@code raw} (a file name)
     * @param evalRaw separate eval rows, or null to split them off {@code raw}
     * @param testRaw separate test rows, or null to split them off {@code raw}
     * @param o       how to split and fit
     * @return the parts, encoded, with what was fitted
     * @throws IllegalArgumentException when no rows are left for training, or a row does not fit the spec
     */
    public static TrainingData prepare(RawData raw, InputSpec spec, String source, Sourced evalRaw, Sourced testRaw,
                                       Options o) {
        if (!raw.hasLabels() || raw.n() == 0) throw new IllegalArgumentException(source + ": no labeled rows");
        RowSplit split = splitRows(raw.labels(), spec, source, evalRaw != null, testRaw != null, o);
        int[] trainRows = split.train(), evalRows = split.eval(), testRows = split.test();

        WordTokenizer tokenizer = null;
        if (spec.isText() && o.wordPieces() == null) {
            List<String> trainTexts = new ArrayList<>(trainRows.length);
            for (int r : trainRows) trainTexts.add(raw.texts().get(r));
            tokenizer = WordTokenizer.fit(trainTexts, o.minCount(), o.maxVocab(), true, spec.maxLen());
        }
        spec = withTargetScale(spec, raw.labels(), trainRows, source);
        Encoder encode = new Encoder(spec, tokenizer, o.wordPieces());
        Dataset all = encode.labeled(raw, source);
        Dataset train = all.subset(trainRows);
        Dataset eval = evalRaw != null ? encode.labeled(evalRaw.data(), evalRaw.source())
                : evalRows.length > 0 ? all.subset(evalRows) : null;
        Dataset test = testRaw != null ? encode.labeled(testRaw.data(), testRaw.source())
                : testRows.length > 0 ? all.subset(testRows) : null;
        Standardizer standardizer = null;
        if (!spec.isText() && o.standardize()) {
            standardizer = Standardizer.fit(train);
            train = standardizer.transform(train);
            if (eval != null) eval = standardizer.transform(eval);
            if (test != null) test = standardizer.transform(test);
        }
        return new TrainingData(spec, tokenizer, standardizer, train, eval, test, testRaw == null ? testRows : new int[0]);
    }

    /**
     * Which rows of the input go where.
     *
     * @param train the training rows, in the order the training set holds them
     * @param eval  the eval rows (empty when eval is a file of its own)
     * @param test  the test rows (empty when test is a file of its own)
     */
    public record RowSplit(int[] train, int[] eval, int[] test) {}

    /**
     * The split {@link #prepare} makes, from the labels alone (a cluster collects only those to its driver):
     * stratified by class for classification, seeded.
     *
     * @param labels       every row's label cell
     * @param spec         the input spec (its classes)
     * @param source       what errors call the data
     * @param separateEval whether eval rows come from a file of their own (none are split off)
     * @param separateTest whether test rows come from a file of their own
     * @param o            the fractions and the seed
     * @return the rows of each part
     * @throws IllegalArgumentException if no rows are left for training, or a label is not one of the classes
     */
    public static RowSplit splitRows(String[] labels, InputSpec spec, String source, boolean separateEval,
                                     boolean separateTest, Options o) {
        int n = labels.length;
        int[] labelIds = spec.regression() ? null : Encoding.labelIds(labels, spec.classes(), source);
        float[] rowIds = new float[n];
        for (int i = 0; i < n; i++) rowIds[i] = i;
        Dataset index = spec.regression() ? Dataset.regression(rowIds, new int[] {1}, new float[n], 1)
                : Dataset.classification(rowIds, new int[] {1}, labelIds, spec.classes().size(), spec.classes());
        Splits.Split split = Splits.split(index, separateTest ? 0.0 : o.testFraction(),
                separateEval ? 0.0 : o.evalFraction(), o.seed());
        RowSplit rows = new RowSplit(rows(split.train()), split.eval() == null ? new int[0] : rows(split.eval()),
                rows(split.test()));
        if (rows.train().length == 0) throw new IllegalArgumentException(source + ": no rows left for training after the split");
        return rows;
    }

    /**
     * Regression: {@code spec} with the mean and standard deviation of the training rows' targets (the model predicts
     * standardized targets); classification: {@code spec} itself.
     *
     * @param spec      the input spec
     * @param labels    every row's target cell
     * @param trainRows the training rows
     * @param source    what errors call the data
     * @return the fitted spec
     * @throws IllegalArgumentException if a target is not a finite number
     */
    public static InputSpec withTargetScale(InputSpec spec, String[] labels, int[] trainRows, String source) {
        if (!spec.regression()) return spec;
        float[] y = Encoding.targets(labels, source);
        double sum = 0, sq = 0;
        for (int r : trainRows) sum += y[r];
        double mean = sum / trainRows.length;
        for (int r : trainRows) sq += (y[r] - mean) * (y[r] - mean);
        double sd = Math.sqrt(sq / trainRows.length);
        return spec.withTargetScale(mean, sd > 1e-12 ? sd : 1.0);
    }

    /**
     * Rows read from a file of their own, with the name errors call them.
     *
     * @param data   the rows
     * @param source the file's name
     */
    public record Sourced(RawData data, String source) {}

    /**
     * Encodes rows for a model exactly as its training data was: token ids from the pretrained WordPiece tokenizer
     * or the fitted word vocabulary, or numeric features as read (standardize them with the fitted
     * {@link Standardizer} afterwards).
     *
     * @param spec       the model's input spec
     * @param tokenizer  the fitted word vocabulary, or null
     * @param wordPieces the pretrained WordPiece tokenizer, or null
     */
    public record Encoder(InputSpec spec, WordTokenizer tokenizer, WordPieceTokenizer wordPieces) {
        /**
         * The labeled rows, encoded.
         *
         * @param raw    the rows
         * @param source what errors call them
         * @return the dataset
         * @throws IllegalArgumentException if the rows do not fit the spec
         */
        public Dataset labeled(RawData raw, String source) {
            return wordPieces != null ? Encoding.wordPieces(raw, spec, wordPieces, source)
                    : Encoding.dataset(raw, spec, tokenizer, source);
        }
    }

    private static int[] rows(Dataset part) {
        float[] f = part.features();
        int[] r = new int[part.size()];
        for (int i = 0; i < r.length; i++) r[i] = (int) f[i];
        return r;
    }
}
