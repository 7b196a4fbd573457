package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.ModelFiles;
import io.github.tensorforge.nn.io.Safetensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.github.tensorforge.cli.CommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Mutated model directories (issue 19, section 2): each is refused in one clear line before anything large is allocated. */
class HostileModelTest {
    @TempDir static Path shared;
    static Path mlp, text, data, texts;
    @TempDir Path tmp;

    @BeforeAll static void train() throws IOException {
        data = TestData.blobs(shared.resolve("blobs.csv"), 120, 3, 1);
        texts = TestData.texts(shared.resolve("texts.csv"), 150, 2);
        mlp = shared.resolve("mlp");
        text = shared.resolve("text");
        Cli.Run a = Cli.run("train", "--data", data.toString(), "--label", "label", "--ignore", "id", "--model", "mlp",
                "--hidden", "8", "--epochs", "1", "--quiet", "--out", mlp.toString());
        assertEquals(0, a.code(), a.toString());
        Cli.Run b = Cli.run("train", "--data", texts.toString(), "--label", "label", "--text", "text", "--model",
                "transformer", "--d-model", "16", "--heads", "2", "--layers", "1", "--ff", "16", "--max-len", "16",
                "--epochs", "1", "--quiet", "--out", text.toString());
        assertEquals(0, b.code(), b.toString());
    }

    /** A copy of {@code model} with config.json edited by {@code edit}. */
    private Path withConfig(Path model, Consumer<ObjectNode> edit) throws IOException {
        Path dir = copy(model);
        ObjectNode cfg = (ObjectNode) Json.read(dir.resolve(ModelFiles.CONFIG));
        edit.accept(cfg);
        Json.write(dir.resolve(ModelFiles.CONFIG), cfg);
        return dir;
    }

