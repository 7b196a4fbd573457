package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The differential harness of every backend's kernel tests (published in core's test jar): the same host data goes
 * to the backend under test and to a reference backend, both run the same SPI call, and the results are compared,
 * naming the first differing elements and the largest difference. Each backend's test support only says how to get
 * its backend (and skips when it is absent).
 */
public final class KernelHarness {
    private final Backend tested, reference;

    /**
     * A harness comparing {@code tested} against {@code reference}.
     *
     * @param tested    the backend under test
     * @param reference the backend that defines the expected results
     */
    public KernelHarness(Backend tested, Backend reference) {
        this.tested = tested;
        this.reference = reference;
    }

    /**
     * The backend under test.
     *
     * @return it
     */
    public Backend tested() { return tested; }

    /**
     * The reference backend.
     *
     * @return it
     */
    public Backend reference() { return reference; }

    /**
     * One host array on both backends, seen through the same layout.
     *
     * @param refBuf    the reference backend's buffer
     * @param testedBuf the tested backend's buffer
     * @param ref       the reference view
     * @param tested    the tested view
     */
    public record Twin(Buffer refBuf, Buffer testedBuf, View ref, View tested) {
        /** Releases both buffers. */
        public void release() {
            refBuf.release();
            testedBuf.release();
        }

        /**
         * The same buffers through another layout.
         *
         * @param shape   the shape
         * @param strides the strides
         * @param offset  the offset
         * @return a twin sharing these buffers
         */
        public Twin view(int[] shape, int[] strides, int offset) {
            return new Twin(refBuf, testedBuf, new View(refBuf, ref.dtype(), shape, strides, offset),
                    new View(testedBuf, tested.dtype(), shape, strides, offset));
        }

        /**
         * The dtype.
         *
         * @return the views' dtype
         */
        public DType dtype() { return ref.dtype(); }

        /**
         * The shape.
         *
         * @return the views' shape
         */
        public int[] shape() { return ref.shape(); }
    }

    /**
     * Uploads {@code host} (its length is the buffer size) to both backends and views it.
     *
     * @param t       the dtype
     * @param host    a host array of that dtype
     * @param shape   the view's shape
     * @param strides the view's strides
     * @param offset  the view's offset
     * @return the twin
     */
    public Twin twin(DType t, Object host, int[] shape, int[] strides, int offset) {
        int n = Array.getLength(host);
        Buffer rb = reference.allocate(t, n), tb = tested.allocate(t, n);
        reference.upload(rb, host);
        tested.upload(tb, host);
        return new Twin(rb, tb, new View(rb, t, shape, strides, offset), new View(tb, t, shape, strides, offset));
    }

    /**
     * A dense row-major twin of {@code host}.
     *
     * @param t     the dtype
     * @param host  a host array of that dtype, of the shape's size
     * @param shape the shape
     * @return the twin
     */
    public Twin contiguous(DType t, Object host, int... shape) {
        return twin(t, host, shape, View.rowMajorStrides(shape), 0);
    }

    /**
     * A dense twin of random contents ({@link #random}).
     *
     * @param t     the dtype
     * @param rnd   the generator
     * @param shape the shape
     * @return the twin
     */
    public Twin randomContiguous(DType t, Random rnd, int... shape) {
        return contiguous(t, random(t, Math.max(1, size(shape)), rnd), shape);
    }

    /**
     * A dense output, pre-filled on both backends with the same garbage so that elements a kernel forgets show up.
     *
     * @param t     the dtype
     * @param shape the shape
     * @return the twin
     */
    public Twin output(DType t, int... shape) {
        return contiguous(t, random(t, Math.max(1, size(shape)), new Random(4242)), shape);
    }

    /** The layouts of {@link #input}: dense, stepped with an offset, transposed, row and column broadcast, scalar. */
    public static final List<String> LAYOUTS = List.of("dense", "stepped", "transposed", "bcast_row", "bcast_col", "scalar");

    /**
     * A random input of logical shape {@code (rows, n)} in one of {@link #LAYOUTS}.
     *
     * @param t        the dtype
     * @param rows     the rows
     * @param n        the columns
     * @param layout   the layout's name
     * @param rnd      the generator
     * @param positive whether the values must be positive ({@link #positive})
     * @return the twin
     */
    public Twin input(DType t, int rows, int n, String layout, Random rnd, boolean positive) {
        int[] shape = {rows, n};
        int[] strides;
        int offset = 0, size;
        switch (layout) {
            case "dense" -> { strides = new int[] {n, 1}; size = rows * n; }
            case "stepped" -> { strides = new int[] {2 * n + 3, 2}; offset = 7; size = offset + (rows - 1) * (2 * n + 3) + 2 * (n - 1) + 1; }
            case "transposed" -> { strides = new int[] {1, rows}; size = rows * n; }
            case "bcast_row" -> { strides = new int[] {0, 1}; size = n; }
            case "bcast_col" -> { strides = new int[] {1, 0}; size = rows; }
            case "scalar" -> { strides = new int[] {0, 0}; offset = 1; size = 2; }
            default -> throw new IllegalArgumentException(layout);
        }
        Object host = positive ? positive(t, size, rnd) : random(t, size, rnd);
        return twin(t, host, shape, strides, offset);
    }

