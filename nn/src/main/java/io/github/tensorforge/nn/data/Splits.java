package io.github.tensorforge.nn.data;

import io.github.tensorforge.core.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded train / eval / test splits. Defaults follow common practice: 20% test, and 10% of the remaining training
 * part as the eval set; no eval set when the data is tiny (fewer than 100 samples). Classification data is split
 * per class (stratified) so every split keeps the class proportions.
 */
public final class Splits {
    private Splits() {}

    /**
     * The three parts; {@code eval} is null when there is none. Each part holds its samples in dataset order.
     *
     * @param train the training samples
     * @param eval  the evaluation samples, or null when there are none
     * @param test  the test samples (possibly empty)
     */
    public record Split(Dataset train, Dataset eval, Dataset test) {}

    /** Datasets with fewer samples than this get no eval set from {@link #split(Dataset, double, double, long)}. */
    public static final int TINY = 100;

    /**
     * Splits with the defaults: 20% test, 10% of the rest as eval (none for tiny data), stratified for
     * classification.
     *
     * @param data the samples to split
     * @param seed the seed of the shuffles
     * @return the three parts
     */
    public static Split split(Dataset data, long seed) { return split(data, 0.2, 0.1, seed); }

    /**
     * Splits with the given fractions, stratified for classification; data with fewer than {@link #TINY} samples
     * gets no eval set.
     *
     * @param data         the samples to split
     * @param testFraction the fraction of each group (class) taken as test, in [0, 1)
     * @param evalFraction the fraction of the remaining samples taken as eval, in [0, 1)
     * @param seed         the seed of the shuffles
     * @return the three parts
     * @throws IllegalArgumentException if a fraction is outside [0, 1)
     */
    public static Split split(Dataset data, double testFraction, double evalFraction, long seed) {
        return split(data, testFraction, data.size() < TINY ? 0.0 : evalFraction, data.isClassification(), seed);
    }

    /**
     * Splits with the given fractions: each group (each class when stratifying, else the whole dataset) is shuffled
     * with {@code seed}, its first {@code round(size * testFraction)} samples go to test, the next
     * {@code round(rest * evalFraction)} to eval, the others to train. {@code data} is not modified.
     *
     * @param data         the samples to split
     * @param testFraction the fraction of each group taken as test, in [0, 1)
     * @param evalFraction the fraction of each group's remaining samples taken as eval, in [0, 1)
     * @param stratify     whether to split each class separately, keeping the class proportions
     * @param seed         the seed of the shuffles
     * @return the three parts
     * @throws IllegalArgumentException if a fraction is outside [0, 1), or {@code stratify} is asked for data without
     *                                  class labels
     */
    public static Split split(Dataset data, double testFraction, double evalFraction, boolean stratify, long seed) {
        if (!(testFraction >= 0 && testFraction < 1) || !(evalFraction >= 0 && evalFraction < 1)) {
            throw new IllegalArgumentException("Splits: fractions must be in [0, 1), got test " + testFraction + ", eval " + evalFraction);
        }
        Rng rng = new Rng(seed);
        List<int[]> groups = new ArrayList<>();
        if (stratify) {
            if (!data.isClassification()) throw new IllegalArgumentException("Splits: stratification needs class labels");
            int[] counts = data.classCounts();
            int[][] byClass = new int[counts.length][];
            int[] fill = new int[counts.length];
            for (int c = 0; c < counts.length; c++) byClass[c] = new int[counts[c]];
            for (int i = 0; i < data.size(); i++) byClass[data.label(i)][fill[data.label(i)]++] = i;
            groups.addAll(Arrays.asList(byClass));
        } else {
            int[] all = new int[data.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            groups.add(all);
        }
        List<Integer> train = new ArrayList<>(), eval = new ArrayList<>(), test = new ArrayList<>();
        for (int[] g : groups) {
            int[] perm = rng.permutation(g.length);
            int nTest = (int) Math.round(g.length * testFraction);
            int nEval = (int) Math.round((g.length - nTest) * evalFraction);
            for (int k = 0; k < g.length; k++) {
                int idx = g[perm[k]];
                if (k < nTest) test.add(idx);
                else if (k < nTest + nEval) eval.add(idx);
                else train.add(idx);
            }
        }
        return new Split(part(data, train), eval.isEmpty() ? null : part(data, eval), part(data, test));
    }

    private static Dataset part(Dataset data, List<Integer> idx) {
        int[] a = idx.stream().mapToInt(Integer::intValue).sorted().toArray();
        return data.subset(a);
    }
}
