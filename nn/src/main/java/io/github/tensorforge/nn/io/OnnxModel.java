package io.github.tensorforge.nn.io;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What TensorForge reads of an ONNX model: the graph's nodes (op type, name, inputs, outputs, tensor-valued
 * attributes such as a Constant's value), its float32 and int64 initializers, and its input and output names. The
 * protobuf wire format is decoded by protobuf-java's {@link CodedInputStream}; the field numbers are those of
 * {@code onnx.proto} (ModelProto.graph = 7; GraphProto node = 1, initializer = 5, input = 11, output = 12; NodeProto
 * input = 1, output = 2, name = 3, op_type = 4, attribute = 5; AttributeProto name = 1, t = 5; TensorProto dims = 1,
 * data_type = 2, float_data = 4, int64_data = 7, name = 8, raw_data = 9, data_location = 14). External data is
 * refused with an error that names the tensor; tensors of other element types are kept without their values.
 */
public final class OnnxModel {
    /** ONNX TensorProto.DataType codes used here. */
    public static final int FLOAT = 1, INT64 = 7;

    /**
     * One tensor: an initializer, or a node attribute's value. At most one of floats and longs is set: floats for
     * {@link OnnxModel#FLOAT}, longs for {@link OnnxModel#INT64}, neither for other types.
     *
     * @param name     the tensor's name ("" when unnamed)
     * @param dims     its dimensions
     * @param dataType its TensorProto.DataType code
     * @param floats   its values, row-major, for FLOAT tensors; else null
     * @param longs    its values, row-major, for INT64 tensors; else null
     */
    public record TensorData(String name, long[] dims, int dataType, float[] floats, long[] longs) {
        /**
         * Returns the dimensions as ints.
         *
         * @return a new array of {@link #dims()}
         * @throws ArithmeticException if a dimension does not fit an int
         */
        public int[] shape() {
            int[] s = new int[dims.length];
            for (int i = 0; i < s.length; i++) s[i] = Math.toIntExact(dims[i]);
            return s;
        }

        /**
         * The single value of a scalar (or one-element) float or int64 tensor.
         *
         * @return the value, as a double
         * @throws IllegalArgumentException if the tensor does not hold exactly one float or int64 value
         */
        public double scalar() {
            if (floats != null && floats.length == 1) return floats[0];
            if (longs != null && longs.length == 1) return longs[0];
            throw new IllegalArgumentException("ONNX: tensor '" + name + "' is not a scalar");
        }
    }

    /**
     * One graph node.
     *
     * @param opType           the operator, e.g. "MatMul" ("" when missing)
     * @param name             the node's name ("" when missing)
     * @param inputs           the names of the tensors it reads, in order
     * @param outputs          the names of the tensors it produces, in order
     * @param tensorAttributes its tensor-valued attributes by name (other attributes are not read)
     */
    public record Node(String opType, String name, List<String> inputs, List<String> outputs,
                       Map<String, TensorData> tensorAttributes) {}

    private final List<Node> nodes;
    private final Map<String, TensorData> initializers;
    private final List<String> inputs, outputs;

