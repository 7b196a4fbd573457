package io.github.tensorforge.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Small synthetic data files for the tests (nothing is copied from real data sets). */
final class TestData {
    private TestData() {}

    static final String[] WORDS_POS = {"good", "great", "love", "wonderful", "happy", "excellent", "nice", "thanks"};
    static final String[] WORDS_NEG = {"bad", "awful", "hate", "terrible", "sad", "horrible", "worst", "angry"};
    static final String[] WORDS_NEUTRAL = {"the", "a", "it", "is", "this", "that", "movie", "was", "and", "today"};

    /**
     * Three Gaussian blobs in {@code d} dimensions (class c centered at 3 on axis c), with an id column and string
     * labels; gzipped when the name ends in .gz.
     */
    static Path blobs(Path file, int n, int d, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("id");
        for (int j = 0; j < d; j++) sb.append(",f").append(j);
        sb.append(",label\n");
        String[] names = {"alpha", "beta", "gamma"};
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            sb.append("r").append(i);
            for (int j = 0; j < d; j++) {
                double v = r.nextGaussian() * 0.7 + (j == c ? 3.0 : 0.0) + 10;
                sb.append(',').append(String.format(Locale.ROOT, "%.4f", v));
            }
            sb.append(',').append(names[c]).append('\n');
        }
        write(file, sb.toString());
        return file;
    }

    /** {@code y = 2 x0 - 3 x1 + 0.5 x2 + 40 + noise}. */
    static Path linear(Path file, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("x0,x1,x2,y\n");
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian();
            double y = 2 * a - 3 * b + 0.5 * c + 40 + r.nextGaussian() * 0.1;
            sb.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f%n", a, b, c, y));
        }
        write(file, sb.toString());
        return file;
    }

    /** 8x8 "images": class 0 is bright in the top half, class 1 in the bottom half; columns p0..p63,label. */
    static Path images(Path file, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 64; j++) sb.append('p').append(j).append(',');
        sb.append("label\n");
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            for (int j = 0; j < 64; j++) {
                boolean top = j < 32;
                double v = r.nextInt(5) + ((c == 0) == top ? 10 : 0);
                sb.append((int) v).append(',');
            }
            sb.append(c).append('\n');
        }
        write(file, sb.toString());
        return file;
    }

    /** Short texts whose sentiment words decide the label (positive/negative/neutral), with quoting and commas. */
    static Path texts(Path file, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("id,label,text\n");
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            StringBuilder t = new StringBuilder();
            int len = 4 + r.nextInt(8);
            for (int k = 0; k < len; k++) {
                String w = WORDS_NEUTRAL[r.nextInt(WORDS_NEUTRAL.length)];
                if (k % 3 == 1 && c == 0) w = WORDS_POS[r.nextInt(WORDS_POS.length)];
                if (k % 3 == 1 && c == 1) w = WORDS_NEG[r.nextInt(WORDS_NEG.length)];
                if (k > 0) t.append(' ');
                t.append(w);
            }
            if (r.nextInt(4) == 0) t.append(", really");
            String label = c == 0 ? "positive" : c == 1 ? "negative" : "neutral";
            sb.append(i).append(',').append(label).append(",\"").append(t).append("\"\n");
        }
        write(file, sb.toString());
        return file;
    }

    /** IDX files: {@code n} 6x6 byte images (class = brightest row band, 3 classes) and their labels. */
    static Path[] idx(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] img = new byte[16 + n * 36];
        byte[] lab = new byte[8 + n];
        header(img, 0x08, new int[] {n, 6, 6});
        header(lab, 0x08, new int[] {n});
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int p = 0; p < 36; p++) {
                int row = p / 6;
                int v = r.nextInt(60) + (row / 2 == c ? 180 : 0);
                img[16 + i * 36 + p] = (byte) Math.min(255, v);
            }
            lab[8 + i] = (byte) c;
        }
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz"), labels = dir.resolve(prefix + "-labels-idx1-ubyte");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(images))) {
            o.write(img);
        }
        Files.write(labels, lab);
        return new Path[] {images, labels};
    }

    private static void header(byte[] b, int type, int[] dims) {
        b[2] = (byte) type;
        b[3] = (byte) dims.length;
        for (int i = 0; i < dims.length; i++) {
            int v = dims[i];
            b[4 + 4 * i] = (byte) (v >>> 24);
            b[5 + 4 * i] = (byte) (v >>> 16);
            b[6 + 4 * i] = (byte) (v >>> 8);
            b[7 + 4 * i] = (byte) v;
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (file.toString().endsWith(".gz")) {
            try (Writer w = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                    StandardCharsets.UTF_8)) {
                w.write(text);
            }
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }
}
