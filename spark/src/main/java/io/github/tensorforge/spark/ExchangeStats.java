package io.github.tensorforge.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run exchanged, as Spark measured it: the bytes of the task results the driver received (the gradients) and
 * the shuffle bytes tree aggregation wrote, over all tasks since the run began; with the steps and their wall time.
 * Broadcast bytes (the weights) are counted from the weights' size, as Spark does not report them per task.
 */
public final class ExchangeStats extends SparkListener {
    private final AtomicLong resultBytes = new AtomicLong(), shuffleBytes = new AtomicLong(), tasks = new AtomicLong(),
            failedTasks = new AtomicLong(), steps = new AtomicLong(), stepNanos = new AtomicLong(), broadcastBytes = new AtomicLong();
    private volatile long weightBytes;
    private volatile int executors;

    ExchangeStats(long weightBytes, int executors) {
        this.weightBytes = weightBytes;
        this.executors = executors;
    }

    @Override public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!(end.reason() instanceof org.apache.spark.Success$)) failedTasks.incrementAndGet();
        if (end.taskMetrics() == null) return;
        tasks.incrementAndGet();
        resultBytes.addAndGet(end.taskMetrics().resultSize());
        shuffleBytes.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
    }

    void recordStep(long nanos) {
        steps.incrementAndGet();
        stepNanos.addAndGet(nanos);
        broadcastBytes.addAndGet(weightBytes * executors);
    }

    /** @return the task attempts that failed (and that Spark retried, or the run failed) */
    public long failedTasks() { return failedTasks.get(); }

    /** @return the optimizer steps computed on the cluster */
    public long steps() { return steps.get(); }

    /** @return the mean wall time of a step's distributed part (broadcast, shard gradients, aggregation), seconds */
    public double secondsPerStep() { return steps.get() == 0 ? 0 : stepNanos.get() / 1e9 / steps.get(); }

    /** @return the task-result bytes per step the driver received (the gradients, after aggregation on executors) */
    public double resultBytesPerStep() { return steps.get() == 0 ? 0 : (double) resultBytes.get() / steps.get(); }

    /** @return the shuffle bytes per step (tree aggregation's intermediate level, when it has one) */
    public double shuffleBytesPerStep() { return steps.get() == 0 ? 0 : (double) shuffleBytes.get() / steps.get(); }

    /** @return the weight bytes broadcast per step: the model's float32 weights to every executor */
    public double broadcastBytesPerStep() { return steps.get() == 0 ? 0 : (double) broadcastBytes.get() / steps.get(); }

    @Override public String toString() {
        return String.format(java.util.Locale.ROOT, "%d steps, %.4f s per step, per step: %.0f result bytes, %.0f shuffle"
                + " bytes, %.0f broadcast bytes; %d failed task attempts", steps(), secondsPerStep(), resultBytesPerStep(),
                shuffleBytesPerStep(), broadcastBytesPerStep(), failedTasks());
    }
}
