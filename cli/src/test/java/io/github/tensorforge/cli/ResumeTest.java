package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.Safetensors;
import io.github.tensorforge.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --resume after a kill (issue 19, section 4): the whole history is kept, and a changed run is refused. */
class ResumeTest {
    @TempDir Path tmp;

    private String[] run(Path data, Path out, String batchSize, String lr, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--label", "label", "--ignore", "id",
                "--model", "mlp", "--hidden", "8", "--lr", lr, "--batch-size", batchSize, "--patience", "0",
                "--eval-every", "20", "--checkpoint-every", "5", "--epochs", "2", "--out", out.toString(), "--quiet"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(new String[0]);
    }

    private String[] args(Path data, Path out, String... extra) { return run(data, out, "16", "0.01", extra); }

    private static int evaluationsIn(Path checkpoint) throws Exception {
        String history = Safetensors.metadata(checkpoint).get(Trainer.LISTENER_PREFIX + "history");
        return history == null ? 0 : Json.parse(history).path("evaluations").size();
    }

    @Test void aResumedRunKeepsTheWholeHistoryAndRefusesChangedOptions() throws Exception {
        Path data = TestData.blobs(tmp.resolve("blobs.csv"), 2000, 3, 9);
        Path whole = tmp.resolve("whole"), resumed = tmp.resolve("resumed");
        Cli.Run reference = Cli.run(args(data, whole));
        assertEquals(0, reference.code(), reference.toString());

        // Interrupt a long run in another JVM once its checkpoint holds two evaluations.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args(data, resumed)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("run.log").toFile()).start();
        Path last = resumed.resolve("checkpoints").resolve(Trainer.LAST);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.isRegularFile(last) || evaluationsIn(last) < 2) {
                assertTrue(p.isAlive(), "the run ended before it was interrupted: " + Files.readString(tmp.resolve("run.log")));
                assertTrue(System.nanoTime() < deadline, "no checkpoint within 60 s");
                Thread.sleep(5);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }

        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy.resolve("checkpoints"));
        Files.copy(last, copy.resolve("checkpoints").resolve(Trainer.LAST));

        Cli.Run changed = Cli.run(run(data, resumed, "32", "0.02", "--resume"));
        assertEquals(1, changed.code(), changed.toString());
        assertTrue(changed.err().contains("trained with other data or options: batch_size: 16 -> 32; lr: 0.01 -> 0.02"),
                changed.toString());
        assertTrue(changed.err().contains("--resume-with-changes"), changed.toString());
        Path otherData = TestData.blobs(tmp.resolve("blobs.csv"), 2000, 3, 10); // same name, other content
        Cli.Run edited = Cli.run(args(otherData, resumed, "--resume"));
        assertEquals(1, edited.code(), edited.toString());
        assertTrue(edited.err().contains("data: "), edited.toString());
        TestData.blobs(tmp.resolve("blobs.csv"), 2000, 3, 9);

        Cli.Run asked = Cli.run(run(data, copy, "32", "0.01", "--resume", "--resume-with-changes"));
        assertEquals(0, asked.code(), asked.toString());
        assertTrue(asked.err().contains("warning: resuming with changes: batch_size: 16 -> 32"), asked.toString());

        Cli.Run more = Cli.run(args(data, resumed, "--resume"));
        assertEquals(0, more.code(), more.toString());
        JsonNode a = Json.read(whole.resolve("metrics.json")), b = Json.read(resumed.resolve("metrics.json"));
        assertEquals(a.get("evaluations"), b.get("evaluations"), "the resumed run reports every evaluation of the run");
        assertEquals(a.get("train_loss_per_epoch"), b.get("train_loss_per_epoch"));
        assertEquals(a.get("test"), b.get("test"));
    }
}
