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
 * <p>Rates and the ETA leave out the first step, which pays the one-time costs (class loading, JIT compilation, first
 * allocations) and made the first ETA of a 17-second run read 1:10:01; until a second step is done the ETA is "?".
 */
public final class ProgressBar implements TrainingListener {
    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clock;
    private long total, start, samples;
    private long startNanos, firstStepEndNanos, firstStepSamples;
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
    }

    @Override public void onStep(long step, int epoch, double loss, double lr, int batchSize) {
        samples += batchSize;
        long now = clock.getAsLong();
        if (step == start + 1) {
            firstStepEndNanos = now;
            firstStepSamples = samples;
        }
        // the rate of the steps after the first (the first one's alone while there are no others)
        boolean warm = step > start + 1;
        double secs = Math.max(1e-9, (now - (warm ? firstStepEndNanos : startNanos)) / 1e9);
        double sps = (warm ? step - start - 1 : step - start) / secs;
        double samplesPerSec = (warm ? samples - firstStepSamples : samples) / secs;
        long remaining = Math.max(0, total - step);
        String eta = warm && sps > 0 ? format((long) Math.ceil(remaining / sps)) : remaining == 0 ? format(0) : "?";
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
            // not the first step's line when more are to come: it has no rate yet
            if (step == total || (step / every != lastPrinted && (step > start + 1 || every == 1))) {
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
