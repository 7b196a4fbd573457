package io.github.tensorforge.cli.report;

import io.github.tensorforge.nn.train.Trainer;
import io.github.tensorforge.nn.train.TrainingListener;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The command's progress bar, a {@link TrainingListener} (the library reports progress to listeners and never prints): steps done / total, current loss, throughput (steps/s and samples/s) and ETA, redrawn in
 * place with a carriage return when the output is an interactive terminal; plain lines (about 20 per run, plus each
 * evaluation) when it is not (logs, CI).
 *
 * <p>Rates and the ETA leave out the warm-up steps, which pay the one-time costs (class loading, JIT compilation, first
 * allocations): the first step made the first ETA of a 17-second run read 1:10:01, and a BERT fine-tune runs its first
 * ten steps at half its pace (its first ETA read 34:14 for a 14-minute run). The warm-up is the first 2% of the steps,
 * at least 1 and at most 10; the ETA is "?" (and no plain line is printed) until as many steps again have been timed.
 */
public final class ProgressBar implements TrainingListener {
    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clock;
    private long total, start, samples;
    private long startNanos, warmEndNanos, warmSamples;
    private int warmSteps;
    private long lastPrinted = -1;

    public ProgressBar(PrintStream out, boolean interactive) { this(out, interactive, System::nanoTime); }

    ProgressBar(PrintStream out, boolean interactive, LongSupplier nanoClock) {
        this.out = out;
        this.interactive = interactive;
        this.clock = nanoClock;
    }

    /** To standard error, interactive when a console is attached. */
    public static ProgressBar toStderr() { return new ProgressBar(System.err, System.console() != null); }

    @Override public void onTrainBegin(long startStep, long totalSteps) {
        this.start = startStep;
        this.total = totalSteps;
        this.startNanos = clock.getAsLong();
        this.samples = 0;
        this.warmSteps = (int) Math.max(1, Math.min(10, (totalSteps - startStep) / 50));
    }

    @Override public void onStep(long step, int epoch, double loss, double lr, int batchSize) {
        samples += batchSize;
        long now = clock.getAsLong();
        if (step == start + warmSteps) {
            warmEndNanos = now;
            warmSamples = samples;
        }
        // the rate of the steps after the warm-up (during it, the rate so far)
        boolean warm = step > start + warmSteps;
        double secs = Math.max(1e-9, (now - (warm ? warmEndNanos : startNanos)) / 1e9);
        double sps = (warm ? step - start - warmSteps : step - start) / secs;
        double samplesPerSec = (warm ? samples - warmSamples : samples) / secs;
        long remaining = Math.max(0, total - step);
        boolean paced = step >= start + 2L * warmSteps; // as many steps timed as the warm-up had
        String eta = paced && sps > 0 ? format((long) Math.ceil(remaining / sps)) : remaining == 0 ? format(0) : "?";
        String stats = String.format("%d/%d epoch %d loss %.4f lr %.3g %.1f steps/s %.0f samples/s ETA %s",
                step, total, epoch + 1, loss, lr, sps, samplesPerSec, eta);
        if (interactive) {
            int width = 30;
            int filled = total > 0 ? (int) Math.min(width, width * step / total) : 0;
            out.print("\r[" + "=".repeat(filled) + (filled < width ? ">" : "") + " ".repeat(Math.max(0, width - filled - 1))
                    + "] " + stats + "   ");
            out.flush();
        } else {
            long every = Math.max(1, total / 20);
            // no line before the pace is known, unless every step has its line
            if (step == total || (step / every != lastPrinted && (paced || every == 1))) {
                lastPrinted = step / every;
                out.println(stats);
            }
        }
    }

    @Override public void onEvaluate(long step, int epoch, Map<String, Double> metrics, boolean improved) {
        StringBuilder sb = new StringBuilder(interactive ? "\n" : "").append("eval @ step ").append(step).append(':');
        metrics.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(String.format("%.4f", v)));
        if (improved) sb.append(" (best)");
        out.println(sb);
    }

    @Override public void onTrainEnd(Trainer.Result result) {
        if (interactive) out.println();
        out.println("done: " + result.steps() + " steps, " + result.epochs() + " epochs"
                + (result.stoppedEarly() ? " (early stop)" : ""));
    }

    static String format(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
