package io.github.tensorforge.nn.metrics;

/**
 * Counts {@code [truth][prediction]} for {@code k} classes, with accuracy and per-class / macro precision, recall and
 * F1. A class that is never predicted (or never present) gets precision (recall) 0, as scikit-learn's
 * {@code zero_division=0}.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int k) {
        if (k <= 0) throw new IllegalArgumentException("ConfusionMatrix: number of classes must be positive, got " + k);
        counts = new long[k][k];
    }

    public static ConfusionMatrix of(int k, int[] truth, int[] predicted) {
        ConfusionMatrix m = new ConfusionMatrix(k);
        m.addAll(truth, predicted);
        return m;
    }

    public int numClasses() { return counts.length; }

    public void add(int truth, int predicted) {
        int k = counts.length;
        if (truth < 0 || truth >= k || predicted < 0 || predicted >= k) {
            throw new IllegalArgumentException("ConfusionMatrix: class out of range [0, " + k + "): truth " + truth + ", predicted " + predicted);
        }
        counts[truth][predicted]++;
    }

    public void addAll(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + truth.length + " labels but " + predicted.length + " predictions");
        }
        for (int i = 0; i < truth.length; i++) add(truth[i], predicted[i]);
    }

    public long count(int truth, int predicted) { return counts[truth][predicted]; }

    public long total() {
        long t = 0;
        for (long[] r : counts) for (long v : r) t += v;
        return t;
    }

    public double accuracy() {
        long t = total(), c = 0;
        for (int i = 0; i < counts.length; i++) c += counts[i][i];
        return t == 0 ? 0 : (double) c / t;
    }

    public double precision(int c) {
        long col = 0;
        for (long[] r : counts) col += r[c];
        return col == 0 ? 0 : (double) counts[c][c] / col;
    }

    public double recall(int c) {
        long row = 0;
        for (long v : counts[c]) row += v;
        return row == 0 ? 0 : (double) counts[c][c] / row;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += precision(c);
        return s / counts.length;
    }

    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += recall(c);
        return s / counts.length;
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += f1(c);
        return s / counts.length;
    }

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
