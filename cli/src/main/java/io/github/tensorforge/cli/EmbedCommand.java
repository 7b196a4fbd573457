package io.github.tensorforge.cli;

import io.github.tensorforge.nn.data.DataFiles;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.io.AtomicFiles;
import io.github.tensorforge.nn.io.PretrainedEncoder;
import io.github.tensorforge.nn.text.WordPieceTokenizer;
import io.github.tensorforge.nn.models.BertEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Sentence embeddings of a text column with a pretrained BERT encoder. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed texts with a pretrained encoder: one vector per row of --data, in row order, written to "
                + "--out as CSV (columns e0, e1, ...) or, for a .jsonl name, JSON lines {\"index\", \"embedding\"}. "
                + "Mean pooling over the real tokens and L2 normalisation by default, as sentence-transformers does.",
                "--model is all-minilm-l6-v2 (its Maven artifact on the class path) or a directory: tokenizer.json with "
                + "model.onnx, or a Hugging Face checkpoint (config.json, model.safetensors)."},
        footer = {"", "Example:",
                "  tensorforge embed --model DIR --data comments.csv --text text --out embeddings.csv"})
final class EmbedCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "NAME|DIR", description = "all-minilm-l6-v2 or a model directory.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV with a header row (.gz works).")
    Path data;

    @Option(names = "--text", required = true, paramLabel = "COLUMN", description = "The text column.")
    String text;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the embeddings (.csv or .jsonl).")
    Path out;

    @Option(names = "--pooling", defaultValue = "mean", paramLabel = "KIND", description = "mean or cls (default ${DEFAULT-VALUE}).")
    BertEncoder.Pooling pooling;

    @Option(names = "--no-normalize", description = "Do not L2-normalise the embeddings.")
    boolean noNormalize;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Texts per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Override protected int execute() throws IOException {
        if (batchSize <= 0) throw new UserException("--batch-size must be positive, got " + batchSize);
        CsvReader.Table t = DataFiles.readCsv(data);
        int c = t.columns().indexOf(text);
        if (c < 0) throw new UserException(data + ": no text column '" + text + "'; columns are " + t.columns());
        List<String> texts = new ArrayList<>(t.rows().size());
        for (String[] row : t.rows()) texts.add(row[c]);
        long t0 = System.nanoTime();
        float[][] vectors;
        try (PretrainedEncoder enc = PretrainedEncoder.load(model)) {
            long loaded = System.nanoTime();
            WordPieceTokenizer tokenizer = enc.tokenizer();
            List<WordPieceTokenizer.Encoding> encodings = new ArrayList<>(texts.size());
            int max = tokenizer.maxLength(), cut = 0, first = -1;
            for (int i = 0; i < texts.size(); i++) {
                List<Integer> pieces = tokenizer.tokenize(texts.get(i));
                encodings.add(tokenizer.encodePieces(pieces));
                if (tokenizer.untruncatedLength(pieces) > max) {
                    cut++;
                    if (first < 0) first = i;
                }
            }
            vectors = enc.embedEncoded(encodings, batchSize, pooling, !noNormalize);
            out().printf(Locale.ROOT, "embedded %d texts with %s in %.1f s (model loaded in %.1f s): %d dimensions%n",
                    texts.size(), model, (System.nanoTime() - loaded) / 1e9, (loaded - t0) / 1e9,
                    vectors.length == 0 ? 0 : vectors[0].length);
            if (cut > 0) {
                err().println("note: " + cut + " of " + texts.size() + " texts had more than the model's " + max
                        + " tokens and were cut to their first " + max + " (the first: row " + (first + 1) + ")");
            }
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        boolean jsonl = out.getFileName().toString().endsWith(".jsonl");
        AtomicFiles.write(out, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            if (!jsonl && vectors.length > 0) {
                for (int k = 0; k < vectors[0].length; k++) w.write((k == 0 ? "e" : ",e") + k);
                w.write('\n');
            }
            for (int i = 0; i < vectors.length; i++) {
                if (jsonl) w.write("{\"index\": " + i + ", \"embedding\": [");
                for (int k = 0; k < vectors[i].length; k++) {
                    if (k > 0) w.write(jsonl ? ", " : ",");
                    w.write(Float.toString(vectors[i][k]));
                }
                w.write(jsonl ? "]}\n" : "\n");
            }
            w.flush();
        });
        out().println("wrote " + out);
        return 0;
    }
}
