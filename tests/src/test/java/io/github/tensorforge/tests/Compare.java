package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Element-wise comparison of a backend's result with the reference backend's (or with golden values). A failure names
 * the check, shape and dtype, counts the differing elements, and prints the first few of them and the largest
 * difference.
 */
public final class Compare {
    private Compare() {}

    static final int SHOW = 5;

    /** Asserts that {@code actual} (on the backend under test) matches {@code expected} (from the oracle). */
    public static void assertClose(String what, Tensor expected, Tensor actual, Tol tol) {
        String where = actual.backend().name();
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + " on " + where + ": shape " + Arrays.toString(actual.shape())
                    + ", reference has " + Arrays.toString(expected.shape()));
        }
        if (expected.dtype() != actual.dtype()) {
            throw new AssertionError(what + " on " + where + ": dtype " + actual.dtype() + ", reference has "
                    + expected.dtype());
        }
        try (var g = GradMode.disable()) {
            if (expected.dtype() == DType.INT64) {
                assertLongs(what + " " + Arrays.toString(actual.shape()) + " " + actual.dtype() + " on " + where,
                        expected.toLongArray(), actual.toLongArray());
            } else {
                assertValues(what + " " + Arrays.toString(actual.shape()) + " " + actual.dtype() + " on " + where,
                        expected.toDoubleArray(), actual.toDoubleArray(), actual.dtype(), tol);
            }
        }
        Conformance.countCheck(where);
    }

    static void assertLongs(String what, long[] expected, long[] actual) {
        List<String> first = new ArrayList<>();
        int bad = 0;
        long largest = 0;
        int largestAt = -1;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                bad++;
                if (first.size() < SHOW) first.add("[" + i + "] expected " + expected[i] + " got " + actual[i]);
                long d = Math.abs(expected[i] - actual[i]);
                if (d > largest || largestAt < 0) { largest = d; largestAt = i; }
            }
        }
        if (bad > 0) {
            throw new AssertionError(what + ": " + bad + " of " + expected.length + " elements differ (exact match "
                    + "required); largest difference " + largest + " at [" + largestAt + "]; first: " + first);
        }
    }

    /** Compares host values with the dtype's tolerance. */
    public static void assertValues(String what, double[] expected, double[] actual, DType dtype, Tol tol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " elements, expected " + expected.length);
        }
        double maxAbs = 0;
        for (double e : expected) if (Double.isFinite(e)) maxAbs = Math.max(maxAbs, Math.abs(e));
        double rtol = tol.rtol(dtype), atol = tol.atol(dtype) + tol.scale(dtype) * maxAbs;
        List<String> first = new ArrayList<>();
        int bad = 0;
        double largest = -1;
        int largestAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean ok;
            double diff;
            if (Double.isNaN(e) || Double.isNaN(a)) {
                ok = Double.isNaN(e) && Double.isNaN(a);
                diff = ok ? 0 : Double.POSITIVE_INFINITY;
            } else if (Double.isInfinite(e) || Double.isInfinite(a)) {
                ok = e == a;
                diff = ok ? 0 : Double.POSITIVE_INFINITY;
            } else {
                diff = Math.abs(a - e);
                ok = diff <= atol + rtol * Math.abs(e);
            }
            if (!ok) {
                bad++;
                if (first.size() < SHOW) first.add("[" + i + "] expected " + e + " got " + a);
            }
            if (diff > largest) { largest = diff; largestAt = i; }
        }
        if (bad > 0) {
            throw new AssertionError(what + ": " + bad + " of " + expected.length + " elements differ beyond rtol "
                    + rtol + " atol " + (float) atol + "; largest difference " + largest + " at [" + largestAt
                    + "] (expected " + expected[largestAt] + " got " + actual[largestAt] + "); first: " + first);
        }
    }
}