    private Path copy(Path model) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "m");
        try (Stream<Path> s = Files.list(model)) {
            for (Path f : s.toList()) if (Files.isRegularFile(f)) Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }

    private static Cli.Run predict(Path model, Path input) {
        return Cli.run("predict", "--model", model.toString(), "--data", input.toString());
    }

    private static void assertRefused(Cli.Run r, String... fragments) {
        assertEquals(1, r.code(), r.toString());
        for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' in: " + r);
        assertFalse(r.err().contains("looks like a bug"), r.toString());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
        assertFalse(r.err().chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r'), "no raw control characters: " + r);
        assertNoStackTrace(r);
    }

    private static ObjectNode node(JsonNode n, String... path) {
        JsonNode at = n;
        for (String p : path) at = at.isArray() ? at.get(Integer.parseInt(p)) : at.get(p);
        return (ObjectNode) at;
    }

    @Test void theUntouchedModelsPredict() {
        assertEquals(0, predict(mlp, data).code());
        assertEquals(0, predict(text, texts).code());
    }

    @Test void nonFiniteWeightsAreRefusedUnlessAllowed() throws IOException {
        Path dir = copy(mlp);
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> w = new LinkedHashMap<>(Safetensors.load(weights, Backends.current()));
        String first = w.keySet().iterator().next();
        float[] v = w.get(first).toFloatArray();
        v[0] = Float.NaN;
        w.put(first, Tensor.of(v, w.get(first).shape()));
        Safetensors.write(weights, w, Map.of("format", "pt"));
        assertRefused(predict(dir, data), "tensor '" + first + "' holds NaN or infinite values");
        try (ModelFiles.Loaded m = ModelFiles.load(dir, true)) {
            assertTrue(m.model().parameterCount() > 0, "loads when non-finite weights are allowed");
        }
    }

    @Test void aNonFinitePredictionIsAnErrorNotAnAnswer() throws IOException {
        Path dir = copy(mlp);
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> w = new LinkedHashMap<>(Safetensors.load(weights, Backends.current()));
        for (var e : List.copyOf(w.entrySet())) w.put(e.getKey(), e.getValue().mul(1e30f)); // finite, but it overflows
        Safetensors.write(weights, w, Map.of("format", "pt"));
        assertRefused(predict(dir, data), "the model's output is not a finite number");
    }

    @Test void editedSizesAreCheckedAgainstTheWeightsBeforeAnythingIsAllocated() throws IOException {
        long t0 = System.nanoTime();
        assertRefused(predict(withConfig(mlp, c -> node(c, "model", "layers", "0").put("in", 6_000_000)), data),
                "config.json", "do not belong together");
        assertRefused(predict(withConfig(text, c -> node(c, "model").put("vocab_size", 10_000_000)), texts),
                "config.json", "do not belong together");
        assertRefused(predict(withConfig(text, c -> node(c, "model").put("num_layers", Integer.MAX_VALUE)), texts),
                "config.json", "do not belong together");
        Path tok = copy(text);
        ObjectNode t = (ObjectNode) Json.read(tok.resolve(ModelFiles.TOKENIZER));
        t.put("max_length", Integer.MAX_VALUE);
        Json.write(tok.resolve(ModelFiles.TOKENIZER), t);
        assertRefused(predict(tok, texts), "max_length must be in 1..8192");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "refused quickly, without filling the heap");
    }

    @Test void inconsistentConfigsAreRefused() throws IOException {
        assertRefused(predict(withConfig(mlp, c -> node(c, "extra", "input").put("task", "regression")
                .put("target_mean", 0).put("target_std", 1).putArray("classes")), data), "regression");
        assertRefused(predict(withConfig(mlp, c -> node(c, "extra", "input").putArray("image_shape").add(1).add(2).add(2)), data),
                "image_shape");
        for (String bad : new String[] {"NaN", "1e39", "1e-45", "\"x\""}) {
            Path dir = withConfig(mlp, c -> {
                try {
                    node(c, "standardizer").putArray("std").add(1).add(Json.parse(bad.equals("NaN") ? "\"NaN\"" : bad)).add(1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertRefused(predict(dir, data), "std[1]");
        }
        assertRefused(predict(withConfig(mlp, c -> {
            var cl = node(c, "extra", "input").putArray("classes");
            cl.add("alpha").add("alpha").add("gamma");
        }), data), "repeat a name");
        assertRefused(predict(withConfig(mlp, c -> c.put("version", 2)), data), "'version' is 2");
        assertRefused(predict(withConfig(mlp, c -> node(c, "model", "layers", "0").put("activation", "swishy")), data),
                "unknown activation 'swishy'");
        assertRefused(predict(withConfig(mlp, c -> node(c, "extra", "input").putArray("classes").add("alpha").add("beta")), data),
                "classification into 2 classes", "gives 3 outputs");
        Path tok = copy(text);
        ObjectNode t = (ObjectNode) Json.read(tok.resolve(ModelFiles.TOKENIZER));
        for (int i = 0; i < 5000; i++) t.withArray("vocab").add("extra" + i);
        Json.write(tok.resolve(ModelFiles.TOKENIZER), t);
        assertRefused(predict(tok, texts), "tokenizer.json", "embedding has");
    }

    @Test void brokenFilesGetOneLineNamingTheFile() throws IOException {
        Path latin1 = copy(mlp);
        Files.write(latin1.resolve(ModelFiles.CONFIG), "{\"format\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(predict(latin1, data), "config.json is not valid UTF-8");
        Path broken = copy(mlp);
        Files.writeString(broken.resolve(ModelFiles.CONFIG), "{\"format\": \"tensorforge-model\",\u0001\u001b[31m");
        assertRefused(predict(broken, data), "config.json is not valid JSON (line 1");
    }

    @Test void aNamedPipeIsNotReadNorWaitedFor() throws Exception {
        Path dir = copy(mlp);
        Files.delete(dir.resolve(ModelFiles.WEIGHTS));
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", dir.resolve(ModelFiles.WEIGHTS).toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            return;
        }
        assumeTrue(p.waitFor() == 0, "mkfifo failed");
        long t0 = System.nanoTime();
        assertRefused(predict(dir, data), "model.safetensors is not a regular file");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    }
}
