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

    /**
     * A stream at counter 0.
     *
     * @param seed the seed every generator is derived from
     */
    public RngStream(long seed) { this.seed = seed; }

    /**
     * A stream restored at {@code counter}, as saved from {@link #seed()} and {@link #counter()}.
     *
     * @param seed    the seed every generator is derived from
     * @param counter the number of generators already drawn
     */
    public RngStream(long seed, long counter) {
        this.seed = seed;
        this.counter = counter;
    }

    /**
     * A generator for the next draw, seeded with {@code derive(seed, counter)}; advances the counter by one.
     * Thread-safe.
     *
     * @return a new generator
     */
    public synchronized Rng next() { return new Rng(derive(seed, counter++)); }

    /**
     * The seed of this stream.
     *
     * @return the seed
     */
    public long seed() { return seed; }

    /**
     * The number of generators drawn so far (the index of the next one).
     *
     * @return the counter
     */
    public synchronized long counter() { return counter; }

    /**
     * Moves the stream to {@code counter}, so that the next draw is the one a stream at that position gives.
     *
     * @param counter the new counter
     */
    public synchronized void setCounter(long counter) { this.counter = counter; }

    /**
     * A well-mixed seed for {@code (seed, index)} (SplitMix64's finalizer).
     *
     * @param seed  the base seed
     * @param index the index of the derived seed
     * @return the derived seed
     */
    public static long derive(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
