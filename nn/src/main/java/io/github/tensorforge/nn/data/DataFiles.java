package io.github.tensorforge.nn.data;


import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads labeled data files into {@link RawData}: CSV with a header row (plain or gzip, recognized by its magic bytes;
 * numeric feature columns or one text column) and IDX images (MNIST family, plain or gzip). What {@code train},
 * {@code evaluate} and {@code predict} read, and what any other front end should read the same way. A bad file is an
 * {@link IllegalArgumentException} naming the file, the row and the column; a failed read is an
 * {@link UncheckedIOException}.
 */
public final class DataFiles {
    private DataFiles() {}

    /**
     * Checks that {@code file} exists and is a readable regular file.
     *
     * @param file the file, or null
     * @param what what errors call it ("data file")
     * @return {@code file}
     * @throws IllegalArgumentException if it is null, missing, not a regular file or not readable
     */
    public static Path requireFile(Path file, String what) {
        if (file == null) throw new IllegalArgumentException(what + " is required");
        if (!Files.exists(file)) throw new IllegalArgumentException(what + " not found: " + file);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(what + " is not a regular file: " + file);
        if (!Files.isReadable(file)) throw new IllegalArgumentException(what + " is not readable: " + file);
        return file;
    }

    /**
     * Opens a file, transparently gunzipping it when it starts with the gzip magic bytes.
     *
     * @param file the file
     * @return a buffered stream of its (decompressed) bytes; the caller closes it
     * @throws IOException if it cannot be opened
     */
    public static InputStream open(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return isGzip(raw) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    /** Whether the stream starts with the gzip magic bytes; it is left where it was. */
    static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * Whether the file starts like an IDX file (two zero bytes, a known type code).
     *
     * @param file the file
     * @return true when it looks like IDX; false also when it cannot be read
     */
    public static boolean looksLikeIdx(Path file) {
        try (InputStream in = open(file)) {
            int z0 = in.read(), z1 = in.read(), type = in.read();
            return z0 == 0 && z1 == 0 && (type == 0x08 || type == 0x09 || (type >= 0x0B && type <= 0x0E));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A CSV file with a header row.
     *
     * @param file the file, plain or gzip
     * @return the table
     * @throws IllegalArgumentException if the file is missing or the CSV is malformed
     * @throws UncheckedIOException     if reading fails
     */
    public static CsvReader.Table readCsv(Path file) {
        requireFile(file, "data file");
        try {
            return CsvReader.read(file, true);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Training data from a CSV: a text column, or numeric features (every column but the label and {@code ignore}).
     *
     * @param t           the table
     * @param source      what errors call it (a file name)
     * @param labelColumn the label column
     * @param textColumn  the text column, or null for numeric features
     * @param ignore      columns that are not features
     * @return the rows as read
     * @throws IllegalArgumentException if a column is missing, a label is empty or a feature is not a finite number
     */
    public static RawData csvForTraining(CsvReader.Table t, String source, String labelColumn, String textColumn,
                                         List<String> ignore) {
        int lc = column(t, labelColumn, source, "label");
        String[] labels = labelValues(t, lc, source);
        if (textColumn != null) {
            int tc = column(t, textColumn, source, "text");
            if (tc == lc) throw new IllegalArgumentException("--text and --label name the same column '" + textColumn + "'");
            return new RawData(t.rows().size(), null, 0, List.of(), null, texts(t, tc), labels);
        }
        Set<Integer> skip = new HashSet<>();
        skip.add(lc);
        for (String c : ignore) skip.add(column(t, c, source, "ignored"));
        List<String> names = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) {
            if (!skip.contains(c)) {
                names.add(t.columns().get(c));
                cols.add(c);
            }
        }
        if (cols.isEmpty()) throw new IllegalArgumentException(source + ": no feature columns besides the label '" + labelColumn + "'");
        return new RawData(t.rows().size(), numbers(t, cols, source), cols.size(), names, null, null, labels);
    }

    /**
     * Data for an existing model: its feature columns (by name) or its text column, and the label when present.
     *
     * @param t             the table
     * @param source        what errors call it
     * @param spec          the model's input spec
     * @param labelColumn   the label column, or null for the spec's
     * @param labelRequired whether a missing label column is an error
     * @return the rows as read
     * @throws IllegalArgumentException if a column the model needs is missing, or a cell does not fit
     */
    public static RawData csvForModel(CsvReader.Table t, String source, InputSpec spec, String labelColumn,
                                      boolean labelRequired) {
        String label = labelColumn != null ? labelColumn : spec.labelColumn();
        String[] labels = null;
        if (label != null && t.columns().contains(label)) {
            labels = labelValues(t, t.columns().indexOf(label), source);
        } else if (labelRequired) {
            throw new IllegalArgumentException(source + ": no label column '" + label + "' (columns: " + t.columns()
                    + "); name it with --label");
        }
        if (spec.isText()) {
            String tcName = spec.textColumn();
            int tc = t.columns().indexOf(tcName);
            if (tc < 0) {
                if (t.columns().size() == 1 || (t.columns().size() == 2 && labels != null)) {
                    tc = t.columns().size() == 1 ? 0 : (t.columns().indexOf(label) == 0 ? 1 : 0);
                } else {
                    throw new IllegalArgumentException(source + ": the model reads text column '" + tcName
                            + "', which this file lacks (columns: " + t.columns() + ")");
                }
            }
            return new RawData(t.rows().size(), null, 0, List.of(), null, texts(t, tc), labels);
        }
        if (spec.features().isEmpty()) {
            throw new IllegalArgumentException("this model was trained on IDX images; give --data an IDX file (with --labels)");
        }
        List<Integer> cols = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : spec.features()) {
            int c = t.columns().indexOf(f);
            if (c < 0) missing.add(f);
            cols.add(c);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + ": the model needs feature columns " + abbreviate(missing)
                    + " that this file lacks (it has " + abbreviate(t.columns()) + ")");
        }
        return new RawData(t.rows().size(), numbers(t, cols, source), cols.size(), spec.features(), null, null, labels);
    }

    /**
     * IDX images {@code (n, H, W)} (scaled by 1/255 when they are bytes) and optional IDX labels.
     *
     * @param images the images file
     * @param labels the labels file, or null
     * @return the images as features, with {@code imageDims} set
     * @throws IllegalArgumentException if a file is missing or malformed, or the counts differ
     * @throws UncheckedIOException     if reading fails
     */
    public static RawData idx(Path images, Path labels) {
        IdxReader.IdxArray im = readIdx(images, "IDX images file");
        int[] dims = im.dims();
        if (dims.length != 3) {
            throw new IllegalArgumentException("IDX " + images + ": images must be (n, rows, cols), got "
                    + java.util.Arrays.toString(dims));
        }
        int n = dims[0], per = dims[1] * dims[2];
        float scale = im.type() == 0x08 ? 1f / 255f : 1f;
        float[] v = im.values();
        float[] x = new float[v.length];
        for (int i = 0; i < v.length; i++) x[i] = v[i] * scale;
        String[] lab = null;
        if (labels != null) {
            int[] ids = IdxReader.classIndices(readIdx(labels, "IDX labels file"), n, labels.toString());
            lab = new String[n];
            for (int i = 0; i < n; i++) lab[i] = Integer.toString(ids[i]);
        }
        return new RawData(n, x, per, List.of(), new int[] {dims[1], dims[2]}, null, lab);
    }

    private static IdxReader.IdxArray readIdx(Path file, String what) {
        requireFile(file, what);
        try {
            return IdxReader.read(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static UncheckedIOException unreadable(Path file, IOException e) {
        return new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }

    private static int column(CsvReader.Table t, String name, String source, String role) {
        int i = t.columns().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(source + ": no " + role + " column '" + name + "'; columns are "
                    + abbreviate(t.columns()));
        }
        return i;
    }

    /** The label cells; an empty one is refused (it would train, or be scored against, a class named ""). */
    private static String[] labelValues(CsvReader.Table t, int c, String source) {
        String[] out = new String[t.rows().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.rows().get(i)[c].trim();
            if (out[i].isEmpty()) {
                throw new IllegalArgumentException(source + ": row " + (i + 1) + " has an empty label in column '"
                        + t.columns().get(c) + "'; fill it in or remove the row");
            }
        }
        return out;
    }

    private static List<String> texts(CsvReader.Table t, int c) {
        List<String> out = new ArrayList<>(t.rows().size());
        for (String[] r : t.rows()) out.add(r[c]);
        return out;
    }

    /** The cells of {@code cols} as row-major floats; a cell that is not a finite number is refused. */
    static float[] numbers(CsvReader.Table t, List<Integer> cols, String source) {
        int n = t.rows().size(), d = cols.size();
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            String[] row = t.rows().get(i);
            for (int j = 0; j < d; j++) x[i * d + j] = number(row[cols.get(j)], t.columns().get(cols.get(j)), i, source);
        }
        return x;
    }

    /** One numeric cell of data row {@code row} (0-based). */
    static float number(String cell, String column, int row, String source) {
        String s = cell.trim();
        float v = CsvReader.finiteFloat(s);
        if (Float.isNaN(v)) {
            throw new IllegalArgumentException(source + ": row " + (row + 1) + ", column '" + column + "': '" + s
                    + "' is not a finite number (numeric features only; read a text column as text (--text), or leave "
                    + "this column out (--ignore))");
        }
        return v;
    }

    /**
     * A list of names for a message: all of them, or the first ten and the count.
     *
     * @param names the names
     * @return the text
     */
    public static String abbreviate(List<String> names) {
        if (names.size() <= 12) return names.toString();
        return "[" + String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + " in all)]";
    }
}
