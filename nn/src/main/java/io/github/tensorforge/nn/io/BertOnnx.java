package io.github.tensorforge.nn.io;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.models.BertEncoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a BERT-family encoder exported to ONNX from Hugging Face's {@code BertModel} (as sentence-transformers and
 * optimum export it) into a {@link BertEncoder}. Named initializers ({@code embeddings.*}, biases, LayerNorm
 * parameters) map by name; the projection weights are anonymous ({@code onnx::MatMul_NNN}, stored {@code (in, out)}),
 * so each is identified by the graph: the MatMul that reads it feeds an Add of a named bias {@code X.bias}, and the
 * weight is {@code X.weight}, transposed. The architecture comes from the weights' shapes, the head count from the
 * attention's score scale ({@code 1 / sqrt(head size)}) and the LayerNorm epsilon from the graph's constants. A
 * graph that does not fit (another architecture, a missing or unexpected tensor) is an error naming the tensor or
 * node; the model is built only when everything fits.
 */
public final class BertOnnx {
    private BertOnnx() {}

    /**
     * An inference graph holds no dropout; fine-tuning uses BERT's 0.1 (Hugging Face's BertConfig default, and the
     * {@code hidden_dropout_prob} of the BERT-family models exported this way). Inference never applies it.
     */
    static final double TRAINING_DROPOUT = 0.1;

    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");
    /** Initializers of a BertModel export that are not parameters. */
    private static final Set<String> NOT_PARAMETERS = Set.of("embeddings.position_ids", "embeddings.token_type_ids");

    /**
     * Reads an ONNX export of a {@code BertModel} and builds the encoder with its weights, in eval mode.
     *
     * @param file the {@code model.onnx} file
     * @return a new encoder; the caller closes it
     * @throws IOException if the file cannot be read as ONNX, or the graph is not a BertModel export (a projection
     *                     without a named bias, missing or unexpected weights, a wrong shape, a non-float32 weight,
     *                     no attention scale or LayerNorm epsilon constant, or no erf GELU)
     */
    public static BertEncoder load(Path file) throws IOException {
        OnnxModel m = OnnxModel.read(file);
        String source = file.toString();
        Map<String, OnnxModel.TensorData> weights = new LinkedHashMap<>();
        Map<String, Boolean> transposed = new LinkedHashMap<>();
        for (var e : m.initializers().entrySet()) {
            if (e.getKey().startsWith("onnx::") || NOT_PARAMETERS.contains(e.getKey())) continue;
            weights.put(e.getKey(), e.getValue());
            transposed.put(e.getKey(), false);
        }
        for (OnnxModel.Node n : m.nodes()) {
            if (!n.opType().equals("MatMul") || n.inputs().size() != 2) continue;
            OnnxModel.TensorData w = m.initializers().get(n.inputs().get(1));
            if (w == null) continue; // activations times activations (attention scores)
            String bias = null;
            for (OnnxModel.Node add : m.consumers(n.outputs().get(0))) {
                if (!add.opType().equals("Add")) continue;
                for (String in : add.inputs()) if (in.endsWith(".bias") && m.initializers().containsKey(in)) bias = in;
            }
            if (bias == null) {
                throw new IOException(source + ": MatMul node '" + n.name() + "' multiplies by '" + w.name()
                        + "' but no Add of a named bias follows it, so its parameter cannot be identified; this graph "
                        + "is not a BertModel export");
            }
            String name = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
            if (weights.put(name, w) != null) throw new IOException(source + ": two weights map to '" + name + "'");
            transposed.put(name, true);
        }
        BertEncoder.Config config = config(m, weights, source);
        BertEncoder model = new BertEncoder(config, new Rng(0));
        try (var scope = TensorScope.open(); var g = GradMode.disable()) {
            Map<String, Tensor> expected = model.stateDict();
            TreeSet<String> missing = new TreeSet<>(expected.keySet()), unexpected = new TreeSet<>(weights.keySet());
            missing.removeAll(weights.keySet());
            unexpected.removeAll(expected.keySet());
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                throw new IOException(source + ": the graph's weights do not fit a BERT encoder: missing " + missing
                        + ", unexpected " + unexpected);
            }
            Map<String, Tensor> loaded = new LinkedHashMap<>();
            for (var e : expected.entrySet()) {
                OnnxModel.TensorData t = weights.get(e.getKey());
                if (t.floats() == null) throw new IOException(source + ": tensor '" + t.name() + "' is not float32");
                int[] shape = t.shape();
                Tensor v = Tensor.on(e.getValue().backend()).of(t.floats(), shape);
                if (transposed.get(e.getKey())) v = v.t().contiguous();
                if (!Arrays.equals(v.shape(), e.getValue().shape())) {
                    throw new IOException(source + ": tensor '" + t.name() + "' for " + e.getKey() + " has shape "
                            + Arrays.toString(shape) + ", the encoder expects " + Arrays.toString(e.getValue().shape()));
                }
                loaded.put(e.getKey(), v);
            }
            model.loadStateDict(loaded);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        model.eval();
        return model;
    }

