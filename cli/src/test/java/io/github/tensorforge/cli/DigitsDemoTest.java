package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.nn.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main job: the demo trains an MLP on the bundled 8x8 digits and predicts with the saved model. */
class DigitsDemoTest {
    @TempDir Path tmp;

    @Test void demoTrainsSavesAndPredicts() throws Exception {
        Path out = tmp.resolve("digits");
        Cli.Run r = Cli.run("demo", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        System.out.println(r.out());
        assertTrue(r.out().contains("backend: cpu"), "the default backend is cpu: " + r.out());
        assertTrue(r.out().contains("test metrics (359 samples)"), r.out());
        assertTrue(r.out().contains("of 8 correct"), r.out());
        JsonNode m = Json.read(out.resolve("metrics.json"));
        double acc = m.path("test").path("accuracy").asDouble();
        assertTrue(acc >= 0.95, "digits MLP test accuracy " + acc);
        assertTrue(Files.isRegularFile(out.resolve("loss.png")));
        // the documented predict command on the saved model
        Cli.Run p = Cli.run("predict", "--model", out.toString(), "--data",
                Path.of("..", "data", "digits-8x8", "digits.csv.gz").toString(), "--limit", "5");
        assertEquals(0, p.code(), p.toString());
        assertEquals(5, p.out().strip().split("\n").length, p.toString());
    }
}