    private OnnxModel(List<Node> nodes, Map<String, TensorData> initializers, List<String> inputs, List<String> outputs) {
        this.nodes = List.copyOf(nodes);
        this.initializers = initializers;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    /**
     * Returns the graph's nodes.
     *
     * @return an unmodifiable list of the nodes, in file order
     */
    public List<Node> nodes() { return nodes; }

    /**
     * Initializers by name, in file order.
     *
     * @return the model's own map (not a copy; do not modify it)
     */
    public Map<String, TensorData> initializers() { return initializers; }

    /**
     * Returns the names of the graph's inputs, as the file lists them.
     *
     * @return an unmodifiable list of the input names, in file order
     */
    public List<String> inputs() { return inputs; }

    /**
     * Returns the names of the graph's outputs.
     *
     * @return an unmodifiable list of the output names, in file order
     */
    public List<String> outputs() { return outputs; }

    /**
     * The node that produces {@code tensor}, or null (a graph input or an initializer).
     *
     * @param tensor a tensor name
     * @return the first node that lists {@code tensor} as an output, or null
     */
    public Node producer(String tensor) {
        for (Node n : nodes) if (n.outputs().contains(tensor)) return n;
        return null;
    }

    /**
     * The nodes that read {@code tensor}.
     *
     * @param tensor a tensor name
     * @return a new list of the nodes that list {@code tensor} as an input, in file order
     */
    public List<Node> consumers(String tensor) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) if (n.inputs().contains(tensor)) out.add(n);
        return out;
    }

    // ---- reading --------------------------------------------------------------------------------------------------

    /**
     * Reads an ONNX model file (memory-mapped, read-only).
     *
     * @param file the {@code .onnx} file
     * @return the model's graph
     * @throws IOException if the file is missing, not a regular file, unreadable, over 2 GB, not valid protobuf, has
     *                     no graph, keeps tensor data externally, or holds a tensor whose size does not fit its data
     */
    public static OnnxModel read(Path file) throws IOException {
        Json.requireRegularFile(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) throw new IOException(file + ": ONNX files over 2 GB (external data) are not supported");
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            CodedInputStream in = CodedInputStream.newInstance(map);
            in.setSizeLimit(Integer.MAX_VALUE);
            in.enableAliasing(true);
            return readModel(in, file.toString());
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + " is not a valid ONNX model (truncated or not protobuf): " + e.getMessage(), e);
        }
    }

    private static OnnxModel readModel(CodedInputStream in, String source) throws IOException {
        OnnxModel graph = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                graph = readGraph(in.readBytes(), source);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        if (graph == null) throw new IOException(source + " has no ONNX graph (not an ONNX model?)");
        return graph;
    }

    private static OnnxModel readGraph(ByteString bytes, String source) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        in.enableAliasing(true);
        List<Node> nodes = new ArrayList<>();
        Map<String, TensorData> inits = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> nodes.add(readNode(in.readBytes(), source));
                case 5 -> {
                    TensorData t = readTensor(in.readBytes(), source);
                    inits.put(t.name(), t);
                }
                case 11 -> inputs.add(valueInfoName(in.readBytes()));
                case 12 -> outputs.add(valueInfoName(in.readBytes()));
                default -> in.skipField(tag);
            }
        }
        return new OnnxModel(nodes, inits, inputs, outputs);
    }

    private static String valueInfoName(ByteString bytes) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1) return in.readStringRequireUtf8();
            in.skipField(tag);
        }
        return "";
    }

    private static Node readNode(ByteString bytes, String source) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        List<String> ins = new ArrayList<>(), outs = new ArrayList<>();
        String name = "", op = "";
        Map<String, TensorData> attrs = new LinkedHashMap<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> ins.add(in.readStringRequireUtf8());
                case 2 -> outs.add(in.readStringRequireUtf8());
                case 3 -> name = in.readStringRequireUtf8();
                case 4 -> op = in.readStringRequireUtf8();
                case 5 -> readAttribute(in.readBytes(), attrs, source);
                default -> in.skipField(tag);
            }
        }
        return new Node(op, name, ins, outs, attrs);
    }

    private static void readAttribute(ByteString bytes, Map<String, TensorData> into, String source) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        String name = null;
        ByteString tensor = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 5 -> tensor = in.readBytes();
                default -> in.skipField(tag);
            }
        }
        if (name != null && tensor != null) into.put(name, readTensor(tensor, source));
    }

    private static TensorData readTensor(ByteString bytes, String source) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteString raw = null;
        List<Float> floatData = new ArrayList<>();
        List<Long> longData = new ArrayList<>();
        boolean external = false;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (field) {
                case 1 -> readLongs(in, packed, dims);
                case 2 -> type = in.readInt32();
                case 4 -> {
                    if (packed) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) floatData.add(in.readFloat());
                        in.popLimit(limit);
                    } else {
                        floatData.add(in.readFloat());
                    }
                }
                case 7 -> readLongs(in, packed, longData);
                case 8 -> name = in.readStringRequireUtf8();
                case 9 -> raw = in.readBytes();
                case 14 -> external = in.readInt32() == 1;
                default -> in.skipField(tag);
            }
        }
        if (external) throw new IOException(source + ": tensor '" + name + "' keeps its data in an external file; not supported");
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long x : d) {
            if (x < 0 || x > Integer.MAX_VALUE) throw new IOException(source + ": tensor '" + name + "' has dimension " + x);
            count = Math.multiplyExact(count, x);
        }
        if (count > Integer.MAX_VALUE) throw new IOException(source + ": tensor '" + name + "' is too large");
        int n = (int) count;
        switch (type) {
            case FLOAT -> {
                float[] v = new float[n];
                if (raw != null) {
                    if (raw.size() != 4L * n) throw new IOException(source + ": tensor '" + name + "' has " + raw.size() + " bytes for " + n + " floats");
                    raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                } else {
                    if (floatData.size() != n) throw new IOException(source + ": tensor '" + name + "' has " + floatData.size() + " values for " + n);
                    for (int i = 0; i < n; i++) v[i] = floatData.get(i);
                }
                return new TensorData(name, d, type, v, null);
            }
            case INT64 -> {
                long[] v = new long[n];
                if (raw != null) {
                    if (raw.size() != 8L * n) throw new IOException(source + ": tensor '" + name + "' has " + raw.size() + " bytes for " + n + " int64s");
                    raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
                } else {
                    if (longData.size() != n) throw new IOException(source + ": tensor '" + name + "' has " + longData.size() + " values for " + n);
                    for (int i = 0; i < n; i++) v[i] = longData.get(i);
                }
                return new TensorData(name, d, type, null, v);
            }
            default -> {
                // Tensors of other types (int32 shape constants, booleans) are kept without data: nothing here reads them.
                return new TensorData(name, d, type, null, null);
            }
        }
    }

    private static void readLongs(CodedInputStream in, boolean packed, List<Long> into) throws IOException {
        if (packed) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) into.add(in.readInt64());
            in.popLimit(limit);
        } else {
            into.add(in.readInt64());
        }
    }
}
