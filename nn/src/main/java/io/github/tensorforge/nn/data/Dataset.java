package io.github.tensorforge.nn.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Labeled samples held in flat host arrays: {@code n} samples of one {@code sampleShape}, with either float features
 * (row-major, {@code n * prod(sampleShape)}) or integer token ids, and either class labels (classification) or float
 * targets ({@code n * targetDim}, regression). Immutable; {@link #subset} and {@link #withFeatures} return new
 * datasets. Serializable, so that a cluster (the {@code tensorforge-spark} module) can ship shards of it to its
 * executors.
 */
public final class Dataset implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The number of samples. */
    private final int n;
    /** The shape of one sample. */
    private final int[] sampleShape;
    /** The values per sample, the product of {@code sampleShape}. */
    private final int sampleSize;
    /** Float features, row-major, or null when the samples are token ids. */
    private final float[] x;
    /** Token ids, row-major, or null when the samples are float features. */
    private final int[] tokens;
    /** Class ids (classification), or null. */
    private final int[] labels;
    /** Targets, {@code n * targetDim} (regression), or null. */
    private final float[] targets;
    /** Values per target (regression), else 0. */
    private final int targetDim;
    /** The number of classes (classification), else 0. */
    private final int numClasses;
    /** The class names in id order, or null. */
    private final List<String> classNames;
    /** Real tokens per row (the rest is padding), or null when rows are used at their full width. */
    private final int[] lengths;

    private Dataset(int n, int[] sampleShape, float[] x, int[] tokens, int[] labels, float[] targets, int targetDim,
                    int numClasses, List<String> classNames) {
        this(n, sampleShape, x, tokens, labels, targets, targetDim, numClasses, classNames, null);
    }

    private Dataset(int n, int[] sampleShape, float[] x, int[] tokens, int[] labels, float[] targets, int targetDim,
                    int numClasses, List<String> classNames, int[] lengths) {
        this.n = n;
        this.sampleShape = sampleShape.clone();
        long size = 1;
        for (int d : sampleShape) {
            if (d <= 0) throw new IllegalArgumentException("Dataset: sample shape " + Arrays.toString(sampleShape) + " must be positive");
            size *= d;
        }
        if (size * n > Integer.MAX_VALUE) throw new IllegalArgumentException("Dataset: too many values (" + size * n + ")");
        this.sampleSize = (int) size;
        int have = x != null ? x.length : tokens.length;
        if (have != n * sampleSize) {
            throw new IllegalArgumentException("Dataset: " + have + " feature values for " + n + " samples of shape "
                    + Arrays.toString(sampleShape) + " (need " + n * sampleSize + ")");
        }
        if (labels != null) {
            if (labels.length != n) throw new IllegalArgumentException("Dataset: " + labels.length + " labels for " + n + " samples");
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0 || labels[i] >= numClasses) {
                    throw new IllegalArgumentException("Dataset: label " + labels[i] + " of sample " + i + " outside [0, " + numClasses + ")");
                }
            }
        }
        if (targets != null && targets.length != n * targetDim) {
            throw new IllegalArgumentException("Dataset: " + targets.length + " target values for " + n + " samples x " + targetDim);
        }
        this.x = x;
        this.tokens = tokens;
        this.labels = labels;
        this.targets = targets;
        this.targetDim = targetDim;
        this.numClasses = numClasses;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        if (lengths != null) {
            if (tokens == null || sampleShape.length != 1 || lengths.length != n) {
                throw new IllegalArgumentException("Dataset: lengths need token rows (n, seqLen) and one length per row");
            }
            for (int i = 0; i < n; i++) {
                if (lengths[i] < 1 || lengths[i] > sampleSize) {
                    throw new IllegalArgumentException("Dataset: length " + lengths[i] + " of row " + i + " outside [1, "
                            + sampleSize + "]");
                }
            }
        }
        this.lengths = lengths;
    }

    /**
     * Float features {@code (n, sampleShape...)} with class labels in {@code [0, numClasses)}. The arrays are kept,
     * not copied: do not modify them afterwards.
     *
     * @param x           the features, row-major, {@code n * prod(sampleShape)} values
     * @param sampleShape the shape of one sample; every entry positive
     * @param labels      the class of each sample; its length is {@code n}
     * @param numClasses  the number of classes
     * @param classNames  the class names in label order, or null when the labels are plain numbers
     * @return a new classification dataset
     * @throws IllegalArgumentException if a sample dimension is not positive, {@code x} does not hold
     *                                  {@code n * prod(sampleShape)} values, or a label is outside
     *                                  {@code [0, numClasses)}
     */
    public static Dataset classification(float[] x, int[] sampleShape, int[] labels, int numClasses, List<String> classNames) {
        return new Dataset(labels.length, sampleShape, x, null, labels, null, 0, numClasses, classNames);
    }

    /**
     * Rows of features with labels; numClasses = max label + 1. The rows are copied into one flat array.
     *
     * @param rows   one feature vector per sample, all of one length
     * @param labels the class of each row, non-negative; one per row
     * @return a new classification dataset with sample shape {@code (d)}, {@code d} the row length
     * @throws IllegalArgumentException if the rows differ in length or have no values, the counts of rows and labels
     *                                  differ, or a label is negative
     */
    public static Dataset classification(float[][] rows, int[] labels) {
        int d = rows.length == 0 ? 1 : rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) throw new IllegalArgumentException("Dataset: row " + i + " has " + rows[i].length + " values, row 0 has " + d);
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        int k = 0;
        for (int l : labels) k = Math.max(k, l + 1);
        return classification(flat, new int[] {d}, labels, k, null);
    }

    /**
     * Float features with float targets {@code (n, targetDim)}; {@code n} is {@code targets.length / targetDim}. The
     * arrays are kept, not copied: do not modify them afterwards.
     *
     * @param x           the features, row-major, {@code n * prod(sampleShape)} values
     * @param sampleShape the shape of one sample; every entry positive
     * @param targets     the targets, row-major, {@code n * targetDim} values
     * @param targetDim   the number of target values per sample; positive
     * @return a new regression dataset
     * @throws IllegalArgumentException if {@code targetDim} or a sample dimension is not positive, or the array
     *                                  lengths do not fit one another
     */
    public static Dataset regression(float[] x, int[] sampleShape, float[] targets, int targetDim) {
        if (targetDim <= 0) throw new IllegalArgumentException("Dataset: targetDim must be positive");
        return new Dataset(targets.length / targetDim, sampleShape, x, null, null, targets, targetDim, 0, null);
    }

    /**
     * Token id sequences {@code (n, seqLen)} with class labels. The arrays are kept, not copied; the ids are not
     * checked.
     *
     * @param ids        the token ids, row-major, {@code n * seqLen} values
     * @param seqLen     the length of every row; positive
     * @param labels     the class of each row; its length is {@code n}
     * @param numClasses the number of classes
     * @param classNames the class names in label order, or null when the labels are plain numbers
     * @return a new token dataset
     * @throws IllegalArgumentException if {@code seqLen} is not positive, {@code ids} does not hold
     *                                  {@code n * seqLen} values, or a label is outside {@code [0, numClasses)}
     */
    public static Dataset tokens(int[] ids, int seqLen, int[] labels, int numClasses, List<String> classNames) {
        return new Dataset(labels.length, new int[] {seqLen}, null, ids, labels, null, 0, numClasses, classNames);
    }

    /**
     * Token id rows padded to {@code seqLen}, of which row {@code i} holds {@code lengths[i]} real tokens first: a
     * {@link DataLoader} batch is cut to its longest row, so padding costs only what the batch needs (Hugging Face's
     * dynamic padding). {@code lengths} is copied, the other arrays are kept.
     *
     * @param ids        the token ids, row-major, {@code n * seqLen} values, each row's real tokens first
     * @param seqLen     the padded width of every row; positive
     * @param lengths    the number of real tokens of each row, each in {@code [1, seqLen]}
     * @param labels     the class of each row; its length is {@code n}
     * @param numClasses the number of classes
     * @param classNames the class names in label order, or null when the labels are plain numbers
     * @return a new token dataset with lengths
     * @throws IllegalArgumentException if {@code seqLen} is not positive, an array length does not fit, a length is
     *                                  outside {@code [1, seqLen]}, or a label is outside {@code [0, numClasses)}
     */
    public static Dataset paddedTokens(int[] ids, int seqLen, int[] lengths, int[] labels, int numClasses,
                                       List<String> classNames) {
        return new Dataset(labels.length, new int[] {seqLen}, null, ids, labels, null, 0, numClasses, classNames,
                lengths.clone());
    }

    /**
     * Returns the number of samples.
     *
     * @return {@code n}
     */
    public int size() { return n; }

    /**
     * Returns the shape of one sample.
     *
     * @return a copy of the sample shape
     */
    public int[] sampleShape() { return sampleShape.clone(); }

    /**
     * Values per sample.
     *
     * @return the product of the sample shape
     */
    public int sampleSize() { return sampleSize; }

    /**
     * Whether the samples have class labels (rather than float targets).
     *
     * @return true for classification and token datasets, false for regression
     */
    public boolean isClassification() { return labels != null; }

    /**
     * Whether the samples are token id rows rather than float features.
     *
     * @return true for datasets made by {@link #tokens(int[], int, int[], int, List)} or {@link #paddedTokens}
     */
    public boolean hasTokens() { return tokens != null; }

    /**
     * Returns the number of classes.
     *
     * @return the number of classes, 0 for regression
     */
    public int numClasses() { return numClasses; }

    /**
     * Returns the number of target values per sample.
     *
     * @return the target dimension, 0 for classification
     */
    public int targetDim() { return targetDim; }

    /**
     * Class names in label order, or an empty list when the labels were numbers.
     *
     * @return an unmodifiable list of the class names
     */
    public List<String> classNames() { return classNames == null ? Collections.emptyList() : classNames; }

    /**
     * The backing feature array (not a copy; do not modify). Null for token datasets.
     *
     * @return the features, row-major {@code (n, sampleSize)}, or null
     */
    public float[] features() { return x; }

    /**
     * The backing token id array (not a copy; do not modify). Null for feature datasets.
     *
     * @return the token ids, row-major {@code (n, seqLen)}, or null
     */
    public int[] tokenIds() { return tokens; }

    /**
     * The backing label array (not a copy; do not modify). Null for regression datasets.
     *
     * @return the class label of each sample, or null
     */
    public int[] labels() { return labels; }

    /**
     * The backing target array (not a copy; do not modify). Null for classification datasets.
     *
     * @return the targets, row-major {@code (n, targetDim)}, or null
     */
    public float[] targets() { return targets; }

    /**
     * Returns the class label of one sample.
     *
     * @param i the sample index, in {@code [0, n)}
     * @return the label of sample {@code i}
     * @throws NullPointerException           if this is not a classification dataset
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of range
     */
    public int label(int i) { return labels[i]; }

    /**
     * Whether rows have {@linkplain #paddedTokens lengths}, so that batches are cut to their longest row.
     *
     * @return true for datasets made by {@link #paddedTokens} (and their subsets)
     */
    public boolean hasLengths() { return lengths != null; }

    /**
     * Real tokens of row {@code i} ({@link #paddedTokens}); the full width when rows have no lengths.
     *
     * @param i the row index, in {@code [0, n)}
     * @return the number of real tokens (or values) of row {@code i}
     * @throws ArrayIndexOutOfBoundsException if rows have lengths and {@code i} is out of range
     */
    public int length(int i) { return lengths == null ? sampleSize : lengths[i]; }

    /**
     * The samples at {@code indices}, in that order (an index may repeat); the values are copied into new arrays.
     *
     * @param indices the sample indices, each in {@code [0, n)}
     * @return a new dataset of {@code indices.length} samples with this one's shape, classes and lengths
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Dataset subset(int[] indices) {
        float[] nx = x == null ? null : new float[indices.length * sampleSize];
        int[] nt = tokens == null ? null : new int[indices.length * sampleSize];
        int[] nl = labels == null ? null : new int[indices.length];
        float[] ny = targets == null ? null : new float[indices.length * targetDim];
        int[] nlen = lengths == null ? null : new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= n) throw new IndexOutOfBoundsException("Dataset.subset: index " + i + " outside [0, " + n + ")");
            if (nx != null) System.arraycopy(x, i * sampleSize, nx, j * sampleSize, sampleSize);
            if (nt != null) System.arraycopy(tokens, i * sampleSize, nt, j * sampleSize, sampleSize);
            if (nl != null) nl[j] = labels[i];
            if (ny != null) System.arraycopy(targets, i * targetDim, ny, j * targetDim, targetDim);
            if (nlen != null) nlen[j] = lengths[i];
        }
        return new Dataset(indices.length, sampleShape, nx, nt, nl, ny, targetDim, numClasses, classNames, nlen);
    }

    /**
     * The same labels with new float features of the same size.
     *
     * @param newX the new features, row-major, {@code n * sampleSize} values (kept, not copied)
     * @return a new dataset
     * @throws IllegalStateException    if this dataset holds token ids
     * @throws IllegalArgumentException if {@code newX} does not hold {@code n * sampleSize} values
     */
    public Dataset withFeatures(float[] newX) {
        if (x == null) throw new IllegalStateException("Dataset.withFeatures: this dataset holds token ids, not features");
        return new Dataset(n, sampleShape, newX, null, labels, targets, targetDim, numClasses, classNames);
    }

    /**
     * The same data viewed with another sample shape of the same size (e.g. 784 to (1, 28, 28) for a CNN); the
     * arrays are shared, not copied.
     *
     * @param shape the new sample shape; every entry positive, the same number of values as the old one
     * @return a new dataset
     * @throws IllegalStateException    if the rows have lengths
     * @throws IllegalArgumentException if a dimension is not positive or the size differs
     */
    public Dataset withSampleShape(int... shape) {
        if (lengths != null) throw new IllegalStateException("Dataset.withSampleShape: rows with lengths stay (n, seqLen)");
        return new Dataset(n, shape, x, tokens, labels, targets, targetDim, numClasses, classNames);
    }

    /**
     * Number of samples of each class.
     *
     * @return a new array of {@code numClasses} counts, indexed by label
     * @throws IllegalStateException if this is not a classification dataset
     */
    public int[] classCounts() {
        if (labels == null) throw new IllegalStateException("Dataset.classCounts: not a classification dataset");
        int[] c = new int[numClasses];
        for (int l : labels) c[l]++;
        return c;
    }

    /**
     * Describes the dataset: sample count and shape, token or feature data, classes or target dimension.
     *
     * @return a one-line summary such as {@code Dataset(150 x [4], 3 classes)}
     */
    @Override public String toString() {
        return "Dataset(" + n + " x " + Arrays.toString(sampleShape) + (tokens != null ? " tokens" : "")
                + (labels != null ? ", " + numClasses + " classes" : ", targets x" + targetDim) + ")";
    }
}
