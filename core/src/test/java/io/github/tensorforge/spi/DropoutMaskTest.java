package io.github.tensorforge.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistics of dropout's counter-based mask: keep rate, independence of neighbours and of seeds, edge values of p. */
class DropoutMaskTest {
    private static final int N = 1 << 20;

    @Test void keepRateMatchesOneMinusP() {
        for (double p : new double[] {0.05, 0.1, 0.5, 0.9}) {
            for (long seed : new long[] {0, 1, -7, 0x123456789ABCDEFL}) {
                float[] m = new float[N];
                DropoutMask.fill(m, seed, p, 1f);
                double kept = 0;
                for (float v : m) kept += v;
                double sigma = Math.sqrt(N * p * (1 - p));
                assertEquals(N * (1 - p), kept, 6 * sigma, "p " + p + " seed " + seed);
            }
        }
    }

    /** Neighbouring elements (and elements 64 apart: a row of a typical tensor) are kept independently. */
    @Test void neighboursAreIndependent() {
        double p = 0.5;
        float[] m = new float[N];
        DropoutMask.fill(m, 42, p, 1f);
        for (int lag : new int[] {1, 2, 8, 64, 4096}) {
            double both = 0;
            for (int i = 0; i + lag < N; i++) both += m[i] * m[i + lag];
            double pairs = N - lag, q = (1 - p) * (1 - p);
            assertEquals(pairs * q, both, 6 * Math.sqrt(pairs * q * (1 - q)), "lag " + lag);
        }
    }

    @Test void seedsGiveIndependentMasks() {
        float[] a = new float[N], b = new float[N];
        DropoutMask.fill(a, 1, 0.5, 1f);
        DropoutMask.fill(b, 2, 0.5, 1f);
        double both = 0;
        for (int i = 0; i < N; i++) both += a[i] * b[i];
        assertEquals(N * 0.25, both, 6 * Math.sqrt(N * 0.25 * 0.75));
        // Seeds that differ only in the high half (key1) differ too.
        float[] c = new float[4096], d = new float[4096];
        DropoutMask.fill(c, 5L, 0.5, 1f);
        DropoutMask.fill(d, 5L | (1L << 32), 0.5, 1f);
        assertNotEquals(java.util.Arrays.toString(c), java.util.Arrays.toString(d));
    }

    @Test void edgesOfP() {
        assertEquals(0, DropoutMask.threshold(0));
        float[] m = new float[1000];
        DropoutMask.fill(m, 3, 0, 2f);
        for (float v : m) assertEquals(2f, v, "p = 0 keeps everything, scaled");
        // The largest p below 1 still keeps an element now and then; the scale is applied exactly.
        double[] md = new double[N];
        DropoutMask.fill(md, 3, 0.999, 1000.0);
        int kept = 0;
        for (double v : md) {
            assertTrue(v == 0 || v == 1000.0);
            if (v != 0) kept++;
        }
        assertEquals(N * 0.001, kept, 6 * Math.sqrt(N * 0.001));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DropoutMask.threshold(1));
        assertTrue(e.getMessage().contains("dropout") && e.getMessage().contains("[0, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DropoutMask.threshold(Double.NaN));
    }
}
