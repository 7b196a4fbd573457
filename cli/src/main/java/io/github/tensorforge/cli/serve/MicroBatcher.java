package io.github.tensorforge.cli.serve;

import io.github.tensorforge.cli.model.Prediction;
import io.github.tensorforge.cli.model.BatchPredictor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Groups concurrent prediction requests into batches for one worker thread that runs the model.
 *
 * <p>The worker takes the oldest waiting request, then keeps taking requests until the batch holds {@code maxBatch}
 * inputs or {@code maxWait} has passed since it took the first one, runs the model once per {@code maxBatch} inputs,
 * and hands every request the slice of results that belongs to it (by position, so answers never mix). A request that
 * would overflow the batch waits for the next one; a request larger than {@code maxBatch} runs alone, in chunks.
 *
 * <p>The queue is bounded: {@link #submit} throws {@link RejectedExecutionException} when it is full (the server
 * answers 503), so overload costs neither memory nor latency of the requests already accepted.
 */
public final class MicroBatcher implements AutoCloseable {
    private record Job(List<Object> inputs, CompletableFuture<List<Prediction>> result) {}

    private final BatchPredictor predictor;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final ArrayBlockingQueue<Job> queue;
    private final ServerMetrics metrics;
    private final Thread worker;
    private volatile boolean accepting = true;
    private volatile boolean stopped;

    public MicroBatcher(BatchPredictor predictor, int maxBatch, long maxWaitMillis, int queueCapacity, ServerMetrics metrics) {
        if (maxBatch <= 0) throw new IllegalArgumentException("max batch must be positive, got " + maxBatch);
        if (maxWaitMillis < 0) throw new IllegalArgumentException("max wait must be >= 0 ms, got " + maxWaitMillis);
        if (queueCapacity <= 0) throw new IllegalArgumentException("queue capacity must be positive, got " + queueCapacity);
        this.predictor = predictor;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.metrics = metrics;
        metrics.queue(queue::size, queueCapacity);
        this.worker = new Thread(this::loop, "tensorforge-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues {@code inputs} (already encoded by the predictor) for the model.
     *
     * @throws RejectedExecutionException when the queue is full or the batcher is shutting down
     */
    public CompletableFuture<List<Prediction>> submit(List<Object> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("submit: no inputs");
        if (!accepting) throw new RejectedExecutionException("the server is shutting down");
        Job job = new Job(List.copyOf(inputs), new CompletableFuture<>());
        if (!queue.offer(job)) {
            throw new RejectedExecutionException("the prediction queue is full (" + queue.remainingCapacity()
                    + " free of " + (queue.size() + queue.remainingCapacity()) + "); retry later");
        }
        return job.result();
    }

    public int queueDepth() { return queue.size(); }

    public boolean isAccepting() { return accepting && !stopped; }

    private void loop() {
        Job carry = null;
        List<Job> batch = new ArrayList<>();
        while (true) {
            Job first = carry;
            carry = null;
            try {
                if (first == null) first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = queue.poll();
            }
            if (first == null) {
                if (!accepting && queue.isEmpty()) break;
                continue;
            }
            batch.clear();
            batch.add(first);
            int n = first.inputs().size();
            long deadline = System.nanoTime() + maxWaitNanos;
            while (n < maxBatch) {
                Job next = queue.poll();
                if (next == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    try {
                        next = queue.poll(left, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        break;
                    }
                    if (next == null) break;
                }
                if (n + next.inputs().size() > maxBatch) {
                    carry = next;
                    break;
                }
                batch.add(next);
                n += next.inputs().size();
            }
            run(batch, n);
        }
        stopped = true;
        Job late;
        while ((late = queue.poll()) != null) {
            late.result().completeExceptionally(new RejectedExecutionException("the server is shutting down"));
        }
    }

    private void run(List<Job> jobs, int n) {
        List<Object> all = new ArrayList<>(n);
        for (Job j : jobs) all.addAll(j.inputs());
        List<Prediction> out = new ArrayList<>(n);
        try {
            for (int from = 0; from < n; from += maxBatch) {
                List<Object> chunk = all.subList(from, Math.min(n, from + maxBatch));
                List<Prediction> p = predictor.predict(chunk);
                if (p.size() != chunk.size()) {
                    throw new IllegalStateException("model returned " + p.size() + " predictions for " + chunk.size()
                            + " inputs");
                }
                metrics.batch(chunk.size());
                out.addAll(p);
            }
        } catch (Throwable t) {
            metrics.modelError();
            for (Job j : jobs) j.result().completeExceptionally(t);
            return;
        }
        int at = 0;
        for (Job j : jobs) {
            int k = j.inputs().size();
            j.result().complete(List.copyOf(out.subList(at, at + k)));
            at += k;
        }
        metrics.inputs(n);
    }

    /** Stops taking requests, answers every queued one, then stops the worker (waiting up to {@code timeoutMillis}). */
    public boolean shutdown(long timeoutMillis) throws InterruptedException {
        accepting = false;
        worker.join(Math.max(1, timeoutMillis));
        boolean done = !worker.isAlive();
        if (!done) {
            worker.interrupt();
            Job j;
            while ((j = queue.poll()) != null) {
                j.result().completeExceptionally(new RejectedExecutionException("the server stopped"));
            }
        }
        return done;
    }

    @Override public void close() {
        try {
            shutdown(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
