package io.github.tensorforge.nn;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.io.Safetensors;
import io.github.tensorforge.nn.io.SafetensorsException;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.models.Mlp;
import io.github.tensorforge.nn.layers.Activation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips, the committed NumPy-written fixture, and hostile files that must be rejected before any allocation. */
class SafetensorsTest {
    @TempDir Path dir;
    private TensorScope scope;

    @BeforeEach void open() { scope = TensorScope.open(); }

    @AfterEach void close() { scope.close(); }

    private Path fixture() throws IOException {
        Path p = dir.resolve("fixture.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/interop_fixture.safetensors")) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    @Test void readsTheNumpyWrittenFixtureExactly() throws IOException {
        Map<String, Tensor> t = Safetensors.load(fixture(), Backends.current());
        assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, t.get("linear.weight").toFloatArray());
        assertArrayEquals(new int[] {2, 3}, t.get("linear.weight").shape());
        assertArrayEquals(new double[] {Math.PI, -1e-300, 1e300}, t.get("f64").toDoubleArray(), 0.0);
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE}, t.get("i32").toIntArray());
        assertArrayEquals(new long[] {9007199254740993L, -5, 0}, t.get("i64").toLongArray());
        assertArrayEquals(new boolean[] {true, false, false, true}, t.get("mask").toBooleanArray());
        assertArrayEquals(new int[] {0, 3}, t.get("empty").shape());
        assertEquals(0, t.get("scalar").rank());
        assertEquals(2.5, t.get("scalar").item(), 0);
        assertEquals("numpy", Safetensors.metadata(fixture()).get("producer"));
        assertEquals(DType.INT64, t.get("i64").dtype());
    }

    @Test void numpyWeightsGiveNumpysOutputs() throws IOException {
        Path f = fixture();
        Map<String, Tensor> t = Safetensors.load(f, Backends.current());
        Linear l = new Linear(3, 2, new Rng(0));
        Safetensors.loadInto(f, l, "linear.") ;
        float[] y = l.forward(t.get("input")).toFloatArray();
        assertArrayEquals(t.get("expected_output").toFloatArray(), y, 1e-6f);
        l.close();
    }

    @Test void writerProducesTheSameBytesAsTheNumpyScript() throws IOException {
        Path f = fixture();
        Map<String, Tensor> t = Safetensors.load(f, Backends.current());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("producer", "numpy");
        meta.put("note", "tensorforge interop fixture");
        Path mine = dir.resolve("mine.safetensors");
        Safetensors.write(mine, t, meta);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(mine),
                "TensorForge's writer must produce the reference layout byte for byte");
    }

    @Test void roundTripEveryDtype() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.randn(new Rng(1), 3, 4));
        t.put("b", Tensor.of(new double[] {1e-310, Double.MAX_VALUE, -0.0}, 3));
        t.put("c", Tensor.of(new int[] {7, -8}, 2, 1));
        t.put("d", Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2));
        t.put("e", Tensor.of(new boolean[] {true, false, true}, 3));
        Path p = dir.resolve("rt.safetensors");
        Safetensors.write(p, t, Map.of("k", "v"));
        Map<String, Tensor> r = Safetensors.load(p, Backends.current());
        assertEquals(t.keySet(), r.keySet());
        assertArrayEquals(t.get("a").toFloatArray(), r.get("a").toFloatArray(), 0f);
        assertArrayEquals(t.get("b").toDoubleArray(), r.get("b").toDoubleArray(), 0.0);
        assertArrayEquals(t.get("c").toIntArray(), r.get("c").toIntArray());
        assertArrayEquals(new int[] {2, 1}, r.get("c").shape());
        assertArrayEquals(t.get("d").toLongArray(), r.get("d").toLongArray());
        assertArrayEquals(t.get("e").toBooleanArray(), r.get("e").toBooleanArray());
        assertEquals(0, (Files.size(p) - 8 - (Files.size(p) - 8 - headerLength(p))) % 8, "header padded to 8 bytes");
    }

    private static long headerLength(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test void saveLoadGivesIdenticalPredictions() throws IOException {
        Module a = Mlp.of(5, new int[] {8}, 3, Activation.Kind.RELU, 0.0, new Rng(1));
        Module b = Mlp.of(5, new int[] {8}, 3, Activation.Kind.RELU, 0.0, new Rng(2));
        Tensor x = Tensor.randn(new Rng(3), 4, 5);
        Path p = dir.resolve("m.safetensors");
        Safetensors.write(p, a.stateDict(), null);
        assertTrue(!Arrays.equals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray()));
        Safetensors.loadInto(p, b, "");
        assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray(), 0f);
        a.close();
        b.close();
    }

    // ---- hostile files ----------------------------------------------------------------------------------------------

    private Path raw(String name, long declaredLength, byte[] header, byte[] data) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(declaredLength).put(header).put(data);
        Path p = dir.resolve(name);
        Files.write(p, bb.array());
        return p;
    }

    private Path file(String name, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return raw(name, h.length, h, new byte[dataBytes]);
    }

    private void rejects(Path p, String... fragments) {
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.load(p, Backends.current()));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention " + f);
    }

    @Test void hugeOrNegativeHeaderLength() throws IOException {
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        rejects(raw("huge.st", 1L << 40, h, new byte[0]), "header length");
        rejects(raw("neg.st", -1L, h, new byte[0]), "header length");
        rejects(raw("beyond.st", 200, h, new byte[16]), "header length");
        rejects(raw("over100mb.st", 150_000_000L, h, new byte[0]), "header length");
        Path tiny = dir.resolve("tiny.st");
        Files.write(tiny, new byte[] {1, 2, 3});
        rejects(tiny, "too small");
    }

    @Test void malformedJson() throws IOException {
        rejects(file("bad.st", "{\"a\": {\"dtype\": \"F32\", ", 0), "JSON");
        rejects(file("array.st", "[1, 2]", 0), "JSON object");
        rejects(file("dup.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "JSON");
        rejects(file("trailing.st", "{} {}", 0), "JSON");
        byte[] badUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        rejects(raw("utf8.st", badUtf8.length, badUtf8, new byte[0]), "UTF-8");
        rejects(file("meta.st", "{\"__metadata__\": {\"a\": 1}}", 0), "__metadata__");
        rejects(file("extra.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4), "unknown field");
    }

    @Test void unknownDtypes() throws IOException {
        rejects(file("q7.st", "{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "unknown dtype 'Q7'");
        rejects(file("f16.st", "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "unsupported dtype 'F16'");
    }

    @Test void badRanges() throws IOException {
        rejects(file("overlap.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlap");
        rejects(file("outside.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8), "outside");
        rejects(file("mismatch.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes");
        rejects(file("reversed.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8), "begin");
        rejects(file("negshape.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "non-negative");
        rejects(file("bigshape.st", "{\"a\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647],\"data_offsets\":[0,8]}}", 8), "elements");
        rejects(file("hugeoffset.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}", 4), "data offset");
    }

    @Test void theTensorsMustCoverTheDataAreaExactly() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.randn(new Rng(1), 3, 5));
        t.put("b", Tensor.randn(new Rng(2), 5));
        Path p = dir.resolve("ok.safetensors");
        Safetensors.write(p, t, Map.of("k", "v"));
        byte[] all = Files.readAllBytes(p);
        long n = headerLength(p);
        for (int shortBy = 1; shortBy <= 5; shortBy++) {
            byte[] shifted = all.clone();
            java.nio.ByteBuffer.wrap(shifted).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, n - shortBy);
            Path f = dir.resolve("short" + shortBy + ".safetensors");
            Files.write(f, shifted);
            assertThrows(SafetensorsException.class, () -> Safetensors.load(f, Backends.current()), "header " + shortBy + " bytes short");
        }
        Path trailing = dir.resolve("trailing.safetensors");
        Files.write(trailing, Arrays.copyOf(all, all.length + 4));
        rejects(trailing, "cover", "trailing bytes");
        rejects(file("hole.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12), "belong to no tensor");
        rejects(file("late.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "[0, 4)");
    }

    @Test void truncatedFile() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.randn(new Rng(1), 8, 8));
        Path p = dir.resolve("full.safetensors");
        Safetensors.write(p, t, null);
        byte[] all = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(all, all.length - 10));
        rejects(cut, "outside");
        Path cutHeader = dir.resolve("cuthead.safetensors");
        Files.write(cutHeader, Arrays.copyOf(all, 20));
        rejects(cutHeader, "header length");
    }

    @Test void namesAndShapesMustMatchTheModelAndNothingIsLoadedOtherwise() throws IOException {
        Linear l = new Linear(3, 2, new Rng(0));
        float[] before = l.weight().value().toFloatArray();
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("weight", Tensor.zeros(2, 3));
        Path missing = dir.resolve("missing.safetensors");
        Safetensors.write(missing, t, null);
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.loadInto(missing, l, ""));
        assertTrue(e.getMessage().contains("missing [bias]"), e.getMessage());
        t.put("bias", Tensor.zeros(2));
        t.put("extra", Tensor.zeros(1));
        Path unexpected = dir.resolve("unexpected.safetensors");
        Safetensors.write(unexpected, t, null);
        e = assertThrows(SafetensorsException.class, () -> Safetensors.loadInto(unexpected, l, ""));
        assertTrue(e.getMessage().contains("unexpected [extra]"), e.getMessage());
        t.remove("extra");
        t.put("weight", Tensor.zeros(3, 2));
        Path shape = dir.resolve("shape.safetensors");
        Safetensors.write(shape, t, null);
        e = assertThrows(SafetensorsException.class, () -> Safetensors.loadInto(shape, l, ""));
        assertTrue(e.getMessage().contains("[3, 2]"), e.getMessage());
        assertArrayEquals(before, l.weight().value().toFloatArray(), 0f, "the model is unchanged");
        l.close();
    }
}
