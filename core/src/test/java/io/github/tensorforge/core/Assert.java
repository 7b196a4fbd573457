package io.github.tensorforge.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Comparisons that print the first differing values and the largest difference. */
final class Assert {
    private Assert() {}

    static void close(double[] expected, Tensor actual, double tol) {
        close(expected, actual.toDoubleArray(), tol);
    }

    static void close(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, "element count");
        StringBuilder firstBad = new StringBuilder();
        double worst = 0;
        int bad = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean same = (Double.isNaN(e) && Double.isNaN(a)) || e == a || Math.abs(e - a) <= tol * (1 + Math.abs(e));
            if (!same) {
                if (bad < 5) firstBad.append(String.format(" [%d] expected %s got %s;", i, e, a));
                bad++;
                worst = Math.max(worst, Math.abs(e - a));
            }
        }
        if (bad > 0) fail(bad + " of " + expected.length + " values differ, largest difference " + worst + ":" + firstBad);
    }

    static void shape(Tensor t, int... shape) { assertArrayEquals(shape, t.shape(), "shape"); }
}