    private static BertEncoder.Config config(OnnxModel m, Map<String, OnnxModel.TensorData> w, String source)
            throws IOException {
        int[] word = shape(w, "embeddings.word_embeddings.weight", source);
        int[] pos = shape(w, "embeddings.position_embeddings.weight", source);
        int[] types = shape(w, "embeddings.token_type_embeddings.weight", source);
        int layers = 0;
        for (String name : w.keySet()) {
            Matcher mt = LAYER.matcher(name);
            if (mt.find()) layers = Math.max(layers, Integer.parseInt(mt.group(1)) + 1);
        }
        if (layers == 0) throw new IOException(source + ": no encoder.layer.N tensors; not a BERT encoder");
        int intermediate = shape(w, "encoder.layer.0.intermediate.dense.bias", source)[0];
        int hidden = word[1];
        double scale = constantOf(m, "Div", "/attention/self/", source);
        long headSize = Math.round(scale * scale);
        if (headSize <= 0 || Math.abs(Math.sqrt(headSize) - scale) > 1e-3 || hidden % headSize != 0) {
            throw new IOException(source + ": the attention scale " + scale + " is not sqrt(head size) for hidden size "
                    + hidden);
        }
        // A float32 constant: its shortest decimal (1e-12) is what the exporter's config said.
        double eps = Double.parseDouble(Float.toString((float) constantOf(m, "Add", "/embeddings/LayerNorm/", source)));
        boolean hasErf = m.nodes().stream().anyMatch(n -> n.opType().equals("Erf"));
        if (!hasErf) throw new IOException(source + ": the graph has no Erf node: its GELU is not the erf GELU BERT uses");
        return new BertEncoder.Config(word[0], hidden, layers, (int) (hidden / headSize), intermediate, pos[0], types[0],
                eps, TRAINING_DROPOUT, w.containsKey("pooler.dense.weight"));
    }

    private static int[] shape(Map<String, OnnxModel.TensorData> w, String name, String source) throws IOException {
        OnnxModel.TensorData t = w.get(name);
        if (t == null) throw new IOException(source + ": no tensor '" + name + "'; not a BERT encoder");
        return t.shape();
    }

    /** The scalar Constant input of the first {@code op} node whose name contains {@code path}. */
    private static double constantOf(OnnxModel m, String op, String path, String source) throws IOException {
        for (OnnxModel.Node n : m.nodes()) {
            if (!n.opType().equals(op) || !n.name().contains(path)) continue;
            for (String in : n.inputs()) {
                OnnxModel.Node p = m.producer(in);
                if (p != null && p.opType().equals("Constant") && p.tensorAttributes().containsKey("value")) {
                    OnnxModel.TensorData t = p.tensorAttributes().get("value");
                    if (t.floats() != null && t.floats().length == 1) return t.scalar();
                }
                OnnxModel.TensorData init = m.initializers().get(in);
                if (init != null && init.floats() != null && init.floats().length == 1) return init.scalar();
            }
        }
        throw new IOException(source + ": no " + op + " node with a scalar constant under '" + path
                + "'; this graph is not a BertModel export");
    }
}
