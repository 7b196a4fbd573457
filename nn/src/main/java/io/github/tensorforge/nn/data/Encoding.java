package io.github.tensorforge.nn.data;

import io.github.tensorforge.nn.text.WordPieceTokenizer;
import io.github.tensorforge.nn.text.WordTokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Turns {@link RawData} into nn {@link Dataset}s for a given {@link InputSpec}: class ids, targets, token ids. */
public final class Encoding {
    private Encoding() {}

    /**
     * The classes of a label column: when every label is a whole number they are sorted numerically (so "2" comes
     * before "10"), otherwise alphabetically.
     *
     * @param labels the label cells
     * @return the distinct classes in order
     */
    public static List<String> classesOf(String[] labels) {
        TreeSet<String> distinct = new TreeSet<>();
        boolean numeric = true;
        for (String s : labels) {
            distinct.add(s);
            if (numeric) {
                try {
                    Long.parseLong(s);
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
        }
        List<String> out = new ArrayList<>(distinct);
        if (numeric) out.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        return out;
    }

    /**
     * Class ids of {@code labels} in {@code classes}; a label the model does not know is an error.
     *
     * @param labels  the label cells
     * @param classes the classes
     * @param source  what errors call the data
     * @return each label's class id
     * @throws IllegalArgumentException if a label is not one of the classes
     */
    public static int[] labelIds(String[] labels, List<String> classes, String source) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        int[] ids = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Integer id = index.get(labels[i]);
            if (id == null) {
                throw new IllegalArgumentException(source + ": row " + (i + 1) + " has label '" + labels[i]
                        + "', which is not one of the model's classes " + DataFiles.abbreviate(classes));
            }
            ids[i] = id;
        }
        return ids;
    }

    /**
     * Numeric regression targets.
     *
     * @param labels the target cells
     * @param source what errors call the data
     * @return the targets
     * @throws IllegalArgumentException if a target is not a finite number
     */
    public static float[] targets(String[] labels, String source) {
        float[] y = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            float v = CsvReader.finiteFloat(labels[i]);
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException(source + ": row " + (i + 1) + ": regression target '" + labels[i]
                        + "' is not a finite number");
            }
            y[i] = v;
        }
        return y;
    }

    /**
     * A labeled dataset of {@code raw} for {@code spec}: features as read (not yet standardized), texts tokenized with
     * {@code tokenizer}, regression targets standardized with the spec's target mean and std.
     *
     * @param raw       the rows
     * @param spec      the model's input spec
     * @param tokenizer the word vocabulary (text models), else ignored
     * @param source    what errors call the data
     * @return the dataset
     * @throws IllegalArgumentException if there are no labels or rows, or the rows do not fit the spec
     */
    public static Dataset dataset(RawData raw, InputSpec spec, WordTokenizer tokenizer, String source) {
        if (!raw.hasLabels()) throw new IllegalArgumentException(source + ": no labels to train or evaluate on");
        if (raw.n() == 0) throw new IllegalArgumentException(source + ": no data rows");
        if (spec.isText()) {
            if (spec.regression()) throw new IllegalArgumentException("regression on text is not supported; use a classification label");
            int[] ids = tokenizer.encodeAll(raw.texts());
            return Dataset.tokens(ids, tokenizer.maxLength(), labelIds(raw.labels(), spec.classes(), source),
                    spec.classes().size(), spec.classes());
        }
        if (raw.featureCount() != spec.featureCount()) {
            throw new IllegalArgumentException(source + ": " + raw.featureCount() + " features per sample, the model takes "
                    + spec.featureCount());
        }
        if (spec.regression()) {
            float[] y = targets(raw.labels(), source);
            for (int i = 0; i < y.length; i++) y[i] = (float) ((y[i] - spec.targetMean()) / spec.targetStd());
            return Dataset.regression(raw.features(), spec.sampleShape(), y, 1);
        }
        return Dataset.classification(raw.features(), spec.sampleShape(), labelIds(raw.labels(), spec.classes(), source),
                spec.classes().size(), spec.classes());
    }

    /**
     * A labeled dataset of {@code raw}'s texts in {@code tokenizer}'s WordPiece ids ([CLS] ... [SEP], truncated to its
     * maximum length), padded with its pad id to {@code spec.maxLen()}, with each row's length, so that batches are
     * padded only to their longest row.
     *
     * @param raw       the rows (texts with labels)
     * @param spec      the model's input spec
     * @param tokenizer the pretrained WordPiece tokenizer
     * @param source    what errors call the data
     * @return the dataset
     * @throws IllegalArgumentException if there are no labels or rows, or a label is not one of the classes
     */
    public static Dataset wordPieces(RawData raw, InputSpec spec, WordPieceTokenizer tokenizer, String source) {
        if (!raw.hasLabels()) throw new IllegalArgumentException(source + ": no labels to train or evaluate on");
        if (raw.n() == 0) throw new IllegalArgumentException(source + ": no data rows");
        int width = spec.maxLen(), n = raw.n();
        int[] ids = new int[n * width], lengths = new int[n];
        if (tokenizer.padId() != 0) java.util.Arrays.fill(ids, tokenizer.padId());
        for (int r = 0; r < n; r++) {
            int[] e = tokenizer.encode(raw.texts().get(r)).ids();
            if (e.length > width) {
                throw new IllegalStateException("wordPieces: the tokenizer gave " + e.length + " ids, more than max_len " + width);
            }
            System.arraycopy(e, 0, ids, r * width, e.length);
            lengths[r] = e.length;
        }
        return Dataset.paddedTokens(ids, width, lengths, labelIds(raw.labels(), spec.classes(), source),
                spec.classes().size(), spec.classes());
    }
}
