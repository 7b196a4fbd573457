package io.github.tensorforge.spi;

/**
 * The counter-based random mask of inverted dropout, defined so that every backend computes the same mask from a
 * seed, in parallel and on the device, without storing it: element {@code i} (its flat row-major index) is kept when
 * {@code bits(key0, key1, i) >>> 8}, a uniform 24-bit integer, is at least {@link #threshold(double) threshold(p)}.
 * The backward pass recomputes the mask from the same seed.
 *
 * <p>{@code bits} is MurmurHash3's 32-bit finalizer applied twice to a Weyl sequence, keyed by the two halves of the
 * seed: a bijection of {@code i} for each seed, so neighbouring elements are not correlated. Only 32-bit integer
 * multiplies, shifts and xors, which every backend has (vectorized on AVX2, native on GPUs).
 */
public final class DropoutMask {
    private DropoutMask() {}

    /**
     * The first key derived from a 64-bit seed.
     *
     * @param seed the mask's seed
     * @return the seed's low 32 bits
     */
    public static int key0(long seed) { return (int) seed; }

    /**
     * The second key derived from a 64-bit seed.
     *
     * @param seed the mask's seed
     * @return the seed's high 32 bits
     */
    public static int key1(long seed) { return (int) (seed >>> 32); }

    /**
     * Elements whose 24 random bits are below this are dropped: {@code ceil(p * 2^24)}.
     *
     * @param p the drop probability
     * @return the threshold, in {@code [0, 2^24]}
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)} (NaN included)
     */
    public static int threshold(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        return (int) Math.ceil(p * 0x1p24);
    }

    /**
     * The 32 random bits of element {@code i}.
     *
     * @param key0 the seed's first key, {@link #key0(long)}
     * @param key1 the seed's second key, {@link #key1(long)}
     * @param i    the element's flat row-major index
     * @return the element's random bits, all 32 of them uniform
     */
    public static int bits(int key0, int key1, int i) {
        return mix(mix(i * 0x9E3779B9 + key0) ^ key1);
    }

    /** MurmurHash3's fmix32. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    /**
     * Whether element {@code i} is kept: its top 24 random bits, as an unsigned number, are at least
     * {@code threshold}.
     *
     * @param key0      the seed's first key, {@link #key0(long)}
     * @param key1      the seed's second key, {@link #key1(long)}
     * @param threshold the drop threshold, {@link #threshold(double)}
     * @param i         the element's flat row-major index
     * @return true when the element is kept (scaled), false when it is dropped (zeroed)
     */
    public static boolean keep(int key0, int key1, int threshold, int i) {
        return bits(key0, key1, i) >>> 8 >= threshold;
    }

    /**
     * The operand rules of {@link FusedKernels#dropout} ({@link FusedOperands}): x and out alike and contiguous.
     *
     * @param backend the backend's name, for the message
     * @param out     the output view
     * @param x       the input view, FLOAT32 or FLOAT64
     * @throws IllegalArgumentException if {@code x} is not floating, {@code out} differs from it in dtype or size, or
     *                                  either is not contiguous
     */
    public static void checkOperands(String backend, View out, View x) {
        FusedOperands.requireMatching(backend, "dropout", new String[] {"x", "out"}, x, out);
    }

    /**
     * Writes the mask of elements {@code [0, out.length)}: {@code scale} where kept, 0 where dropped.
     *
     * @param out   the mask, one value per element in flat row-major order; overwritten
     * @param seed  the mask's seed
     * @param p     the drop probability
     * @param scale the value of kept elements, normally {@code 1 / (1 - p)}
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)}
     */
    public static void fill(float[] out, long seed, double p, float scale) {
        int k0 = key0(seed), k1 = key1(seed), t = threshold(p);
        for (int i = 0; i < out.length; i++) out[i] = keep(k0, k1, t, i) ? scale : 0f;
    }

    /**
     * The double-precision form of {@link #fill(float[], long, double, float)}.
     *
     * @param out   the mask, one value per element in flat row-major order; overwritten
     * @param seed  the mask's seed
     * @param p     the drop probability
     * @param scale the value of kept elements, normally {@code 1 / (1 - p)}
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)}
     */
    public static void fill(double[] out, long seed, double p, double scale) {
        int k0 = key0(seed), k1 = key1(seed), t = threshold(p);
        for (int i = 0; i < out.length; i++) out[i] = keep(k0, k1, t, i) ? scale : 0.0;
    }
}
