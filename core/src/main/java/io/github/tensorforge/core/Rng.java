package io.github.tensorforge.core;

import java.util.SplittableRandom;

/**
 * A seeded random generator for reproducible tensors (rand, randn, randint, dropout masks, shuffles). Values are
 * generated on the host, so the same seed gives the same numbers on every backend. Not thread-safe: use one per thread
 * or {@link #split()}.
 */
public final class Rng {
    private static final Rng GLOBAL = new Rng(0x5EEDL);
    private SplittableRandom random;
    private double spareGaussian = Double.NaN;

    public Rng(long seed) { random = new SplittableRandom(seed); }

    private Rng(SplittableRandom random) { this.random = random; }

    /** The process-wide generator used when none is given; seed it with {@link #manualSeed(long)}. */
    public static Rng global() { return GLOBAL; }

    public static void manualSeed(long seed) {
        synchronized (GLOBAL) {
            GLOBAL.random = new SplittableRandom(seed);
            GLOBAL.spareGaussian = Double.NaN;
        }
    }

    /** An independent generator derived from this one. */
    public synchronized Rng split() { return new Rng(random.split()); }

    /** Uniform in [0, 1). */
    public synchronized double uniform() { return random.nextDouble(); }

    /** Fills {@code out} with uniforms in [0, 1): the same values as {@code out.length} calls of {@link #uniform()}. */
    public synchronized void fillUniform(double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = random.nextDouble();
    }

    /** Fills {@code out} with {@code (float) uniform()} values, taking the lock once rather than per value. */
    public synchronized void fillUniform(float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = (float) random.nextDouble();
    }

    /** Fills {@code out} with standard normals: the same values as {@code out.length} calls of {@link #gaussian()}. */
    public synchronized void fillGaussian(double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = gaussian();
    }

    /** 64 uniform random bits (a seed for a counter-based generator such as dropout's mask). */
    public synchronized long nextLong() { return random.nextLong(); }

    /** Uniform integer in [low, high). */
    public synchronized long integer(long low, long high) { return random.nextLong(low, high); }

    public synchronized int nextInt(int bound) { return random.nextInt(bound); }

    /** Standard normal (Box-Muller; deterministic across JDK versions). */
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

    /** Fisher-Yates permutation of 0..n-1. */
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
