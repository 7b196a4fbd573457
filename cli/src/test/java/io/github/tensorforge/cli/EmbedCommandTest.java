package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.PretrainedEncoder;
import io.github.tensorforge.nn.models.BertEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tensorforge embed} with the real all-MiniLM-L6-v2 (on the test class path, as beside the command's jar). */
class EmbedCommandTest {
    @TempDir Path tmp;

    @Test void embedsEveryRowInOrderAsCsvAndJsonLines() throws Exception {
        Path data = TestData.texts(tmp.resolve("comments.csv"), 20, 3);
        Path csv = tmp.resolve("out/embeddings.csv"), jsonl = tmp.resolve("out/embeddings.jsonl");
        Cli.Run r = Cli.run("embed", "--model", "all-minilm-l6-v2", "--data", data.toString(), "--text", "text",
                "--out", csv.toString(), "--batch-size", "6");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("embedded 20 texts") && r.out().contains("384 dimensions"), r.out());
        assertTrue(!r.err().contains("were cut"), "short texts are whole: " + r);
        Cli.Run j = Cli.run("embed", "--model", "all-minilm-l6-v2", "--data", data.toString(), "--text", "text",
                "--out", jsonl.toString());
        assertEquals(0, j.code(), j.toString());

        List<String> texts = new ArrayList<>();
        CsvReader.Table input = CsvReader.read(data, true);
        for (String[] row : input.rows()) texts.add(row[input.columns().indexOf("text")]);
        CsvReader.Table written = CsvReader.read(csv, true);
        assertEquals(384, written.columns().size());
        assertEquals("e0", written.columns().get(0));
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(20, written.rows().size());
        assertEquals(20, lines.size());
        try (PretrainedEncoder enc = PretrainedEncoder.load(PretrainedEncoder.MINILM)) {
            for (int i = 0; i < texts.size(); i++) {
                float[] alone = enc.embed(List.of(texts.get(i)), 1, BertEncoder.Pooling.MEAN, true)[0];
                JsonNode line = Json.parse(lines.get(i));
                assertEquals(i, line.path("index").asInt());
                double norm = 0;
                for (int k = 0; k < 384; k++) {
                    double v = Double.parseDouble(written.rows().get(i)[k]);
                    norm += v * v;
                    assertEquals(alone[k], v, 1e-5, "row " + i + " (csv), dimension " + k);
                    assertEquals(alone[k], line.path("embedding").get(k).asDouble(), 1e-5, "row " + i + " (jsonl)");
                }
                assertEquals(1, Math.sqrt(norm), 1e-5, "row " + i + " has unit length");
            }
        }
    }

    @Test void textsLongerThanTheModelTakesAreReported() throws Exception {
        Path data = tmp.resolve("long.csv");
        Files.writeString(data, "text\nshort one\n\"" + "word ".repeat(300) + "\"\n");
        Cli.Run r = Cli.run("embed", "--model", "all-minilm-l6-v2", "--data", data.toString(), "--text", "text",
                "--out", tmp.resolve("e.csv").toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("note: 1 of 2 texts had more than the model's 128 tokens and were cut to their first 128 "
                + "(the first: row 2)"), r.toString());
    }

    @Test void badArgumentsAreNamedAndNothingIsWritten() throws Exception {
        Path data = TestData.texts(tmp.resolve("comments.csv"), 5, 3), out = tmp.resolve("e.csv");
        Cli.Run column = Cli.run("embed", "--model", "all-minilm-l6-v2", "--data", data.toString(), "--text", "body",
                "--out", out.toString());
        assertEquals(1, column.code(), column.toString());
        assertTrue(column.err().contains("no text column 'body'"), column.err());
        Cli.Run model = Cli.run("embed", "--model", tmp.resolve("nowhere").toString(), "--data", data.toString(),
                "--text", "text", "--out", out.toString());
        assertEquals(1, model.code(), model.toString());
        assertTrue(model.err().contains("known: all-minilm-l6-v2"), model.err());
        Cli.Run batch = Cli.run("embed", "--model", "all-minilm-l6-v2", "--data", data.toString(), "--text", "text",
                "--out", out.toString(), "--batch-size", "0");
        assertEquals(1, batch.code(), batch.toString());
        assertFalse(Files.exists(out));
    }
}
