package io.github.tensorforge.nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.spi.Backend;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length {@code N}, a UTF-8 JSON header of
 * {@code N} bytes mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the data area) plus an optional {@code "__metadata__"} string map, then the raw little-endian data.
 *
 * <p>The reader validates the whole header before allocating anything for tensor data: the header length is bounded
 * ({@value #MAX_HEADER_BYTES} bytes and the file size), the JSON is strict (duplicate keys rejected), every dtype is
 * one of F32, F64, I32, I64, BOOL, every shape's element count times the dtype size equals its byte range, every range
 * lies inside the data area, and no two ranges overlap. A bad file gives a {@link SafetensorsException} naming the
 * problem; nothing is loaded partially.
 */
public final class Safetensors {
    private Safetensors() {}

    /** The largest header length the reader accepts, in bytes. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The header key of the optional string-to-string metadata map. */
    public static final String METADATA = "__metadata__";

    /**
     * One tensor's description in the header.
     *
     * @param name  the tensor's name
     * @param dtype its element type
     * @param shape its shape ({@code []} for a 0-d tensor)
     * @param begin the offset of its first byte, relative to the data area
     * @param end   the offset one past its last byte, relative to the data area
     */
    public record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        /**
         * Returns the size of the tensor's data.
         *
         * @return {@code end - begin}, in bytes
         */
        public long byteLength() { return end - begin; }

        /**
         * Returns the number of elements.
         *
         * @return the product of the shape (1 for a 0-d tensor); the reader checks that it fits an int
         */
        public int elementCount() {
            long n = 1;
            for (int d : shape) n *= d;
            return (int) n;
        }
    }

    /**
     * A validated header: entries in file order, metadata, and where the data area starts.
     *
     * @param entries    the tensors by name, in file order (unmodifiable)
     * @param metadata   the {@code __metadata__} strings, empty when there are none (unmodifiable)
     * @param dataStart  the file offset of the data area ({@code 8 + N})
     * @param dataLength the size of the data area, in bytes
     */
    public record Header(Map<String, Entry> entries, Map<String, String> metadata, long dataStart, long dataLength) {}

    // ---------------------------------------------------------------------------------------------------------------
    // dtypes
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Returns the safetensors dtype code of an element type.
     *
     * @param t the element type
     * @return "BOOL", "I32", "I64", "F32" or "F64"
     */
    public static String code(DType t) {
        return switch (t) {
            case BOOL -> "BOOL";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
        };
    }

    private static final List<String> KNOWN_UNSUPPORTED = List.of("F16", "BF16", "F8_E4M3", "F8_E5M2", "I8", "U8",
            "I16", "U16", "U32", "U64", "C64");

    static DType dtypeOf(String code, String tensor) {
        return switch (code) {
            case "BOOL" -> DType.BOOL;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            default -> throw new SafetensorsException("safetensors: tensor '" + tensor + "' has "
                    + (KNOWN_UNSUPPORTED.contains(code) ? "unsupported" : "unknown") + " dtype '" + code
                    + "'; supported: F32, F64, I32, I64, BOOL (convert the file, e.g. tensor.float() in PyTorch)");
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // writing
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Writes {@code tensors} and optional string metadata to {@code file}, atomically, both in their maps' order: pass
     * ordered maps (a module's state dict, LinkedHashMap, TreeMap) for files that are the same from run to run
     * ({@code Map.of}'s order changes from one JVM to the next). The header is padded with spaces to a multiple of 8
     * bytes; the tensors are copied to the host and not modified.
     *
     * @param file     the file to write; replaced if it exists, missing parent directories are created
     * @param tensors  the tensors by name
     * @param metadata string metadata for {@code __metadata__}, or null (or empty) for none
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}
     * @throws IOException              if writing fails
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = Json.object();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
        }
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (var e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.equals(METADATA)) throw new IllegalArgumentException("safetensors: '" + METADATA + "' is reserved");
            Tensor t = e.getValue();
            byte[] data = bytes(t);
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", code(t.dtype()));
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            entry.putArray("data_offsets").add(offset).add(offset + data.length);
            offset += data.length;
            blobs.add(data);
        }
        byte[] json = Json.MAPPER.writer().withoutFeatures(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        AtomicFiles.write(file, (OutputStream out) -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length);
            out.write(len.array());
            out.write(head);
            for (byte[] b : blobs) out.write(b);
        });
    }

    /** The tensor's elements as little-endian bytes. */
    static byte[] bytes(Tensor t) {
        int n = t.numel();
        ByteBuffer bb = ByteBuffer.allocate(Math.multiplyExact(n, t.dtype().byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case BOOL -> { for (boolean v : t.toBooleanArray()) bb.put((byte) (v ? 1 : 0)); }
            case INT32 -> bb.asIntBuffer().put(t.toIntArray());
            case INT64 -> bb.asLongBuffer().put(t.toLongArray());
            case FLOAT32 -> bb.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> bb.asDoubleBuffer().put(t.toDoubleArray());
        }
        return bb.array();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reading
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Reads and validates the header of {@code file}; no tensor data is read.
     *
     * @param file the safetensors file
     * @return the validated header
     * @throws IOException          if the file is missing, not a regular file, or cannot be read
     * @throws SafetensorsException if the header is malformed, truncated or inconsistent with the file
     */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            return readHeader(ch, file.toString());
        }
    }

    static Header readHeader(FileChannel ch, String source) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 8) {
            throw new SafetensorsException("safetensors " + source + ": file has " + fileSize
                    + " bytes, too small for the 8-byte header length (truncated or not a safetensors file)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, source);
        long n = lenBuf.flip().getLong();
        if (n < 2 || n > MAX_HEADER_BYTES || n > fileSize - 8) {
            throw new SafetensorsException("safetensors " + source + ": header length " + Long.toUnsignedString(n)
                    + " is invalid (must be 2.." + Math.min(MAX_HEADER_BYTES, fileSize - 8) + " for this "
                    + fileSize + "-byte file; truncated, corrupt or not a safetensors file)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8, source);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException("safetensors " + source + ": header is not valid UTF-8", e);
        }
        JsonNode root;
        try {
            // The header is exactly one JSON value (trailing spaces are the format's padding).
            root = Json.MAPPER.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(text);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException("safetensors " + source + ": header is not well-formed JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException("safetensors " + source + ": header must be a JSON object");
        }
        long dataStart = 8 + n, dataLength = fileSize - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(METADATA)) {
                if (!v.isObject()) throw new SafetensorsException("safetensors " + source + ": __metadata__ must be an object of strings");
                for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
                    var me = m.next();
                    if (!me.getValue().isTextual()) {
                        throw new SafetensorsException("safetensors " + source + ": __metadata__ value '" + me.getKey()
                                + "' must be a string");
                    }
                    metadata.put(me.getKey(), me.getValue().textValue());
                }
                continue;
            }
            entries.put(name, entry(name, v, dataLength, source));
        }
        // As the format's specification requires, the tensors cover the data area exactly: no overlaps, no holes, no
        // trailing bytes. A header length a few bytes short of the real one still parses (the header is padded with
        // spaces) but shifts every tensor; this is what catches it.
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw new SafetensorsException("safetensors " + source + ": byte ranges of '" + previous + "' and '"
                        + e.name() + "' [" + e.begin() + ", " + e.end() + ") overlap");
            }
            if (e.begin() > covered) {
                throw new SafetensorsException("safetensors " + source + ": bytes [" + covered + ", " + e.begin()
                        + ") of the data area belong to no tensor (before '" + e.name() + "'); the header length or "
                        + "the data_offsets are wrong");
            }
            covered = e.end();
            previous = e.name();
        }
        if (covered != dataLength) {
            throw new SafetensorsException("safetensors " + source + ": the tensors cover " + covered + " of the "
                    + dataLength + " bytes after the header; the header length or the data_offsets are wrong (or the "
                    + "file has trailing bytes)");
        }
        return new Header(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata), dataStart, dataLength);
    }

    private static Entry entry(String name, JsonNode v, long dataLength, String source) {
        String where = "safetensors " + source + ": tensor '" + name + "'";
        if (!v.isObject()) throw new SafetensorsException(where + " must be described by an object");
        for (Iterator<String> k = v.fieldNames(); k.hasNext(); ) {
            String key = k.next();
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafetensorsException(where + " has unknown field '" + key + "'");
            }
        }
        JsonNode dt = v.get("dtype"), sh = v.get("shape"), off = v.get("data_offsets");
        if (dt == null || !dt.isTextual()) throw new SafetensorsException(where + ": 'dtype' must be a string");
        DType dtype = dtypeOf(dt.textValue(), name);
        if (sh == null || !sh.isArray()) throw new SafetensorsException(where + ": 'shape' must be an array of integers");
        if (sh.size() > 32) throw new SafetensorsException(where + ": rank " + sh.size() + " is too large");
        int[] shape = new int[sh.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0 || d.longValue() > Integer.MAX_VALUE) {
                throw new SafetensorsException(where + ": shape entry " + d + " is not a non-negative int");
            }
            shape[i] = d.intValue();
            try {
                count = Math.multiplyExact(count, shape[i]);
            } catch (ArithmeticException e) {
                throw new SafetensorsException(where + ": shape " + sh + " overflows");
            }
            if (count > Integer.MAX_VALUE) throw new SafetensorsException(where + ": shape " + sh + " has more than 2^31-1 elements");
        }
        if (off == null || !off.isArray() || off.size() != 2) {
            throw new SafetensorsException(where + ": 'data_offsets' must be [begin, end]");
        }
        long[] be = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode o = off.get(i);
            if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0) {
                throw new SafetensorsException(where + ": data offset " + o + " is not a non-negative integer");
            }
            be[i] = o.longValue();
        }
        if (be[0] > be[1]) throw new SafetensorsException(where + ": data_offsets begin " + be[0] + " > end " + be[1]);
        if (be[1] > dataLength) {
            throw new SafetensorsException(where + ": data_offsets [" + be[0] + ", " + be[1] + ") lie outside the "
                    + dataLength + "-byte data area (truncated file or bad offsets)");
        }
        long expected = count * dtype.byteSize();
        if (be[1] - be[0] != expected) {
            throw new SafetensorsException(where + ": shape " + Arrays.toString(shape) + " of " + code(dtype) + " needs "
                    + expected + " bytes but data_offsets span " + (be[1] - be[0]));
        }
        return new Entry(name, dtype, shape, be[0], be[1]);
    }

    /** Opens a regular file for reading (a named pipe would block forever). */
    private static FileChannel open(Path file) throws IOException {
        Json.requireRegularFile(file);
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, String source) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) throw new SafetensorsException("safetensors " + source + ": unexpected end of file at byte " + pos);
            pos += r;
        }
    }

    /**
     * Reads every tensor onto {@code backend}. The header is validated before any tensor is allocated; if reading
     * fails, the tensors read so far are closed.
     *
     * @param file    the safetensors file
     * @param backend the backend the tensors are created on
     * @return a new map of new tensors by name, in file order; the caller closes them
     * @throws IOException          if the file is missing, not a regular file, or cannot be read
     * @throws SafetensorsException if the file is malformed or truncated, or a BOOL tensor holds a byte other than 0
     *                              or 1
     */
    public static Map<String, Tensor> load(Path file, Backend backend) throws IOException {
        try (FileChannel ch = open(file)) {
            Header h = readHeader(ch, file.toString());
            return loadEntries(ch, h, h.entries().keySet(), backend, file.toString());
        }
    }

    /**
     * Reads the tensors whose names start with {@code prefix} onto {@code backend}, with the prefix removed.
     *
     * @param file    the safetensors file
     * @param backend the backend the tensors are created on
     * @param prefix  the name prefix to select and strip ("" for all)
     * @return a new map of new tensors by stripped name, in file order; the caller closes them
     * @throws IOException          if the file is missing, not a regular file, or cannot be read
     * @throws SafetensorsException if the file is malformed or truncated, or a BOOL tensor holds a byte other than 0
     *                              or 1
     */
    public static Map<String, Tensor> load(Path file, Backend backend, String prefix) throws IOException {
        try (FileChannel ch = open(file)) {
            Header h = readHeader(ch, file.toString());
            List<String> names = new ArrayList<>();
            for (String n : h.entries().keySet()) if (n.startsWith(prefix)) names.add(n);
            Map<String, Tensor> loaded = loadEntries(ch, h, names, backend, file.toString());
            Map<String, Tensor> out = new LinkedHashMap<>();
            loaded.forEach((k, v) -> out.put(k.substring(prefix.length()), v));
            return out;
        }
    }

    /**
     * The header's metadata only.
     *
     * @param file the safetensors file
     * @return the {@code __metadata__} strings (unmodifiable; empty when there are none)
     * @throws IOException          if the file is missing, not a regular file, or cannot be read
     * @throws SafetensorsException if the header is invalid
     */
    public static Map<String, String> metadata(Path file) throws IOException { return readHeader(file).metadata(); }

    private static Map<String, Tensor> loadEntries(FileChannel ch, Header h, Iterable<String> names, Backend backend,
                                                   String source) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        boolean ok = false;
        try {
            for (String name : names) {
                Entry e = h.entries().get(name);
                ByteBuffer bb = ByteBuffer.allocate((int) e.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, bb, h.dataStart() + e.begin(), source);
                bb.flip();
                int n = e.elementCount();
                var f = Tensor.on(backend);
                Tensor t = switch (e.dtype()) {
                    case BOOL -> {
                        boolean[] a = new boolean[n];
                        for (int i = 0; i < n; i++) {
                            byte b = bb.get(i);
                            if (b != 0 && b != 1) throw new SafetensorsException("safetensors " + source + ": BOOL tensor '" + name + "' holds byte " + b);
                            a[i] = b == 1;
                        }
                        yield f.of(a, e.shape().length == 0 ? new int[] {1} : e.shape());
                    }
                    case INT32 -> { int[] a = new int[n]; bb.asIntBuffer().get(a); yield f.of(a, e.shape().length == 0 ? new int[] {1} : e.shape()); }
                    case INT64 -> { long[] a = new long[n]; bb.asLongBuffer().get(a); yield f.of(a, e.shape().length == 0 ? new int[] {1} : e.shape()); }
                    case FLOAT32 -> { float[] a = new float[n]; bb.asFloatBuffer().get(a); yield f.of(a, e.shape().length == 0 ? new int[] {1} : e.shape()); }
                    case FLOAT64 -> { double[] a = new double[n]; bb.asDoubleBuffer().get(a); yield f.of(a, e.shape().length == 0 ? new int[] {1} : e.shape()); }
                };
                if (e.shape().length == 0) {
                    // core's factory makes host data at least 1-D; a 0-d tensor is a view of the 1-element one
                    Tensor flat = t;
                    t = flat.reshape();
                    flat.close();
                }
                out.put(name, t);
            }
            ok = true;
            return out;
        } finally {
            if (!ok) for (Tensor t : out.values()) t.close();
        }
    }

    /**
     * Loads the weights in {@code file} into {@code model}. The file's names must equal the model's state names
     * (optionally after stripping {@code prefix}) and every shape must match; all of it is checked before any data is
     * read, and the model changes only after every tensor was read successfully. Weights that hold NaN or infinity
     * are refused.
     *
     * @param file   the safetensors file
     * @param model  the module whose parameters and buffers are overwritten in place
     * @param prefix the prefix the file's names carry (only names with it are read), or null or "" for none
     * @throws IOException          if the file is missing, not a regular file, or cannot be read
     * @throws SafetensorsException if the file is invalid, its names or shapes do not match the model, a tensor is
     *                              not F32 or F64, or a tensor holds NaN or infinity
     */
    public static void loadInto(Path file, Module model, String prefix) throws IOException {
        loadInto(file, model, prefix, false);
    }

    /**
     * As {@link #loadInto(Path, Module, String)}; weights that hold NaN or infinity are refused (naming the tensor)
     * unless {@code allowNonFinite}: such a model answers NaN to every input.
     *
     * @param file           the safetensors file
     * @param model          the module whose parameters and buffers are overwritten in place
     * @param prefix         the prefix the file's names carry (only names with it are read), or null or "" for none
     * @param allowNonFinite whether to accept weights that hold NaN or infinity
     * @throws IOException          if the file is missing, not a regular file, or cannot be read
     * @throws SafetensorsException if the file is invalid, its names or shapes do not match the model, a tensor is
     *                              not F32 or F64, or (unless {@code allowNonFinite}) a tensor holds NaN or infinity
     */
    public static void loadInto(Path file, Module model, String prefix, boolean allowNonFinite) throws IOException {
        Map<String, Tensor> expected = model.stateDict();
        try (FileChannel ch = open(file)) {
            Header h = readHeader(ch, file.toString());
            Map<String, String> fileNameOf = new LinkedHashMap<>();
            for (String n : h.entries().keySet()) {
                if (prefix == null || prefix.isEmpty()) fileNameOf.put(n, n);
                else if (n.startsWith(prefix)) fileNameOf.put(n.substring(prefix.length()), n);
            }
            TreeSet<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(fileNameOf.keySet());
            TreeSet<String> unexpected = new TreeSet<>(fileNameOf.keySet());
            unexpected.removeAll(expected.keySet());
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                throw new SafetensorsException("safetensors " + file + ": tensor names do not match the model "
                        + model.getClass().getSimpleName() + ": missing " + missing + ", unexpected " + unexpected);
            }
            for (var e : expected.entrySet()) {
                Entry en = h.entries().get(fileNameOf.get(e.getKey()));
                if (!Arrays.equals(en.shape(), e.getValue().shape())) {
                    throw new SafetensorsException("safetensors " + file + ": tensor '" + en.name() + "' has shape "
                            + Arrays.toString(en.shape()) + " but the model expects " + Arrays.toString(e.getValue().shape()));
                }
                if (!en.dtype().isFloating()) {
                    throw new SafetensorsException("safetensors " + file + ": tensor '" + en.name() + "' is " + code(en.dtype())
                            + " but model weights must be F32 or F64");
                }
            }
            Backend backend = expected.values().iterator().next().backend();
            try (var scope = TensorScope.open(); var g = GradMode.disable()) {
                List<String> fileNames = new ArrayList<>();
                for (String n : expected.keySet()) fileNames.add(fileNameOf.get(n));
                Map<String, Tensor> loaded = loadEntries(ch, h, fileNames, backend, file.toString());
                Map<String, Tensor> byModelName = new LinkedHashMap<>();
                for (String n : expected.keySet()) byModelName.put(n, loaded.get(fileNameOf.get(n)));
                if (!allowNonFinite) {
                    for (var e : byModelName.entrySet()) {
                        if (!Double.isFinite(e.getValue().mul(0).sum().item())) { // 0 unless a value is NaN or infinite
                            throw new SafetensorsException("safetensors " + file + ": tensor '" + fileNameOf.get(e.getKey())
                                    + "' holds NaN or infinite values; such a model answers NaN to every input (load "
                                    + "it with non-finite weights allowed to inspect it)");
                        }
                    }
                }
                model.loadStateDict(byModelName);
            }
        }
    }

}
