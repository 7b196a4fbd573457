package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.cli.model.EmbeddingPredictor;
import io.github.tensorforge.cli.model.LoadedModel;
import io.github.tensorforge.cli.serve.Http;
import io.github.tensorforge.cli.serve.InferenceServer;
import io.github.tensorforge.cli.serve.LoadTest;
import io.github.tensorforge.nn.io.PretrainedEncoder;
import io.github.tensorforge.nn.models.BertClassifier;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.Safetensors;
import io.github.tensorforge.nn.train.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --model bert} (issue 21) on the real all-MiniLM-L6-v2 and real comments, kept small for CI: a few
 * hundred comments, a few dozen steps. The loss must fall and dev accuracy clear the majority rate; the saved Hugging
 * Face directory must load and predict as the trained model did; a killed and resumed fine-tune must end with the
 * weights of an uninterrupted one. Skipped without ../shared/data.
 */
class BertFineTuneTest {
    @TempDir Path tmp;

    private static Path sentiment() {
        String shared = System.getProperty("tensorforge.shared.data");
        Path dir = shared == null ? null : Path.of(shared, "sentiment-goemotions-3class");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("train.csv")),
                "skipping: sentiment data not found at " + dir + " (system property tensorforge.shared.data)");
        return dir;
    }

    /** The first {@code rows} data rows of {@code csv} (its rows hold no line breaks). */
    private Path head(Path csv, int rows) throws Exception {
        Path out = tmp.resolve(rows + "-" + csv.getFileName());
        try (var lines = Files.lines(csv)) {
            Files.write(out, lines.limit(rows + 1L).toList());
        }
        return out;
    }

    @Test void fineTunesTheRealModelAndTheSavedDirectoryPredictsAsTrained() throws Exception {
        Path data = sentiment(), dev = head(data.resolve("dev.csv"), 400), out = tmp.resolve("bert");
        Cli.Run r = Cli.run("train", "--model", "bert", "--data", data.resolve("train.csv").toString(), "--limit", "480",
                "--test", dev.toString(), "--text", "text", "--label", "label", "--max-len", "32", "--epochs", "2",
                "--batch-size", "16", "--lr", "1e-4", "--patience", "0", "--bucket", "--quiet", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("model: bert (all-minilm-l6-v2, mean pooling)"), r.out());
        JsonNode metrics = Json.read(out.resolve("metrics.json"));
        JsonNode losses = metrics.path("train_loss_per_epoch"), test = metrics.path("test");
        assertTrue(losses.get(1).asDouble() < losses.get(0).asDouble(), "the loss falls: " + losses);
        long largest = 0;
        for (JsonNode c : test.path("per_class")) largest = Math.max(largest, c.path("support").asLong());
        double majority = (double) largest / test.path("samples").asLong(), acc = test.path("accuracy").asDouble();
        System.out.printf(Locale.ROOT, "bert fine-tune (432 comments, 2 epochs, max-len 32): dev accuracy %.4f, macro-F1 "
                + "%.4f on 400 rows, majority rate %.4f%n", acc, test.path("macro_f1").asDouble(), majority);
        assertTrue(acc > majority + 0.05, "accuracy " + acc + " against the majority rate " + majority + "\n" + r.out());

        // A Hugging Face BertForSequenceClassification directory.
        JsonNode config = Json.read(out.resolve("config.json"));
        assertEquals("BertForSequenceClassification", config.path("architectures").get(0).asText());
        assertEquals("positive", config.path("id2label").path("2").asText());
        assertEquals(32, Json.read(out.resolve("tokenizer.json")).path("truncation").path("max_length").asInt());
        var names = Safetensors.readHeader(out.resolve("model.safetensors")).entries().keySet();
        assertTrue(names.contains("bert.encoder.layer.5.output.dense.weight") && names.contains("classifier.weight"),
                names.toString());

        // Loaded without training code: the same test metrics, and batching does not change an answer.
        Cli.Run eval = Cli.run("evaluate", "--model", out.toString(), "--data", dev.toString(), "--json");
        assertEquals(0, eval.code(), eval.toString());
        assertEquals(test, Json.parse(eval.out()), "evaluate on the saved directory equals training's test metrics");
        List<String> texts = List.of("I love this so much, thank you!", "This is the worst thing I have ever read.",
                "The meeting is at noon.", "ok");
        try (LoadedModel m = LoadedModel.load(out)) {
            List<Object> encoded = new ArrayList<>();
            for (String t : texts) encoded.add(m.encodeText(t));
            float[][] together = m.outputs(encoded);
            for (int i = 0; i < texts.size(); i++) {
                float[] alone = m.outputs(List.of(encoded.get(i)))[0];
                for (int k = 0; k < alone.length; k++) assertEquals(alone[k], together[i][k], 1e-5, texts.get(i));
            }
            assertEquals("bert", m.metadata().path("model_type").asText());
        }

        // Served as `serve` does: /v1/predict under the load test, and the fine-tuned encoder's /v1/embeddings.
        try (LoadedModel m = LoadedModel.load(out)) {
            var encoder = new PretrainedEncoder(((BertClassifier) m.module()).encoder(), m.wordPieces());
            InferenceServer server = new InferenceServer(List.of(m, new EmbeddingPredictor(encoder, "fine-tuned", 2000)),
                    new InferenceServer.Options("127.0.0.1", 0, 16, 2, 256, 1 << 16, 16, 60_000));
            try {
                Http http = new Http(server.start());
                List<String> inputs = new ArrayList<>();
                try (var lines = Files.lines(dev)) {
                    // id,label,emotions,text: rows without quotes have the text after the third comma
                    lines.skip(1).filter(l -> !l.contains("\"")).limit(40)
                            .forEach(l -> inputs.add(Json.MAPPER.valueToTree(l.split(",", 4)[3]).toString()));
                }
                LoadTest.Result load = LoadTest.run(http, server, inputs);
                System.out.println("bert load test: " + load);
                Http.Response e = http.post("/v1/embeddings", "{\"input\": [\"I love it\", \"no\"]}");
                assertEquals(200, e.status(), e.toString());
                assertEquals(384, e.json().path("data").get(0).path("embedding").size(), e.toString());
                JsonNode info = Json.parse(http.get("/v1/model").body());
                assertEquals("[\"/v1/predict\",\"/v1/embeddings\"]", info.path("endpoints").toString(), info.toString());
            } finally {
                server.stop(10_000);
            }
        }
    }

    private static String[] args(Path data, Path out) {
        return new String[] {"train", "--model", "bert", "--data", data.resolve("train.csv").toString(), "--limit", "160",
                "--text", "text", "--label", "label", "--max-len", "24", "--epochs", "2", "--batch-size", "16",
                "--lr", "1e-4", "--patience", "0", "--checkpoint-every", "3", "--eval-every", "6", "--quiet",
                "--out", out.toString()};
    }

    @Test void aKilledFineTuneResumesToTheWeightsOfAnUninterruptedOne() throws Exception {
        Path data = sentiment(), whole = tmp.resolve("whole"), resumed = tmp.resolve("resumed");
        Cli.Run reference = Cli.run(args(data, whole));
        assertEquals(0, reference.code(), reference.toString());

        Process p = new ProcessBuilder(Cli.javaCommand(args(data, resumed))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("run.log").toFile()).start();
        Path last = resumed.resolve("checkpoints").resolve(Trainer.LAST);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.isRegularFile(last) || step(last) < 6) {
                assertTrue(p.isAlive(), "the run ended before it was interrupted: " + Files.readString(tmp.resolve("run.log")));
                assertTrue(System.nanoTime() < deadline, "no checkpoint at step 6 within 120 s");
                Thread.sleep(5);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        List<String> resume = new ArrayList<>(Arrays.asList(args(data, resumed)));
        resume.add("--resume");
        Cli.Run more = Cli.run(resume.toArray(new String[0]));
        assertEquals(0, more.code(), more.toString());
        assertTrue(more.out().contains("resuming from"), more.out());
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(resumed.resolve("model.safetensors")), "resumed weights equal uninterrupted ones");
        JsonNode a = Json.read(whole.resolve("metrics.json")), b = Json.read(resumed.resolve("metrics.json"));
        assertEquals(a.get("evaluations"), b.get("evaluations"));
        assertEquals(a.get("test"), b.get("test"));
    }

    private static long step(Path checkpoint) throws Exception {
        String meta = Safetensors.metadata(checkpoint).get("trainer");
        return meta == null ? 0 : Json.parse(meta).path("step").asLong();
    }
}
