package io.github.tensorforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.github.tensorforge.cli.CommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The train command against hostile data and arguments (issue 19, section 3): one clear line, exit 1, nothing saved. */
class HostileInputTest {
    @TempDir Path tmp;

    private Cli.Run train(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--label", "label", "--model",
                "mlp", "--hidden", "8", "--epochs", "2", "--quiet", "--out", tmp.resolve("model").toString()));
        args.addAll(Arrays.asList(extra));
        return Cli.run(args.toArray(new String[0]));
    }

    private static void assertRefused(Cli.Run r, String message) {
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(message), "'" + message + "' in: " + r);
        assertNoStackTrace(r);
    }

    @Test void aDivergingLearningRateStopsTrainingAndSavesNoModel() throws IOException {
        Path csv = TestData.blobs(tmp.resolve("blobs.csv"), 150, 3, 1);
        Cli.Run r = train(csv, "--ignore", "id", "--lr", "1e308");
        assertRefused(r, "training diverged: ");
        assertTrue(r.err().contains("lower the learning rate"), r.toString());
        assertFalse(Files.exists(tmp.resolve("model/model.safetensors")), "no model saved");
        assertFalse(Files.exists(tmp.resolve("model/checkpoints/best.safetensors")), "nothing non-finite is best");
    }

    @Test void duplicateHeadersEmptyLabelsAndJavaOnlyNumbersAreRefused() throws IOException {
        Path dup = tmp.resolve("dup.csv");
        Files.writeString(dup, "a,a,label\n1,2,x\n3,4,y\n");
        assertRefused(train(dup), "the header names column 'a' twice");

        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "a,b,label\n1,2,x\n3,4,\n5,6,y\n");
        assertRefused(train(empty), "row 2 has an empty label in column 'label'");

        for (String number : new String[] {"7d", "3f", "0x1p3"}) {
            Path odd = tmp.resolve("odd.csv");
            Files.writeString(odd, "a,b,label\n1,2,x\n" + number + ",4,y\n");
            assertRefused(train(odd), "'" + number + "' is not a finite number");
        }
    }

    @Test void aByteOrderMarkDoesNotRenameTheFirstColumn() throws IOException {
        Path csv = TestData.blobs(tmp.resolve("blobs.csv"), 90, 2, 3);
        Path bom = tmp.resolve("bom.csv");
        Files.writeString(bom, "\uFEFF" + Files.readString(csv), StandardCharsets.UTF_8);
        Cli.Run r = train(bom, "--ignore", "id");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("features: 2"), r.toString());
    }

    @Test void outOfRangeOptionsAreRefusedBeforeReadingData() {
        Path none = tmp.resolve("not-read.csv");
        assertRefused(train(none, "--clip-norm", "-1"), "--clip-norm must be a number >= 0");
        assertRefused(train(none, "--clip-norm", "NaN"), "--clip-norm must be a number >= 0");
        assertRefused(train(none, "--weight-decay", "Infinity"), "--weight-decay must be a number >= 0");
        assertRefused(train(none, "--hidden", "8,0"), "--hidden widths must be positive");
        assertRefused(train(none, "--max-len", "2147483647"), "--max-len must be at most");
    }

    @Test void aGzipBombFailsFastWithoutExhaustingMemory() throws IOException {
        // 75 MB of "1,2,x" rows (12.6 million) in about 150 KB of gzip: past the record limit long before memory runs out.
        Path bomb = tmp.resolve("bomb.csv.gz");
        byte[] rows = "1,2,x\n".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            out.write("a,b,label\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 192; i++) out.write(rows);
        }
        assertTrue(Files.size(bomb) < 1 << 20, "a small file: " + Files.size(bomb));
        long t0 = System.nanoTime();
        Cli.Run r = train(bomb);
        assertRefused(r, "more than 10000000 records; split the file");
        assertTrue(System.nanoTime() - t0 < 30e9, "fails fast");
    }

    @Test void anUnwritableOutIsFoundBeforeTraining() throws IOException {
        Path csv = TestData.blobs(tmp.resolve("blobs.csv"), 60, 2, 3);
        // Not writable even for root: /proc accepts no new directories.
        Cli.Run r = Cli.run("train", "--data", csv.toString(), "--label", "label", "--ignore", "id", "--model", "mlp",
                "--quiet", "--out", "/proc/tensorforge-no-such-dir/model");
        assertRefused(r, "--out /proc/tensorforge-no-such-dir/model is not a writable directory");
        assertFalse(r.out().contains("training:"), "refused before training: " + r);
    }
}
