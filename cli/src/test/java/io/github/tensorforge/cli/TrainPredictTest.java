package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.nn.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train, evaluate and predict end to end on small synthetic data, for every model type and input kind. */
class TrainPredictTest {
    @TempDir Path tmp;

    @Test void mlpOnGzippedCsvThenEvaluateAndPredict() throws Exception {
        Path data = TestData.blobs(tmp.resolve("blobs.csv.gz"), 600, 5, 1);
        Path model = tmp.resolve("mlp");
        Cli.Run t = Cli.run("train", "--data", data.toString(), "--label", "label", "--ignore", "id", "--model", "mlp",
                "--hidden", "16", "--epochs", "15", "--patience", "3", "--lr", "0.01", "--batch-size", "16", "--out",
                model.toString(), "--plot", "--quiet");
        assertEquals(0, t.code(), t.toString());
        assertTrue(t.out().contains("test metrics (120 samples)"), t.toString());
        assertTrue(t.out().contains("confusion matrix"), t.toString());
        for (String f : new String[] {"model.safetensors", "config.json", "metrics.json", "loss.png"}) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f + " written");
        }
        assertTrue(!Files.exists(model.resolve("checkpoints")), "checkpoints removed without --keep-checkpoints");
        JsonNode metrics = Json.read(model.resolve("metrics.json"));
        double acc = metrics.path("test").path("accuracy").asDouble();
        assertTrue(acc > 0.9, "blobs are separable; accuracy " + acc);
        JsonNode cfg = Json.read(model.resolve("config.json"));
        assertEquals(5, cfg.path("standardizer").path("mean").size(), "standardization stats saved");
        assertEquals("alpha", cfg.path("class_names").get(0).asText());

        Cli.Run e = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertEquals(0, e.code(), e.toString());
        JsonNode em = Json.parse(e.out());
        assertTrue(em.path("accuracy").asDouble() > 0.9, e.toString());
        assertEquals(600, em.path("samples").asInt());

        Cli.Run p = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--limit", "4");
        assertEquals(0, p.code(), p.toString());
        String[] lines = p.out().strip().split("\n");
        assertEquals(4, lines.length, p.toString());
        assertTrue(lines[0].startsWith("r0\talpha\talpha="), "the id column names the samples: " + p);
        assertTrue(lines[1].contains("(true: beta)"), p.toString());

        Cli.Run pj = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--limit", "3", "--json");
        assertEquals(0, pj.code(), pj.toString());
        JsonNode preds = Json.parse(pj.out()).path("predictions");
        assertEquals(3, preds.size());
        double sum = 0;
        for (JsonNode v : preds.get(0).path("probabilities")) sum += v.asDouble();
        assertEquals(1.0, sum, 1e-4, "probabilities sum to 1");
        assertEquals("gamma", preds.get(2).path("label").asText());
        assertEquals("r2", preds.get(2).path("id").asText());
    }

    @Test void predictReadsCsvRowsFromStandardInput() throws Exception {
        Path data = TestData.blobs(tmp.resolve("blobs.csv"), 300, 3, 2);
        Path model = tmp.resolve("m");
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--label", "label", "--ignore", "id", "--model", "mlp",
                "--hidden", "8", "--epochs", "10", "--lr", "0.01", "--batch-size", "16", "--out", model.toString(),
                "--quiet").code());
        // without a header: values in the model's feature order
        Cli.Run r = predictStdin(model, "13,10,10\n10,13,10\n10,10,13\n");
        assertEquals(0, r.code(), r.toString());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.toString());
        assertTrue(lines[0].contains("\talpha\t") && lines[1].contains("\tbeta\t") && lines[2].contains("\tgamma\t"), r.toString());
        // with a header naming the columns in another order
        Cli.Run h = predictStdin(model, "f2,f1,f0\n10,10,13\n");
        assertEquals(0, h.code(), h.toString());
        assertTrue(h.out().contains("\talpha\t"), h.toString());
        Cli.Run bad = predictStdin(model, "1,2\n");
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.err().contains("2 values, the model takes 3"), bad.toString());
    }

    private static Cli.Run predictStdin(Path model, String input) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CommandLine predict = cl.getSubcommands().get("predict");
        ((PredictCommand) predict.getCommand()).stdin = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        int code = cl.execute("predict", "--model", model.toString());
        return new Cli.Run(code, out.toString(), err.toString());
    }

    @Test void regressionReportsMseMaeAndR2() throws Exception {
        Path data = TestData.linear(tmp.resolve("lin.csv"), 500, 3);
        Path model = tmp.resolve("reg");
        Cli.Run t = Cli.run("train", "--data", data.toString(), "--label", "y", "--regression", "--model", "mlp",
                "--hidden", "16", "--epochs", "40", "--patience", "5", "--lr", "0.01", "--out", model.toString(), "--quiet");
        assertEquals(0, t.code(), t.toString());
        assertTrue(t.out().contains("MSE") && t.out().contains("R^2"), t.toString());
        JsonNode m = Json.read(model.resolve("metrics.json")).path("test");
        assertTrue(m.path("r2").asDouble() > 0.95, "a linear target is learned: " + m);
        Cli.Run p = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--limit", "1", "--json");
        double predicted = Json.parse(p.out()).path("predictions").get(0).path("value").asDouble();
        String[] first = Files.readAllLines(data).get(1).split(",");
        double truth = Double.parseDouble(first[3]);
        assertEquals(truth, predicted, 1.5, "predictions are in the target's units (unstandardized)");
    }

    @Test void cnnOnEightByEightImages() throws Exception {
        Path data = TestData.images(tmp.resolve("img.csv"), 300, 4);
        Path model = tmp.resolve("cnn");
        Cli.Run t = Cli.run("train", "--data", data.toString(), "--label", "label", "--model", "cnn", "--channels", "4,8",
                "--epochs", "6", "--lr", "0.01", "--batch-size", "16", "--out", model.toString(), "--quiet");
        assertEquals(0, t.code(), t.toString());
        assertTrue(t.out().contains("as 1x8x8 images"), t.toString());
        assertTrue(Json.read(model.resolve("metrics.json")).path("test").path("accuracy").asDouble() > 0.9, t.out());
        Cli.Run p = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--limit", "2");
        assertEquals(0, p.code(), p.toString());
        Cli.Run notSquare = Cli.run("train", "--data", TestData.blobs(tmp.resolve("b.csv"), 30, 5, 1).toString(), "--label",
                "label", "--ignore", "id", "--model", "cnn", "--out", tmp.resolve("x").toString());
        assertEquals(1, notSquare.code(), notSquare.toString());
        assertTrue(notSquare.err().contains("square images"), notSquare.toString());
    }

    @Test void idxImagesWithSeparateTestFiles() throws Exception {
        Path[] train = TestData.idx(tmp, "train", 300, 5);
        Path[] test = TestData.idx(tmp, "t10k", 90, 6);
        Path model = tmp.resolve("idx");
        Cli.Run t = Cli.run("train", "--data", train[0].toString(), "--labels", train[1].toString(), "--test",
                test[0].toString(), "--test-labels", test[1].toString(), "--model", "mlp", "--hidden", "16", "--epochs", "8",
                "--lr", "0.01", "--batch-size", "16", "--out", model.toString(), "--quiet");
        assertEquals(0, t.code(), t.toString());
        assertTrue(t.out().contains("test metrics (90 samples)"), t.toString());
        Cli.Run e = Cli.run("evaluate", "--model", model.toString(), "--data", test[0].toString(), "--labels", test[1].toString());
        assertEquals(0, e.code(), e.toString());
        assertTrue(e.out().contains("accuracy"), e.toString());
        Cli.Run noLabels = Cli.run("evaluate", "--model", model.toString(), "--data", test[0].toString());
        assertEquals(1, noLabels.code(), noLabels.toString());
        assertTrue(noLabels.err().contains("--labels"), noLabels.toString());
    }

    @Test void textModelsTrainAndPredictFromStandardInput() throws Exception {
        Path data = TestData.texts(tmp.resolve("texts.csv"), 450, 7);
        for (String type : new String[] {"bow", "transformer", "lstm"}) {
            Path model = tmp.resolve(type);
            Cli.Run t = Cli.run("train", "--data", data.toString(), "--text", "text", "--label", "label", "--model", type,
                    "--max-len", "16", "--epochs", type.equals("bow") ? "12" : "6",
                    "--lr", type.equals("bow") ? "0.01" : type.equals("lstm") ? "0.01" : "0.002",
                    "--batch-size", "16",
                    "--d-model", "32", "--heads", "2", "--ff", "64", "--layers", "1", "--embed-dim", "16",
                    "--out", model.toString(), "--quiet");
            assertEquals(0, t.code(), type + ": " + t);
            assertTrue(Files.isRegularFile(model.resolve("tokenizer.json")), type + ": tokenizer saved");
            double acc = Json.read(model.resolve("metrics.json")).path("test").path("accuracy").asDouble();
            assertTrue(acc > 0.8, type + " learns which words carry the sentiment: accuracy " + acc + "\n" + t.out());
            Cli.Run p = predictStdin(model, "it great the movie love\n\nthe awful this was terrible\n");
            assertEquals(0, p.code(), type + ": " + p);
            String[] lines = p.out().strip().split("\n");
            assertEquals(2, lines.length, "blank lines are skipped: " + p);
            assertTrue(lines[0].startsWith("1\tpositive\t"), type + ": " + p);
            assertTrue(lines[1].startsWith("3\tnegative\t"), "answers are numbered by input line: " + p);
            assertTrue(p.err().contains("skipped 1 blank line of standard input (line 2)"), "and reported: " + p);
            // --max-len 16: a longer text is cut, visibly
            String longText = "it great the movie love " + "the ".repeat(30);
            Cli.Run cut = predictStdin(model, longText + "\n");
            assertTrue(cut.out().contains("(text cut to its first 16 of 35 tokens)"), type + ": " + cut);
        }
    }

    @Test void resumeContinuesAnInterruptedRun() throws Exception {
        Path data = TestData.blobs(tmp.resolve("blobs.csv"), 3000, 3, 9);
        Path model = tmp.resolve("resumed");
        String[] common = {"train", "--data", data.toString(), "--label", "label", "--ignore", "id", "--model", "mlp",
                "--hidden", "8", "--lr", "0.01", "--batch-size", "16", "--patience", "0", "--out", model.toString(), "--quiet",
                "--keep-checkpoints", "--checkpoint-every", "2"};
        Cli.Run none = Cli.run(concat(common, "--epochs", "2", "--resume"));
        assertEquals(1, none.code(), none.toString());
        assertTrue(none.err().contains("no checkpoint"), none.toString());
        // interrupt a long run in another JVM as soon as it has written a checkpoint
        List<String> cmd = Cli.javaCommand(concat(common, "--epochs", "1000"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("run.log").toFile()).start();
        Path last = model.resolve("checkpoints").resolve("last.safetensors");
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!Files.isRegularFile(last)) {
                assertTrue(p.isAlive(), "the run ended early: " + Files.readString(tmp.resolve("run.log")));
                assertTrue(System.nanoTime() < deadline, "no checkpoint within 60 s");
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        Cli.Run more = Cli.run(concat(common, "--epochs", "2", "--resume"));
        assertEquals(0, more.code(), more.toString());
        assertTrue(more.out().contains("resuming from"), more.toString());
        assertTrue(more.out().contains(", 2 epochs"), "training continued to the end of epoch 2: " + more);
        Cli.Run again = Cli.run(concat(common, "--epochs", "3", "--resume"));
        assertEquals(1, again.code(), again.toString());
        assertTrue(again.err().contains("already finished"), again.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