    /**
     * Compares the whole buffers of an output twin.
     *
     * @param what what is compared, for the message
     * @param out  the output
     * @param atol the absolute tolerance
     * @param rtol the relative tolerance
     */
    public void assertClose(String what, Twin out, double atol, double rtol) {
        assertArrays(what, reference.download(out.refBuf()), tested.download(out.testedBuf()), atol, rtol);
    }

    /**
     * Compares the elements a twin's views see, in row-major order.
     *
     * @param what what is compared, for the message
     * @param p    the twin
     * @param atol the absolute tolerance
     * @param rtol the relative tolerance
     */
    public void assertViewsClose(String what, Twin p, double atol, double rtol) {
        assertArrays(what, values(reference, p.ref()), values(tested, p.tested()), atol, rtol);
    }

    /**
     * Random host data: floats uniform in [-2, 2), integers in [-50, 50), booleans 50/50.
     *
     * @param t   the dtype
     * @param n   the length
     * @param rnd the generator
     * @return a new host array of the dtype
     */
    public static Object random(DType t, int n, Random rnd) {
        return switch (t) {
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextBoolean(); yield a; }
            case INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(100) - 50; yield a; }
            case INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(100) - 50; yield a; }
            case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 4 - 2; yield a; }
            case FLOAT64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextDouble() * 4 - 2; yield a; }
        };
    }

    /**
     * Positive floats in [0.1, 3), the inputs of log, sqrt and pow.
     *
     * @param t   FLOAT32 or FLOAT64
     * @param n   the length
     * @param rnd the generator
     * @return a new host array of the dtype
     */
    public static Object positive(DType t, int n, Random rnd) {
        if (t == DType.FLOAT32) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = 0.1f + rnd.nextFloat() * 2.9f;
            return a;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 0.1 + rnd.nextDouble() * 2.9;
        return a;
    }

    /**
     * Compares two host arrays element by element: {@code |e - a| <= atol + rtol |e|}, NaN must meet NaN and infinities
     * must be equal. Fails with the count, the largest finite difference and the first differing elements.
     *
     * @param what     what is compared, for the message
     * @param expected the expected array
     * @param actual   the actual array
     * @param atol     the absolute tolerance
     * @param rtol     the relative tolerance
     */
    public static void assertArrays(String what, Object expected, Object actual, double atol, double rtol) {
        int n = Array.getLength(expected);
        if (Array.getLength(actual) != n) fail(what + ": lengths differ: " + n + " vs " + Array.getLength(actual));
        double maxDiff = 0;
        int bad = 0;
        List<String> first = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double e = value(expected, i), a = value(actual, i);
            boolean ok;
            if (Double.isNaN(e) || Double.isNaN(a)) ok = Double.isNaN(e) && Double.isNaN(a);
            else if (Double.isInfinite(e) || Double.isInfinite(a)) ok = e == a;
            else {
                double d = Math.abs(e - a);
                maxDiff = Math.max(maxDiff, d);
                ok = d <= atol + rtol * Math.abs(e);
            }
            if (!ok) {
                bad++;
                if (first.size() < 8) first.add("[" + i + "] expected " + e + " got " + a);
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + n + " values differ (atol " + atol + ", rtol " + rtol
                    + "), largest finite difference " + maxDiff + "; first: " + String.join(", ", first));
        }
    }

    /**
     * Element {@code i} of a host array as a double (booleans as 0 or 1).
     *
     * @param array a host array
     * @param i     the index
     * @return the value
     */
    public static double value(Object array, int i) {
        if (array instanceof float[] a) return a[i];
        if (array instanceof double[] a) return a[i];
        if (array instanceof int[] a) return a[i];
        if (array instanceof long[] a) return a[i];
        if (array instanceof boolean[] a) return a[i] ? 1 : 0;
        throw new IllegalArgumentException(String.valueOf(array));
    }

    /**
     * The elements a view sees, in row-major order, as doubles.
     *
     * @param b the backend holding the view's buffer
     * @param v the view
     * @return a new array of the view's size
     */
    public static double[] values(Backend b, View v) {
        Object all = b.download(v.buffer());
        double[] r = new double[v.size()];
        for (int i = 0; i < r.length; i++) r[i] = value(all, v.positionOf(i));
        return r;
    }

    /**
     * The element count of a shape.
     *
     * @param shape the shape
     * @return the product of its sizes
     */
    public static int size(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}
