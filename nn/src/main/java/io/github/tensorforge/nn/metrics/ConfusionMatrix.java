package io.github.tensorforge.nn.metrics;

/**
 * Counts {@code [truth][prediction]} for {@code k} classes, with accuracy and per-class / macro precision, recall and
 * F1. A class that is never predicted (or never present) gets precision (recall) 0, as scikit-learn's
 * {@code zero_division=0}.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /**
     * Creates an empty matrix (all counts 0) for {@code k} classes.
     *
     * @param k the number of classes, labelled {@code 0 .. k - 1}
     * @throws IllegalArgumentException if {@code k} is not positive
     */
    public ConfusionMatrix(int k) {
        if (k <= 0) throw new IllegalArgumentException("ConfusionMatrix: number of classes must be positive, got " + k);
        counts = new long[k][k];
    }

    /**
     * Creates a matrix for {@code k} classes and counts every (truth, prediction) pair.
     *
     * @param k         the number of classes
     * @param truth     the true class of each sample, each in {@code [0, k)}
     * @param predicted the predicted class of each sample, same length as {@code truth}, each in {@code [0, k)}
     * @return a new matrix holding the counts
     * @throws IllegalArgumentException if {@code k} is not positive, the arrays differ in length, or a class is out of
     *                                  range
     */
    public static ConfusionMatrix of(int k, int[] truth, int[] predicted) {
        ConfusionMatrix m = new ConfusionMatrix(k);
        m.addAll(truth, predicted);
        return m;
    }

    /**
     * Returns the number of classes.
     *
     * @return {@code k}, as given at construction
     */
    public int numClasses() { return counts.length; }

    /**
     * Counts one sample: increments the cell {@code [truth][predicted]}.
     *
     * @param truth     the sample's true class, in {@code [0, k)}
     * @param predicted the predicted class, in {@code [0, k)}
     * @throws IllegalArgumentException if either class is out of range; nothing is counted then
     */
    public void add(int truth, int predicted) {
        int k = counts.length;
        if (truth < 0 || truth >= k || predicted < 0 || predicted >= k) {
            throw new IllegalArgumentException("ConfusionMatrix: class out of range [0, " + k + "): truth " + truth + ", predicted " + predicted);
        }
        counts[truth][predicted]++;
    }

    /**
     * Counts every (truth, prediction) pair, in order.
     *
     * @param truth     the true class of each sample, each in {@code [0, k)}
     * @param predicted the predicted class of each sample, same length as {@code truth}, each in {@code [0, k)}
     * @throws IllegalArgumentException if the arrays differ in length (nothing is counted) or a class is out of range
     *                                  (the pairs before it stay counted)
     */
    public void addAll(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + truth.length + " labels but " + predicted.length + " predictions");
        }
        for (int i = 0; i < truth.length; i++) add(truth[i], predicted[i]);
    }

    /**
     * Returns how many samples of class {@code truth} were predicted as {@code predicted}.
     *
     * @param truth     the true class, in {@code [0, k)}
     * @param predicted the predicted class, in {@code [0, k)}
     * @return the count in cell {@code [truth][predicted]}
     * @throws ArrayIndexOutOfBoundsException if either class is out of range
     */
    public long count(int truth, int predicted) { return counts[truth][predicted]; }

    /**
     * Returns the number of samples counted.
     *
     * @return the sum of all cells
     */
    public long total() {
        long t = 0;
        for (long[] r : counts) for (long v : r) t += v;
        return t;
    }

    /**
     * Returns the fraction of samples predicted correctly.
     *
     * @return the diagonal's sum divided by {@link #total()}, or 0 when nothing has been counted
     */
    public double accuracy() {
        long t = total(), c = 0;
        for (int i = 0; i < counts.length; i++) c += counts[i][i];
        return t == 0 ? 0 : (double) c / t;
    }

    /**
     * Returns the precision of class {@code c}: the fraction of samples predicted as {@code c} that are {@code c}.
     *
     * @param c the class, in {@code [0, k)}
     * @return the precision in [0, 1], or 0 when {@code c} is never predicted
     * @throws ArrayIndexOutOfBoundsException if {@code c} is out of range
     */
    public double precision(int c) {
        long col = 0;
        for (long[] r : counts) col += r[c];
        return col == 0 ? 0 : (double) counts[c][c] / col;
    }

    /**
     * Returns the recall of class {@code c}: the fraction of samples of class {@code c} predicted as {@code c}.
     *
     * @param c the class, in {@code [0, k)}
     * @return the recall in [0, 1], or 0 when {@code c} never occurs in the truth
     * @throws ArrayIndexOutOfBoundsException if {@code c} is out of range
     */
    public double recall(int c) {
        long row = 0;
        for (long v : counts[c]) row += v;
        return row == 0 ? 0 : (double) counts[c][c] / row;
    }

    /**
     * Returns the F1 score of class {@code c}: the harmonic mean of its precision and recall.
     *
     * @param c the class, in {@code [0, k)}
     * @return {@code 2 p r / (p + r)}, or 0 when precision and recall are both 0
     * @throws ArrayIndexOutOfBoundsException if {@code c} is out of range
     */
    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * Returns the unweighted mean of the per-class precisions.
     *
     * @return the macro-averaged precision in [0, 1]
     */
    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += precision(c);
        return s / counts.length;
    }

    /**
     * Returns the unweighted mean of the per-class recalls.
     *
     * @return the macro-averaged recall in [0, 1]
     */
    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += recall(c);
        return s / counts.length;
    }

    /**
     * Returns the unweighted mean of the per-class F1 scores.
     *
     * @return the macro-averaged F1 in [0, 1]
     */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += f1(c);
        return s / counts.length;
    }

    /**
     * Renders the counts (one row per true class), the accuracy, the macro F1 and each class's precision, recall and
     * F1, on several lines.
     *
     * @return the multi-line report
     */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder("truth \\ predicted\n");
        for (long[] r : counts) {
            for (long v : r) sb.append(String.format("%6d", v));
            sb.append('\n');
        }
        sb.append(String.format("accuracy %.4f, macro F1 %.4f%n", accuracy(), macroF1()));
        for (int c = 0; c < counts.length; c++) {
            sb.append(String.format("class %d: precision %.4f recall %.4f F1 %.4f%n", c, precision(c), recall(c), f1(c)));
        }
        return sb.toString();
    }
}
