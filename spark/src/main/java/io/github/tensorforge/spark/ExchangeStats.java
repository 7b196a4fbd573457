package io.github.tensorforge.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run exchanged, as Spark measured it: the bytes of the task results the driver received (gradients, or
 * averaged weights) and the shuffle bytes the aggregation tree wrote, over all tasks since the run began; with the
 * exchanges (one per synchronous step, one per parameter-averaging round) and their wall time. Broadcast bytes (the
 * weights, the optimizer state for averaging, the batch rows) are counted from the arrays broadcast, once per
 * executor, as Spark does not report them per task.
 */
public final class ExchangeStats extends SparkListener {
    private final AtomicLong resultBytes = new AtomicLong(), shuffleBytes = new AtomicLong(), tasks = new AtomicLong(),
            failedTasks = new AtomicLong(), exchanges = new AtomicLong(), nanos = new AtomicLong(),
            broadcastBytes = new AtomicLong();
    private final int executors;

    ExchangeStats(int executors) { this.executors = executors; }

    @Override public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!(end.reason() instanceof org.apache.spark.Success$)) failedTasks.incrementAndGet();
        if (end.taskMetrics() == null) return;
        tasks.incrementAndGet();
        resultBytes.addAndGet(end.taskMetrics().resultSize());
        shuffleBytes.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
    }

    void record(long elapsedNanos, long broadcast) {
        exchanges.incrementAndGet();
        nanos.addAndGet(elapsedNanos);
        broadcastBytes.addAndGet(broadcast * executors);
    }

    /** @return the task attempts that failed (and that Spark retried, or the run failed) */
    public long failedTasks() { return failedTasks.get(); }

    /** @return the exchanges with the cluster: synchronous steps, or averaging rounds */
    public long exchanges() { return exchanges.get(); }

    /** @return the mean wall time of an exchange (broadcast, the shards' work, aggregation), seconds */
    public double secondsPerExchange() { return perExchange(nanos.get()) / 1e9; }

    /** @return the task-result bytes per exchange the driver received */
    public double resultBytesPerExchange() { return perExchange(resultBytes.get()); }

    /** @return the shuffle bytes per exchange (the aggregation tree's group level, when it has one) */
    public double shuffleBytesPerExchange() { return perExchange(shuffleBytes.get()); }

    /** @return the bytes broadcast per exchange, to every executor */
    public double broadcastBytesPerExchange() { return perExchange(broadcastBytes.get()); }

    private double perExchange(long total) { return exchanges.get() == 0 ? 0 : (double) total / exchanges.get(); }

    @Override public String toString() {
        return String.format(java.util.Locale.ROOT, "%d exchanges, %.4f s each, per exchange: %.0f result bytes, %.0f "
                + "shuffle bytes, %.0f broadcast bytes; %d failed task attempts", exchanges(), secondsPerExchange(),
                resultBytesPerExchange(), shuffleBytesPerExchange(), broadcastBytesPerExchange(), failedTasks());
    }
}
