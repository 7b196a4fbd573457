package io.github.tensorforge.nn.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds datasets from CSV tables: numeric feature columns or one text column, and any label column. */
public final class CsvLoader {
    private CsvLoader() {}

    /**
     * Texts with class labels (before tokenization).
     *
     * @param texts      the text of each row, in file order
     * @param labels     the class id of each row
     * @param numClasses the number of classes
     * @param classNames the class names in id order, or null when the labels were non-negative integers
     */
    public record TextData(List<String> texts, int[] labels, int numClasses, List<String> classNames) {}

    /**
     * Classification: every column but {@code labelColumn} is a numeric feature. Labels that are all non-negative
     * integers are the class ids (numClasses = max + 1); otherwise the distinct label strings, sorted, are the classes.
     *
     * @param file        a UTF-8, comma-separated file
     * @param header      whether the first record names the columns
     * @param labelColumn the label column's name, or its index (negative counts from the end)
     * @return a new classification dataset with sample shape {@code (columns - 1)}
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the CSV is malformed or empty, there is no such column or no other column,
     *                                  or a feature cell is not a finite number
     */
    public static Dataset classification(Path file, boolean header, String labelColumn) throws IOException {
        return classification(CsvReader.read(file, header), labelColumn, file.toString());
    }

    /**
     * Classification from an already parsed table, as {@link #classification(Path, boolean, String)}.
     *
     * @param t           the table
     * @param labelColumn the label column's name, or its index (negative counts from the end)
     * @param source      what errors call the table (a file name)
     * @return a new classification dataset with sample shape {@code (columns - 1)}
     * @throws IllegalArgumentException if there is no such column or no other column, or a feature cell is not a
     *                                  finite number
     */
    public static Dataset classification(CsvReader.Table t, String labelColumn, String source) {
        int lc = t.column(labelColumn);
        float[] x = features(t, lc, source);
        Labels l = labels(t, lc);
        return Dataset.classification(x, new int[] {t.columns().size() - 1}, l.ids, l.numClasses, l.names);
    }

    /**
     * Regression: every column but {@code targetColumn} is a numeric feature; the target is numeric.
     *
     * @param file         a UTF-8, comma-separated file
     * @param header       whether the first record names the columns
     * @param targetColumn the target column's name, or its index (negative counts from the end)
     * @return a new regression dataset with sample shape {@code (columns - 1)} and one target per row
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the CSV is malformed or empty, there is no such column or no other column,
     *                                  or a cell is not a finite number
     */
    public static Dataset regression(Path file, boolean header, String targetColumn) throws IOException {
        return regression(CsvReader.read(file, header), targetColumn, file.toString());
    }

    /**
     * Regression from an already parsed table (e.g. a {@code ;}-separated file read with
     * {@link CsvReader#read(java.io.Reader, boolean, char, String)}).
     *
     * @param t            the table
     * @param targetColumn the target column's name, or its index (negative counts from the end)
     * @param source       what errors call the table (a file name)
     * @return a new regression dataset with sample shape {@code (columns - 1)} and one target per row
     * @throws IllegalArgumentException if there is no such column or no other column, or a cell is not a finite
     *                                  number
     */
    public static Dataset regression(CsvReader.Table t, String targetColumn, String source) {
        int tc = t.column(targetColumn);
        float[] x = features(t, tc, source);
        float[] y = new float[t.rows().size()];
        for (int i = 0; i < y.length; i++) y[i] = number(t, i, tc, source);
        return Dataset.regression(x, new int[] {t.columns().size() - 1}, y, 1);
    }

    /**
     * A text column and a label column; the other columns are ignored. Labels become class ids as for
     * {@link #classification(Path, boolean, String)}.
     *
     * @param file        a UTF-8, comma-separated file
     * @param header      whether the first record names the columns
     * @param textColumn  the text column's name, or its index (negative counts from the end)
     * @param labelColumn the label column's name, or its index (negative counts from the end)
     * @return the texts, as they are in the file, with their labels
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the CSV is malformed or empty, or a column does not exist
     */
    public static TextData text(Path file, boolean header, String textColumn, String labelColumn) throws IOException {
        CsvReader.Table t = CsvReader.read(file, header);
        int tc = t.column(textColumn), lc = t.column(labelColumn);
        List<String> texts = new ArrayList<>();
        for (String[] r : t.rows()) texts.add(r[tc]);
        Labels l = labels(t, lc);
        return new TextData(texts, l.ids, l.numClasses, l.names);
    }

    private static float[] features(CsvReader.Table t, int skip, String source) {
        List<Integer> cols = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) if (c != skip) cols.add(c);
        if (cols.isEmpty()) throw new IllegalArgumentException("CSV " + source + ": no feature columns besides the label");
        return DataFiles.numbers(t, cols, "CSV " + source);
    }

    private static float number(CsvReader.Table t, int row, int col, String source) {
        return DataFiles.number(t.rows().get(row)[col], t.columns().get(col), row, "CSV " + source);
    }

    private record Labels(int[] ids, int numClasses, List<String> names) {}

    /**
     * Labels that are all non-negative integers are used as class ids (numClasses = max + 1, no names); otherwise the
     * distinct strings, sorted, become the classes.
     */
    private static Labels labels(CsvReader.Table t, int lc) {
        int n = t.rows().size();
        int[] ids = new int[n];
        boolean numeric = true;
        int max = -1;
        for (int i = 0; i < n; i++) {
            String s = t.rows().get(i)[lc].trim();
            try {
                int v = Integer.parseInt(s);
                if (v < 0) { numeric = false; break; }
                ids[i] = v;
                max = Math.max(max, v);
            } catch (NumberFormatException e) {
                numeric = false;
                break;
            }
        }
        if (numeric) return new Labels(ids, max + 1, null);
        TreeSet<String> distinct = new TreeSet<>();
        for (String[] r : t.rows()) distinct.add(r[lc].trim());
        TreeMap<String, Integer> index = new TreeMap<>();
        for (String s : distinct) index.put(s, index.size());
        for (int i = 0; i < n; i++) ids[i] = index.get(t.rows().get(i)[lc].trim());
        return new Labels(ids, distinct.size(), new ArrayList<>(distinct));
    }
}
