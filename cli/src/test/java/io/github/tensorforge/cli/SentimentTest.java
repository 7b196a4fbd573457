package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.nn.io.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The motivating task on real data: 3-class comment sentiment (GoEmotions, ../shared/data). Trains the bag of
 * embeddings, the small Transformer and the LSTM on the first 3,000 training comments for 2 short epochs and checks that the
 * test accuracy on dev.csv is well above the majority-class rate. Skipped when the data folder is absent.
 */
class SentimentTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bow", "transformer", "lstm"})
    void learnsSentimentWellAboveTheMajorityClass(String model) throws Exception {
        String shared = System.getProperty("tensorforge.shared.data");
        Path dir = shared == null ? null : Path.of(shared, "sentiment-goemotions-3class");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("train.csv"))
                        && Files.isRegularFile(dir.resolve("dev.csv")),
                "skipping: sentiment data not found at " + dir + " (system property tensorforge.shared.data, set by the "
                        + "root pom to ../shared/data)");
        boolean cpu = Backends.isAvailable("cpu");
        String before = Backends.defaultBackend().name();
        List<String> args = new ArrayList<>(List.of("train", "--data", dir.resolve("train.csv").toString(),
                "--test", dir.resolve("dev.csv").toString(), "--text", "text", "--label", "label", "--model", model,
                "--limit", cpu ? "3000" : "800", "--epochs", "2", "--max-len", "32", "--min-count", "2",
                "--patience", "0", "--quiet", "--out", tmp.resolve(model).toString()));
        if (model.equals("bow")) args.addAll(List.of("--lr", "0.005", "--batch-size", "32"));
        else if (model.equals("lstm")) args.addAll(List.of("--lr", "0.003", "--batch-size", "32"));
        else args.addAll(List.of("--lr", "0.001", "--batch-size", "32", "--ff", cpu ? "256" : "128"));
        if (!cpu) args.addAll(List.of("--backend", "reference"));
        try {
            Cli.Run r = Cli.run(args.toArray(new String[0]));
            assertEquals(0, r.code(), r.toString());
            JsonNode metrics = Json.read(tmp.resolve(model).resolve("metrics.json"));
            JsonNode test = metrics.path("test");
            long total = test.path("samples").asLong(), largest = 0;
            for (JsonNode c : test.path("per_class")) largest = Math.max(largest, c.path("support").asLong());
            double majority = (double) largest / total, acc = test.path("accuracy").asDouble();
            System.out.printf(Locale.ROOT, "sentiment %s (%s, 3000 train rows, 2 epochs, max-len 32): test accuracy %.4f, "
                            + "macro-F1 %.4f on %d dev rows; majority-class rate %.4f; %.2f s per epoch%n", model,
                    cpu ? "cpu" : "reference", acc, test.path("macro_f1").asDouble(), total, majority,
                    metrics.path("training").path("seconds_per_epoch").asDouble());
            assertTrue(acc > majority + 0.08, model + " accuracy " + acc + " is not well above the majority rate "
                    + majority + "\n" + r.out());
        } finally {
            Backends.setDefault(before);
        }
    }
}
