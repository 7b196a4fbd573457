package io.github.tensorforge.nn;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.data.Batch;
import io.github.tensorforge.nn.data.CsvLoader;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.data.DataLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.IdxReader;
import io.github.tensorforge.nn.data.Splits;
import io.github.tensorforge.nn.data.Standardizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataTest {
    @TempDir Path dir;

    @Test void csvQuotedFieldsWithCommasNewlinesAndQuotes() throws IOException {
        String csv = "id,text,label\r\n1,\"hello, world\",pos\n2,\"line one\nline two\",neg\n3,\"she said \"\"hi\"\"\",neu\n\n4,plain,pos";
        CsvReader.Table t = CsvReader.read(new StringReader(csv), true, ',', "test");
        assertEquals(List.of("id", "text", "label"), t.columns());
        assertEquals(4, t.rows().size());
        assertEquals("hello, world", t.rows().get(0)[1]);
        assertEquals("line one\nline two", t.rows().get(1)[1]);
        assertEquals("she said \"hi\"", t.rows().get(2)[1]);
        assertEquals("plain", t.rows().get(3)[1]);
        Path f = dir.resolve("t.csv");
        Files.writeString(f, csv);
        CsvLoader.TextData td = CsvLoader.text(f, true, "text", "label");
        assertEquals(List.of("neg", "neu", "pos"), td.classNames());
        assertArrayEquals(new int[] {2, 0, 1, 2}, td.labels());
        assertEquals("5\" screen", CsvReader.read(new StringReader("a,b\n5\" screen,x"), true, ',', "inch").rows().get(0)[0]);
        var e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.read(new StringReader("a,b\n1,\"open"), true, ',', "bad"));
        assertTrue(e.getMessage().contains("never closed"));
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.read(new StringReader("a,b\n\"x\"y,2"), true, ',', "after"));
        assertTrue(e.getMessage().contains("after a closing quote"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.read(new StringReader("a,b\n1,2,3"), true, ',', "ragged"));
        assertTrue(e.getMessage().contains("3 fields, expected 2"), e.getMessage());
    }

    @Test void csvNumericClassificationAndRegression() throws IOException {
        Path f = dir.resolve("n.csv");
        Files.writeString(f, "x1,y,x2\n1.5,cat,2\n-1,dog,0.25\n3,cat,1e2\n");
        Dataset d = CsvLoader.classification(f, true, "y");
        assertEquals(3, d.size());
        assertArrayEquals(new float[] {1.5f, 2f, -1f, 0.25f, 3f, 100f}, d.features());
        assertArrayEquals(new int[] {0, 1, 0}, d.labels());
        assertEquals(List.of("cat", "dog"), d.classNames());
        Path g = dir.resolve("r.csv");
        Files.writeString(g, "1,2,0.5\n3,4,1.5\n");
        Dataset r = CsvLoader.regression(g, false, "-1");
        assertArrayEquals(new float[] {0.5f, 1.5f}, r.targets());
        assertArrayEquals(new float[] {1, 2, 3, 4}, r.features());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,label\nx,1\n");
        var e = assertThrows(IllegalArgumentException.class, () -> CsvLoader.classification(bad, true, "label"));
        assertTrue(e.getMessage().contains("'x' is not a finite number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvLoader.classification(f, true, "nope"));
    }

    private static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bo);
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) out.writeInt(d);
        out.write(data);
        return bo.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(bo)) {
            g.write(b);
        }
        return bo.toByteArray();
    }

    @Test void idxPlainAndGzipped() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 20);
        pixels[11] = (byte) 255;
        Path im = dir.resolve("images-idx3-ubyte.gz"), lb = dir.resolve("labels-idx1-ubyte");
        Files.write(im, gzip(idx(0x08, new int[] {3, 2, 2}, pixels)));
        Files.write(lb, idx(0x08, new int[] {3}, new byte[] {7, 0, 2}));
        Dataset d = IdxReader.load(im, lb, 1 / 255.0);
        assertEquals(3, d.size());
        assertEquals(4, d.sampleSize());
        assertEquals(8, d.numClasses());
        assertArrayEquals(new int[] {7, 0, 2}, d.labels());
        assertEquals(20 / 255f, d.features()[1], 1e-7);
        assertEquals(1f, d.features()[11], 1e-7);
        assertEquals(3, IdxReader.read(lb).count());
    }

    @Test void idxRejectsBadFiles() throws IOException {
        Path t = dir.resolve("trunc");
        Files.write(t, idx(0x08, new int[] {10, 28, 28}, new byte[100]));
        var e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(t));
        assertTrue(e.getMessage().contains("only"), e.getMessage());
        Path tg = dir.resolve("trunc.gz");
        Files.write(tg, gzip(idx(0x08, new int[] {10, 28, 28}, new byte[100])));
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(tg));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path magic = dir.resolve("magic");
        Files.write(magic, new byte[] {1, 2, 8, 1, 0, 0, 0, 1, 5});
        assertThrows(IllegalArgumentException.class, () -> IdxReader.read(magic));
        Path type = dir.resolve("type");
        Files.write(type, idx(0x07, new int[] {1}, new byte[] {1}));
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(type));
        assertTrue(e.getMessage().contains("type code"), e.getMessage());
        Path liar = dir.resolve("liar.gz");
        Files.write(liar, gzip(idx(0x08, new int[] {100000, 1000}, new byte[10])));
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(liar));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path huge = dir.resolve("huge");
        Files.write(huge, idx(0x0D, new int[] {100000, 100000, 100000}, new byte[0]));
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(huge));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    static Dataset blobs(int perClass, int[] counts) {
        int n = Arrays.stream(counts).sum();
        float[] x = new float[n * 2];
        int[] y = new int[n];
        int i = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++, i++) {
                x[2 * i] = c + k * 0.001f;
                x[2 * i + 1] = -c;
                y[i] = c;
            }
        }
        return Dataset.classification(x, new int[] {2}, y, counts.length, null);
    }

    @Test void stratifiedSplitKeepsProportionsAndIsSeeded() {
        Dataset d = blobs(0, new int[] {500, 300, 200});
        Splits.Split s = Splits.split(d, 42);
        assertEquals(200, s.test().size());
        assertEquals(80, s.eval().size());
        assertEquals(720, s.train().size());
        assertArrayEquals(new int[] {100, 60, 40}, s.test().classCounts());
        assertArrayEquals(new int[] {40, 24, 16}, s.eval().classCounts());
        assertArrayEquals(new int[] {360, 216, 144}, s.train().classCounts());
        // disjoint and complete
        Set<Float> seen = new HashSet<>();
        for (Dataset part : new Dataset[] {s.train(), s.eval(), s.test()}) {
            for (int i = 0; i < part.size(); i++) assertTrue(seen.add(part.features()[2 * i] * 10 + part.features()[2 * i + 1]));
        }
        assertEquals(1000, seen.size());
        assertArrayEquals(s.test().features(), Splits.split(d, 42).test().features(), "same seed, same split");
        assertFalse(Arrays.equals(s.test().features(), Splits.split(d, 43).test().features()));
        Splits.Split tiny = Splits.split(blobs(0, new int[] {30, 30}), 1);
        assertNull(tiny.eval(), "no eval set for tiny data");
        assertEquals(12, tiny.test().size());
    }

    @Test void standardizerUsesTrainingStatisticsOnly() {
        Dataset train = Dataset.classification(new float[][] {{1, 10}, {3, 10}}, new int[] {0, 1});
        Dataset test = Dataset.classification(new float[][] {{5, 20}}, new int[] {0});
        Standardizer s = Standardizer.fit(train);
        assertArrayEquals(new float[] {2, 10}, s.mean());
        assertArrayEquals(new float[] {1, 1}, s.std(), "population std; constant feature gets 1");
        assertArrayEquals(new float[] {3, 10}, s.transform(test).features());
        assertArrayEquals(new float[] {-1, 0, 1, 0}, s.transform(train).features());
        Standardizer back = Standardizer.fromJson(s.toJson());
        assertArrayEquals(s.mean(), back.mean());
    }

    @Test void dataLoaderShufflesPerEpochWithSeedAndDropsLast() {
        Dataset d = blobs(0, new int[] {7, 3});
        DataLoader a = new DataLoader(d, 4, true, true, 5), b = new DataLoader(d, 4, true, true, 5);
        assertEquals(2, a.batchesPerEpoch());
        assertArrayEquals(a.plan(0).get(1), b.plan(0).get(1));
        assertFalse(Arrays.equals(flat(a.plan(0)), flat(a.plan(1))), "reshuffled every epoch");
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(d, 11, true, true, 0), "no full batch");
        DataLoader keep = new DataLoader(d, 4, false, false, 0);
        assertEquals(3, keep.batchesPerEpoch());
        assertArrayEquals(new int[] {8, 9}, keep.plan(0).get(2));
        try (var scope = TensorScope.open(); Batch batch = keep.load(new int[] {9, 0}, Backends.current())) {
            assertArrayEquals(new int[] {2, 2}, batch.x().shape());
            assertArrayEquals(new float[] {1.002f, -1f, 0f, 0f}, batch.x().toFloatArray());
            assertArrayEquals(new long[] {1, 0}, batch.y().toLongArray());
        }
    }

    private static int[] flat(List<int[]> plan) { return plan.stream().flatMapToInt(Arrays::stream).toArray(); }
}
