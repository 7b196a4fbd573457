package io.github.tensorforge.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.UserException;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.PretrainedEncoder;
import io.github.tensorforge.nn.models.BertEncoder;
import io.github.tensorforge.nn.text.WordPieceTokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A pretrained encoder behind the server's {@code /v1/embeddings}: texts are tokenized on the request thread, and each
 * micro-batch is embedded as {@code tensorforge embed} does (mean pooling over the real tokens, L2 normalisation).
 * Each answer is a {@link Prediction} whose values are the embedding.
 */
public final class EmbeddingPredictor implements BatchPredictor {
    private final PretrainedEncoder encoder;
    private final String name;
    private final int maxTextChars;

    public EmbeddingPredictor(PretrainedEncoder encoder, String name, int maxTextChars) {
        this.encoder = encoder;
        this.name = name;
        this.maxTextChars = maxTextChars;
    }

    /** Loads {@code nameOrDir} (see {@link PretrainedEncoder#load}); every problem is a {@link UserException}. */
    public static EmbeddingPredictor load(String nameOrDir, int maxTextChars) {
        try {
            return new EmbeddingPredictor(PretrainedEncoder.load(nameOrDir), nameOrDir, maxTextChars);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("could not load the encoder " + nameOrDir + ": " + e.getMessage(), e);
        }
    }

    /** The name clients send as {@code "model"}: what {@code --model} said. */
    public String name() { return name; }

    public int dimensions() { return encoder.encoder().bertConfig().hiddenSize(); }

    public String backendName() { return encoder.encoder().parameters().get(0).value().backend().name(); }

    /** A text's encoding (cut to the model's length) and how many tokens it had. */
    record EncodedText(WordPieceTokenizer.Encoding encoding, int tokens) {}

    /** Tokens of one encoded input that the model sees (what the OpenAI shape reports as usage). */
    public static int tokens(Object encoded) { return ((EncodedText) encoded).encoding().length(); }

    @Override public Object encode(JsonNode input) {
        if (input == null || !input.isTextual()) {
            throw new InvalidInputException("expected a text (JSON string), got " + LoadedModel.type(input)
                    + (input != null && input.isArray() ? " (token arrays are not supported; send the text)" : ""));
        }
        String text = input.textValue();
        if (text.isEmpty()) throw new InvalidInputException("the text is empty");
        if (text.length() > maxTextChars) {
            throw new InvalidInputException(413, "the text has " + text.length() + " characters; the limit is "
                    + maxTextChars);
        }
        WordPieceTokenizer tokenizer = encoder.tokenizer();
        List<Integer> pieces = tokenizer.tokenize(text); // once: for the encoding and for the length before truncation
        return new EncodedText(tokenizer.encodePieces(pieces), tokenizer.untruncatedLength(pieces));
    }

    @Override public List<Prediction> predict(List<Object> encoded) {
        List<WordPieceTokenizer.Encoding> batch = new ArrayList<>(encoded.size());
        for (Object e : encoded) batch.add(((EncodedText) e).encoding());
        float[][] vectors = encoder.embedEncoded(batch, batch.size(), BertEncoder.Pooling.MEAN, true);
        List<Prediction> out = new ArrayList<>(vectors.length);
        for (int r = 0; r < vectors.length; r++) {
            double[] d = new double[vectors[r].length];
            for (int i = 0; i < d.length; i++) d[i] = vectors[r][i];
            Prediction p = Prediction.regression(d);
            EncodedText t = (EncodedText) encoded.get(r);
            out.add(t.tokens() > t.encoding().length() ? p.truncated(t.tokens(), t.encoding().length()) : p);
        }
        return out;
    }

    @Override public ObjectNode metadata() {
        ObjectNode o = Json.object();
        o.put("model", name).put("task", "embedding").put("input", "text").put("dimensions", dimensions())
                .put("pooling", "mean").put("normalized", true).put("max_tokens", encoder.tokenizer().maxLength())
                .put("backend", backendName());
        return o;
    }

    @Override public void close() { encoder.close(); }
}
