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

    /**
     * Inverted-dropout mask: each entry is {@code scale} where {@code uniform() >= p} and 0 elsewhere, so it draws the
     * same stream as {@link #fillUniform(double[])}. One lock for the whole mask.
     */
    public synchronized void fillBernoulliScaled(float[] out, double p, float scale) {
        long threshold = uniformThreshold(p);
        for (int i = 0; i < out.length; i++) out[i] = scale * keepBit(random.nextLong(), threshold);
    }

    /** The double-precision form of {@link #fillBernoulliScaled(float[], double, float)}. */
    public synchronized void fillBernoulliScaled(double[] out, double p, double scale) {
        long threshold = uniformThreshold(p);
        for (int i = 0; i < out.length; i++) out[i] = scale * keepBit(random.nextLong(), threshold);
    }

    /*
     * nextDouble() is (nextLong() >>> 11) * 2^-53, so "nextDouble() >= p" is exactly "(nextLong() >>> 11) >= ceil(p 2^53)"
     * (scaling by a power of two is exact). Comparing integers without a branch keeps random masks from stalling the
     * branch predictor: twice as fast, same stream.
     */
    private static long uniformThreshold(double p) { return (long) Math.ceil(p * 0x1p53); }

    /** 1 when {@code (bits >>> 11) >= threshold}, else 0. */
    private static int keepBit(long bits, long threshold) { return (int) (1 - (((bits >>> 11) - threshold) >>> 63)); }

    /** Fills {@code out} with standard normals: the same values as {@code out.length} calls of {@link #gaussian()}. */
    public synchronized void fillGaussian(double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = gaussian();
    }

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
