package io.github.tensorforge.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST family), plain or gzipped (detected from the content). Header: two zero bytes, a type
 * code (0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), the number of dimensions, then each
 * dimension as a big-endian int. Sizes are validated before any large allocation.
 */
public final class IdxReader {
    private IdxReader() {}

    /**
     * The values as float32 with their dimensions (exact for the byte and short types and for integers below 2^24;
     * int32 and float64 files are rounded to float32).
     *
     * @param type   the IDX type code of the file (0x08 ubyte ... 0x0E double)
     * @param dims   the dimensions, outermost first
     * @param values the values, row-major, as float32
     */
    public record IdxArray(int type, int[] dims, float[] values) {
        /**
         * Returns the number of values.
         *
         * @return the product of {@link #dims()}
         */
        public int count() { return values.length; }
    }

    private static final long MAX_VALUES = 1L << 28;

    /**
     * Reads an IDX file, plain or gzipped.
     *
     * @param file the file
     * @return the values and dimensions
     * @throws IOException              if the file cannot be read (or its gzip stream is corrupt)
     * @throws IllegalArgumentException if the header is invalid (magic, type code, 1..8 dimensions, at most 2^28
     *                                  values), promises more data than the file holds, or the data is truncated
     */
    public static IdxArray read(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            boolean gz = DataFiles.isGzip(raw);
            InputStream in = gz ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return read(new DataInputStream(in), file.toString(), gz ? -1 : fileSize);
        }
    }

    static IdxArray read(DataInputStream in, String source, long knownSize) throws IOException {
        try {
            int z0 = in.readUnsignedByte(), z1 = in.readUnsignedByte();
            if (z0 != 0 || z1 != 0) throw new IllegalArgumentException("IDX " + source + ": bad magic (first two bytes must be 0)");
            int type = in.readUnsignedByte();
            int size = switch (type) {
                case 0x08, 0x09 -> 1;
                case 0x0B -> 2;
                case 0x0C, 0x0D -> 4;
                case 0x0E -> 8;
                default -> throw new IllegalArgumentException("IDX " + source + ": unknown type code 0x" + Integer.toHexString(type));
            };
            int nd = in.readUnsignedByte();
            if (nd < 1 || nd > 8) throw new IllegalArgumentException("IDX " + source + ": " + nd + " dimensions (1..8 supported)");
            int[] dims = new int[nd];
            long count = 1;
            for (int i = 0; i < nd; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) throw new IllegalArgumentException("IDX " + source + ": negative dimension " + dims[i]);
                count *= dims[i];
                if (count > MAX_VALUES) {
                    throw new IllegalArgumentException("IDX " + source + ": " + Arrays.toString(dims) + " is more than "
                            + MAX_VALUES + " values");
                }
            }
            if (knownSize >= 0 && 4 + 4L * nd + count * size > knownSize) {
                throw new IllegalArgumentException("IDX " + source + ": header promises " + Arrays.toString(dims) + " ("
                        + count * size + " bytes of data) but the file has only " + (knownSize - 4 - 4L * nd));
            }
            // Grow as data actually arrives, so a header that promises more than the (compressed) stream holds
            // cannot force a large allocation.
            float[] v = new float[(int) Math.min(count, 1 << 16)];
            for (int i = 0; i < count; i++) {
                if (i == v.length) v = Arrays.copyOf(v, (int) Math.min(count, 2L * v.length));
                v[i] = switch (type) {
                    case 0x08 -> in.readUnsignedByte();
                    case 0x09 -> in.readByte();
                    case 0x0B -> in.readShort();
                    case 0x0C -> in.readInt();
                    case 0x0D -> in.readFloat();
                    default -> (float) in.readDouble();
                };
            }
            return new IdxArray(type, dims, v);
        } catch (EOFException e) {
            throw new IllegalArgumentException("IDX " + source + ": file is truncated", e);
        }
    }

    /**
     * Images {@code (n, rows, cols)} scaled by {@code scale} (e.g. 1/255) as features {@code (n, rows * cols)}, with
     * labels {@code (n)} in 0..9 (numClasses = max + 1). Images of other ranks are flattened the same way.
     *
     * @param images an IDX file of at least 2 dimensions, samples first
     * @param labels an IDX file of {@code n} non-negative integer labels
     * @param scale  the factor every pixel value is multiplied by
     * @return a new classification dataset with sample shape {@code (rows * cols)}
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a file is not valid IDX, the images have fewer than 2 dimensions, the labels
     *                                  are not 1-D, the counts differ, or a label is not a non-negative integer
     */
    public static Dataset load(Path images, Path labels, double scale) throws IOException {
        IdxArray im = read(images);
        if (im.dims().length < 2) throw new IllegalArgumentException("IDX " + images + ": images need at least 2 dimensions");
        int n = im.dims()[0];
        int[] y = classIndices(read(labels), n, labels.toString());
        int per = n == 0 ? 0 : im.count() / n;
        float[] x = new float[im.count()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (im.values()[i] * scale);
        int k = 0;
        for (int v : y) k = Math.max(k, v + 1);
        return Dataset.classification(x, new int[] {per}, y, k, null);
    }

    /** The labels of {@code n} samples: 1-D, one per sample, each a non-negative integer (float32 holds them exactly). */
    static int[] classIndices(IdxArray labels, int n, String source) {
        if (labels.dims().length != 1 || labels.dims()[0] != n) {
            throw new IllegalArgumentException("IDX " + source + ": expected " + n + " labels (one per image), got shape "
                    + Arrays.toString(labels.dims()));
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float v = labels.values()[i];
            if (v < 0 || v != Math.rint(v)) throw new IllegalArgumentException("IDX " + source + ": label " + v + " is not a class index");
            y[i] = (int) v;
        }
        return y;
    }
}
