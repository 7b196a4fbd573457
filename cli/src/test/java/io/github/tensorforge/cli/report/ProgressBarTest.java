package io.github.tensorforge.cli.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ETA is right from the first line: the warm-up steps' one-time costs do not count as the training's pace. */
class ProgressBarTest {
    @Test void theFirstEtaLeavesOutTheWarmUpStep() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> now[0]);
        bar.onTrainBegin(0, 200);
        // the first step takes 10 s (JIT, loading), then every step 0.1 s
        for (int step = 1; step <= 200; step++) {
            now[0] += step == 1 ? 10_000_000_000L : 100_000_000L;
            bar.onStep(step, 0, 1.0, 0.1, 32);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        // 200 steps warm up for 4 (2%); the first line is step 8's, timed over steps 5-8; 192 steps of 0.1 s are left.
        // It used to read 33:10.
        assertEquals("8/200 epoch 1 loss 1.0000 lr 0.100 10.0 steps/s 320 samples/s ETA 0:20", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("200/200") && lines.get(lines.size() - 1).endsWith("ETA 0:00"),
                lines.get(lines.size() - 1));
        assertEquals(21, lines.size()); // about 20 lines a run, as the class says
        assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("\r"), "plain lines when not a terminal");
    }

    @Test void aLongWarmUpIsLeftOutToo() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> now[0]);
        bar.onTrainBegin(0, 2000);
        // as a BERT fine-tune: the first 10 steps at 1 s (compiling), then 0.1 s
        for (int step = 1; step <= 2000; step++) {
            now[0] += step <= 10 ? 1_000_000_000L : 100_000_000L;
            bar.onStep(step, 0, 1.0, 0.1, 32);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        // the first line comes once steps 11-20 are timed: 1980 steps of 0.1 s are left (step 2's pace said 33:00)
        assertEquals("20/2000 epoch 1 loss 1.0000 lr 0.100 10.0 steps/s 320 samples/s ETA 3:18", lines.get(0));
        assertEquals(21, lines.size());
    }
}
