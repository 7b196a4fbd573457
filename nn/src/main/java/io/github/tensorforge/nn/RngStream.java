package io.github.tensorforge.nn;

import io.github.tensorforge.core.Rng;

/**
 * A reproducible source of {@link Rng}s whose whole state is two longs (a seed and a counter), so that it can be saved
 * in a checkpoint and restored exactly: every call to {@link #next()} derives a fresh generator from
 * {@code (seed, counter++)}. Dropout layers draw their masks from it; data loaders derive their per-epoch shuffles the
 * same way ({@link #derive(long, long)}).
 */
public final class RngStream {
    private final long seed;
    private long counter;

    public RngStream(long seed) { this.seed = seed; }

    public RngStream(long seed, long counter) {
        this.seed = seed;
        this.counter = counter;
    }

    /** A generator for the next draw. */
    public synchronized Rng next() { return new Rng(derive(seed, counter++)); }

    public long seed() { return seed; }

    public synchronized long counter() { return counter; }

    public synchronized void setCounter(long counter) { this.counter = counter; }

    /** A well-mixed seed for {@code (seed, index)} (SplitMix64's finalizer). */
    public static long derive(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
