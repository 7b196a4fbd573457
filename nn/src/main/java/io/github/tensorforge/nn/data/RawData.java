package io.github.tensorforge.nn.data;

import java.util.List;

/**
 * Samples as read from a file, before standardization or tokenization. Serializable, so that a cluster can read its
 * partitions where they are and collect some of them.
 *
 * @serial exclude
 * @param n            number of samples
 * @param features     {@code n * featureNames.size()} values (row-major), or null for text
 * @param featureCount values per sample (features), else 0
 * @param featureNames names of the feature columns (empty for IDX)
 * @param imageDims    {@code [H, W]} for IDX images, else null
 * @param texts        the texts (text data), else null
 * @param labels       the label column as strings, or null when the file has none
 */
public record RawData(int n, float[] features, int featureCount, List<String> featureNames, int[] imageDims,
                      List<String> texts, String[] labels) implements java.io.Serializable {
    /** @return whether the rows have labels */
    public boolean hasLabels() { return labels != null; }

    /** @return whether the rows are texts */
    public boolean isText() { return texts != null; }

    /**
     * The first {@code limit} samples.
     *
     * @param limit the most samples
     * @return the first samples, or this when there are not more
     */
    public RawData head(int limit) {
        if (limit >= n) return this;
        float[] f = features == null ? null : java.util.Arrays.copyOf(features, limit * featureCount);
        List<String> t = texts == null ? null : List.copyOf(texts.subList(0, limit));
        String[] l = labels == null ? null : java.util.Arrays.copyOf(labels, limit);
        return new RawData(limit, f, featureCount, featureNames, imageDims, t, l);
    }

    /**
     * The samples at {@code rows}, in that order.
     *
     * @param rows row indices
     * @return the new rows
     */
    public RawData rows(int[] rows) {
        float[] f = features == null ? null : new float[rows.length * featureCount];
        List<String> t = texts == null ? null : new java.util.ArrayList<>(rows.length);
        String[] l = labels == null ? null : new String[rows.length];
        for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
            if (f != null) System.arraycopy(features, i * featureCount, f, j * featureCount, featureCount);
            if (t != null) t.add(texts.get(i));
            if (l != null) l[j] = labels[i];
        }
        return new RawData(rows.length, f, featureCount, featureNames, imageDims, t, l);
    }
}
