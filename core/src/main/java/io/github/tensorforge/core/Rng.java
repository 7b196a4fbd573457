package io.github.tensorforge.core;

import java.util.SplittableRandom;

/**
 * A seeded random generator for reproducible tensors (rand, randn, randint, dropout masks, shuffles). Values are
 * generated on the host, so the same seed gives the same numbers on every backend. The methods are synchronized, so
 * sharing one generator between threads is safe, but the values each thread gets then depend on scheduling: for
 * reproducible results use one per thread or {@link #split()}.
 */
public final class Rng {
    private static final Rng GLOBAL = new Rng(0x5EEDL);
    private SplittableRandom random;
    private double spareGaussian = Double.NaN;

    /**
     * A generator whose sequence is fixed by {@code seed}.
     *
     * @param seed the seed; the same seed gives the same values
     */
    public Rng(long seed) { random = new SplittableRandom(seed); }

    private Rng(SplittableRandom random) { this.random = random; }

    /**
     * The process-wide generator used when none is given; seed it with {@link #manualSeed(long)}.
     *
     * @return the global generator, always the same instance
     */
    public static Rng global() { return GLOBAL; }

    /**
     * Reseeds the global generator (like {@code torch.manual_seed}), so later draws from {@link #global()} repeat.
     *
     * @param seed the new seed
     */
    public static void manualSeed(long seed) {
        synchronized (GLOBAL) {
            GLOBAL.random = new SplittableRandom(seed);
            GLOBAL.spareGaussian = Double.NaN;
        }
    }

    /**
     * An independent generator derived from this one; advances this one.
     *
     * @return a new generator whose sequence is fixed by this one's state
     */
    public synchronized Rng split() { return new Rng(random.split()); }

    /**
     * A uniform double.
     *
     * @return a value in [0, 1)
     */
    public synchronized double uniform() { return random.nextDouble(); }

    /**
     * Fills {@code out} with uniforms in [0, 1): the same values as {@code out.length} calls of {@link #uniform()}.
     *
     * @param out the array to fill; overwritten
     */
    public synchronized void fillUniform(double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = random.nextDouble();
    }

    /**
     * Fills {@code out} with uniform floats in [0, 1), from the same draws as {@link #uniform()}, taking the lock once
     * rather than per value. A double that rounds up to 1 becomes the largest float below 1, so 1 never appears.
     *
     * @param out the array to fill; overwritten
     */
    public synchronized void fillUniform(float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = Math.min((float) random.nextDouble(), BELOW_ONE);
    }

    /** The largest float below 1. */
    private static final float BELOW_ONE = Math.nextDown(1f);

    /**
     * Fills {@code out} with standard normals: the same values as {@code out.length} calls of {@link #gaussian()}.
     *
     * @param out the array to fill; overwritten
     */
    public synchronized void fillGaussian(double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = gaussian();
    }

    /**
     * 64 uniform random bits (a seed for a counter-based generator such as dropout's mask).
     *
     * @return a uniform long
     */
    public synchronized long nextLong() { return random.nextLong(); }

    /**
     * Uniform integer in [low, high).
     *
     * @param low  the smallest value
     * @param high one more than the largest value
     * @return a value in [low, high)
     * @throws IllegalArgumentException if {@code low >= high}
     */
    public synchronized long integer(long low, long high) { return random.nextLong(low, high); }

    /**
     * Uniform integer in [0, bound).
     *
     * @param bound one more than the largest value
     * @return a value in [0, bound)
     * @throws IllegalArgumentException if {@code bound} is not positive
     */
    public synchronized int nextInt(int bound) { return random.nextInt(bound); }

    /**
     * Standard normal (Box-Muller; deterministic across JDK versions). Values come in pairs: every second call returns
     * the spare of the previous one.
     *
     * @return a sample of N(0, 1)
     */
    public synchronized double gaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1;
        do { u1 = random.nextDouble(); } while (u1 <= 1e-300);
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Fisher-Yates permutation of 0..n-1.
     *
     * @param n the number of elements, at least 0
     * @return a new array holding each of {@code 0 .. n-1} once, in random order
     * @throws NegativeArraySizeException if {@code n} is negative
     */
    public synchronized int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
