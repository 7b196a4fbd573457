package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.View;
import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared by the OpenCL tests: one backend per test JVM (PoCL compiles kernels slowly, so programs are built once),
 * skipping every test with the reason when no OpenCL device is present; and the differential harness that runs the
 * same kernel on this backend and on {@link ReferenceBackend} with identical random inputs and compares the results.
 */
final class ClTestSupport {
    private ClTestSupport() {}

    static final ReferenceBackend REF = new ReferenceBackend();
    private static ClBackend backend;
    private static String unavailable;

    /** The shared backend; skips (never fails) the calling test when OpenCL is not available. */
    static synchronized ClBackend cl() {
        if (backend == null && unavailable == null) {
            ClDevice.Selection s = ClDevice.select();
            if (s.found()) {
                backend = new ClBackend(s.device());
                System.out.println("[opencl tests] running on " + backend.description());
            } else {
                unavailable = s.reason();
                System.out.println("[opencl tests] SKIPPED: " + unavailable);
            }
        }
        Assumptions.assumeTrue(backend != null, () -> "OpenCL not available: " + unavailable);
        return backend;
    }

    static boolean fp64() { return cl().device().fp64(); }

    /** Random host data for a dtype: floats in [-2, 2), ints in [-50, 50), bools 50/50. */
    static Object random(DType t, int n, Random rnd) {
        return switch (t) {
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextBoolean(); yield a; }
            case INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(100) - 50; yield a; }
            case INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(100) - 50; yield a; }
            case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 4 - 2; yield a; }
            case FLOAT64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextDouble() * 4 - 2; yield a; }
        };
    }

    /** Positive floats in [0.1, 3) for log/sqrt/pow bases. */
    static Object positive(DType t, int n, Random rnd) {
        if (t == DType.FLOAT32) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = 0.1f + rnd.nextFloat() * 2.9f; return a; }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 0.1 + rnd.nextDouble() * 2.9;
        return a;
    }

    /** The same host data on both backends, viewed through one layout. */
    static final class Pair {
        final Buffer refBuf, clBuf;
        final View ref, cl;

        Pair(Buffer refBuf, Buffer clBuf, View ref, View cl) {
            this.refBuf = refBuf;
            this.clBuf = clBuf;
            this.ref = ref;
            this.cl = cl;
        }

        void release() {
            refBuf.release();
            clBuf.release();
        }
    }

    /** Uploads {@code host} (length = buffer size) to both backends and views it with shape, strides and offset. */
    static Pair pair(DType t, Object host, int[] shape, int[] strides, int offset) {
        ClBackend c = cl();
        int n = java.lang.reflect.Array.getLength(host);
        Buffer rb = REF.allocate(t, n), cb = c.allocate(t, n);
        REF.upload(rb, host);
        c.upload(cb, host);
        return new Pair(rb, cb, new View(rb, t, shape, strides, offset), new View(cb, t, shape, strides, offset));
    }

    static Pair contiguous(DType t, Object host, int... shape) {
        return pair(t, host, shape, View.rowMajorStrides(shape), 0);
    }

    /** A fresh contiguous output on both backends, pre-filled with the same garbage so unwritten elements show. */
    static Pair output(DType t, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return contiguous(t, random(t, n, new Random(99)), shape);
    }

    /** Compares the whole buffers of an output pair (tolerance |a-b| <= atol + rtol*|ref|; NaN must match NaN). */
    static void assertSame(String what, Pair out, double atol, double rtol) {
        Object r = REF.download(out.refBuf);
        Object c = cl().download(out.clBuf);
        assertArrays(what, r, c, atol, rtol);
    }

    static void assertArrays(String what, Object expected, Object actual, double atol, double rtol) {
        int n = java.lang.reflect.Array.getLength(expected);
        if (java.lang.reflect.Array.getLength(actual) != n) fail(what + ": lengths differ");
        double maxDiff = 0;
        List<String> bad = new ArrayList<>();
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
            if (!ok && bad.size() < 8) bad.add("[" + i + "] expected " + e + " got " + a);
            else if (!ok) bad.add("...");
        }
        if (!bad.isEmpty()) {
            fail(what + ": " + bad.stream().filter(s -> !s.equals("...")).count() + "+ mismatches of " + n
                    + ", largest finite difference " + maxDiff + "; first: " + String.join(", ", bad.subList(0, Math.min(8, bad.size()))));
        }
    }

    static double value(Object array, int i) {
        if (array instanceof float[] a) return a[i];
        if (array instanceof double[] a) return a[i];
        if (array instanceof int[] a) return a[i];
        if (array instanceof long[] a) return a[i];
        if (array instanceof boolean[] a) return a[i] ? 1 : 0;
        throw new IllegalArgumentException(String.valueOf(array));
    }

    static double atol(DType t) { return t == DType.FLOAT32 ? 1e-5 : t == DType.FLOAT64 ? 1e-12 : 0; }
    static double rtol(DType t) { return t == DType.FLOAT32 ? 1e-5 : t == DType.FLOAT64 ? 1e-11 : 0; }

    /** Runs {@code kernel} on both backends: it receives the backend and whether to use the CL views of the pairs. */
    static void both(Consumer<Backend> onRef, Consumer<Backend> onCl) {
        onRef.accept(REF);
        onCl.accept(cl());
    }

    static void releaseAll(Pair... pairs) {
        for (Pair p : pairs) if (p != null) p.release();
    }

    /** The dtypes this device runs (float64 only with cl_khr_fp64). */
    static List<DType> floatTypes() {
        return fp64() ? List.of(DType.FLOAT32, DType.FLOAT64) : List.of(DType.FLOAT32);
    }

    static String str(int[] a) { return Arrays.toString(a); }

    /** Input layouts over the logical shape (3, n): contiguous, strided with an offset, transposed, broadcasts. */
    static final List<String> LAYOUTS = List.of("contig", "step", "transposed", "bcast_row", "bcast_col", "scalar");

    /** A random input of logical shape (3, n) in the named layout, on both backends. */
    static Pair input(DType t, int n, String layout, Random rnd, boolean positive) {
        int[] shape = {3, n};
        int[] strides;
        int offset = 0, size;
        switch (layout) {
            case "contig" -> { strides = new int[] {n, 1}; size = 3 * n; }
            case "step" -> { strides = new int[] {2 * n + 1, 2}; offset = 5; size = offset + 2 * (2 * n + 1) + 2 * (n - 1) + 1; }
            case "transposed" -> { strides = new int[] {1, 3}; size = 3 * n; }
            case "bcast_row" -> { strides = new int[] {0, 1}; size = n; }
            case "bcast_col" -> { strides = new int[] {1, 0}; size = 3; }
            case "scalar" -> { strides = new int[] {0, 0}; offset = 1; size = 2; }
            default -> throw new IllegalArgumentException(layout);
        }
        Object host = positive ? positive(t, size, rnd) : random(t, size, rnd);
        return pair(t, host, shape, strides, offset);
    }
}
