package io.github.tensorforge.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The CPU backend's own pool: {@code threads - 1} persistent daemon workers plus the calling thread, which always takes
 * part. A job is a range of chunk indices claimed from an atomic counter, so a dispatch is one volatile write and a few
 * unparks rather than a task object per call (GEMM on small matrices is dominated by dispatch latency otherwise).
 * Workers spin briefly after a job before parking, so back-to-back jobs (GEMM k-blocks, training steps) wake fast.
 *
 * <p>One job runs at a time. A caller that finds the pool busy (another thread's kernel, or a kernel called from
 * inside a job) runs its chunks itself, so nesting never deadlocks.
 */
final class CpuThreadPool {
    /** Body of a parallel job: processes chunk {@code chunk} of {@code chunks}. */
    @FunctionalInterface
    interface ChunkBody {
        void run(int chunk);
    }

    /** Body of a parallel loop over {@code [start, end)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(long start, long end);
    }

    /** Property and environment variable that set the thread count. */
    static final String THREADS_PROPERTY = "tensorforge.cpu.threads";
    static final String THREADS_ENV = "TENSORFORGE_CPU_THREADS";

    private static final int SPIN_NANOS = 50_000;

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    /** The current job; workers compare it with the last one they saw. */
    private volatile Job job;
    private volatile boolean shutdown;

    /**
     * One parallel call: chunks are claimed from {@code next} and counted in {@code done}. The caller waits only for
     * chunks that were claimed, never for a worker that has not woken up yet (on a busy machine that can take a
     * scheduler time slice); a worker that wakes late finds the job exhausted and goes back to waiting.
     */
    private static final class Job {
        final ChunkBody body;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(ChunkBody body, int chunks) {
            this.body = body;
            this.chunks = chunks;
        }

        void drain() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    if (failure == null) body.run(c);
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    CpuThreadPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("cpu backend: thread count must be >= 1, got " + threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /**
     * Reads the thread count from the system property {@value #THREADS_PROPERTY}, else the environment variable
     * {@value #THREADS_ENV}, else the number of available processors.
     */
    static int configuredThreads() {
        String s = System.getProperty(THREADS_PROPERTY);
        String source = "system property " + THREADS_PROPERTY;
        if (s == null || s.isBlank()) {
            s = System.getenv(THREADS_ENV);
            source = "environment variable " + THREADS_ENV;
        }
        if (s == null || s.isBlank()) return Runtime.getRuntime().availableProcessors();
        int n;
        try {
            n = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cpu backend: " + source + " must be a positive integer, got '" + s
                    + "'; unset it to use all " + Runtime.getRuntime().availableProcessors() + " processors", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException("cpu backend: " + source + " must be a positive integer, got " + n);
        }
        return n;
    }

    int threads() { return threads; }

    /**
     * Runs {@code body} for every chunk in {@code [0, chunks)}, on the workers and the calling thread, and returns when
     * all have finished. An exception thrown by any chunk is rethrown here.
     */
    void run(int chunks, ChunkBody body) {
        if (chunks <= 0) return;
        if (chunks == 1 || threads == 1 || !lock.tryLock()) {
            for (int c = 0; c < chunks; c++) body.run(c);
            return;
        }
        try {
            Job j = new Job(body, chunks);
            job = j;  // volatile write publishes the job
            for (int i = 0, helpers = Math.min(workers.length, chunks - 1); i < helpers; i++) LockSupport.unpark(workers[i]);
            j.drain();
            int spins = 0;
            while (j.done.get() != chunks) {
                if (++spins < 20_000) Thread.onSpinWait();
                else Thread.yield();
            }
            job = null;  // do not keep the kernel's arrays reachable between calls
            Throwable t = j.failure;
            if (t != null) {
                if (t instanceof RuntimeException re) throw re;
                if (t instanceof Error er) throw er;
                throw new IllegalStateException("cpu backend: parallel kernel failed", t);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Parallel loop over {@code [0, total)}: runs on the calling thread alone when {@code total < minParallel},
     * otherwise in about {@code threads} contiguous ranges (each at least {@code minChunk} long).
     */
    void parallelFor(long total, long minParallel, long minChunk, RangeBody body) {
        if (total <= 0) return;
        if (threads == 1 || total < minParallel) {
            body.run(0, total);
            return;
        }
        int chunks = (int) Math.min(threads, Math.max(1, total / Math.max(1, minChunk)));
        if (chunks <= 1) {
            body.run(0, total);
            return;
        }
        long per = total / chunks, rem = total % chunks;
        run(chunks, c -> {
            long start = c * per + Math.min(c, rem);
            long end = start + per + (c < rem ? 1 : 0);
            body.run(start, end);
        });
    }

    void shutdown() {
        shutdown = true;
        for (Worker w : workers) LockSupport.unpark(w);
    }

    private final class Worker extends Thread {
        Worker(int index) {
            super("tensorforge-cpu-" + index);
            setDaemon(true);
        }

        @Override public void run() {
            Job seen = null;
            while (!shutdown) {
                Job j = job;
                if (j != seen) {
                    seen = j;
                    if (j != null) j.drain();
                    continue;
                }
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (job == seen && !shutdown && System.nanoTime() < spinUntil) Thread.onSpinWait();
                if (job == seen && !shutdown) LockSupport.park(this);
            }
        }
    }
}
