package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.View;
import org.junit.jupiter.api.Assumptions;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential harness of the CUDA tests: the same random host data goes to this backend and to
 * {@link ReferenceBackend}, both run the same SPI call, and the downloaded results are compared (printing the first
 * differing values and the largest difference). One backend per test JVM; without a CUDA device every test that
 * asks for it is skipped (never failed) with the provider's reason.
 */
final class CudaTestSupport {
    private CudaTestSupport() {}

    static final ReferenceBackend REF = new ReferenceBackend();
    private static CudaBackend backend;
    private static String unavailable;

    /** The shared backend; skips the calling test, with the reason, when CUDA is not available. */
    static synchronized CudaBackend cuda() {
        if (backend == null && unavailable == null) {
            Availability a = new CudaBackendProvider().availability();
            if (a.available()) {
                backend = new CudaBackend();
                System.out.println("[cuda tests] running on " + backend.description());
            } else {
                unavailable = a.reason();
                System.out.println("[cuda tests] SKIPPED: " + unavailable);
            }
        }
        Assumptions.assumeTrue(backend != null, () -> "CUDA not available: " + unavailable);
        return backend;
    }

    /** Random host data: floats in [-2, 2), ints in [-50, 50), bools 50/50. */
    static Object random(DType t, int n, Random rnd) {
        return switch (t) {
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextBoolean(); yield a; }
            case INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(100) - 50; yield a; }
            case INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(100) - 50; yield a; }
            case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 4 - 2; yield a; }
            case FLOAT64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextDouble() * 4 - 2; yield a; }
        };
    }

    /** Floats in [0.1, 3): inputs of log, sqrt, pow. */
    static Object positive(DType t, int n, Random rnd) {
        if (t == DType.FLOAT32) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = 0.1f + rnd.nextFloat() * 2.9f;
            return a;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 0.1 + rnd.nextDouble() * 2.9;
        return a;
    }

    /** One host array on both backends, seen through the same layout. */
    record Twin(Buffer refBuf, Buffer cudaBuf, View ref, View cuda) {
        void release() {
            refBuf.release();
            cudaBuf.release();
        }

        /** The same buffers through another layout. */
        Twin view(int[] shape, int[] strides, int offset) {
            return new Twin(refBuf, cudaBuf, new View(refBuf, ref.dtype(), shape, strides, offset),
                    new View(cudaBuf, cuda.dtype(), shape, strides, offset));
        }
    }

    static Twin twin(DType t, Object host, int[] shape, int[] strides, int offset) {
        CudaBackend c = cuda();
        int n = Array.getLength(host);
        Buffer rb = REF.allocate(t, n), cb = c.allocate(t, n);
        REF.upload(rb, host);
        c.upload(cb, host);
        return new Twin(rb, cb, new View(rb, t, shape, strides, offset), new View(cb, t, shape, strides, offset));
    }

    static Twin contiguous(DType t, Object host, int... shape) {
        return twin(t, host, shape, View.rowMajorStrides(shape), 0);
    }

    static Twin randomContiguous(DType t, Random rnd, int... shape) {
        return contiguous(t, random(t, size(shape), rnd), shape);
    }

    /** An output on both backends, pre-filled with the same garbage so that unwritten elements show up. */
    static Twin output(DType t, int... shape) {
        return contiguous(t, random(t, size(shape), new Random(4242)), shape);
    }

    static int size(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** Runs the same call on both backends: {@code call.accept(backend, useCudaViews)}. */
    static void both(BiConsumer<Backend, Boolean> call) {
        call.accept(REF, false);
        call.accept(cuda(), true);
    }

    static void assertClose(String what, Twin out, double atol, double rtol) {
        Object expected = REF.download(out.refBuf());
        Object actual = cuda().download(out.cudaBuf());
        assertArrays(what, expected, actual, atol, rtol);
    }

    static void assertArrays(String what, Object expected, Object actual, double atol, double rtol) {
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
            fail(what + ": " + bad + " of " + n + " values differ, largest finite difference " + maxDiff + "; first: "
                    + String.join(", ", first));
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

    static double atol(DType t) { return t == DType.FLOAT32 ? 2e-5 : t == DType.FLOAT64 ? 1e-12 : 0; }

    static double rtol(DType t) { return t == DType.FLOAT32 ? 2e-5 : t == DType.FLOAT64 ? 1e-11 : 0; }

    /**
     * Tolerance of a GEMM with inner dimension k in the configured math mode: float64 exact-ish, fp32 rounding that
     * grows like sqrt(k), and the 10-bit (tf32) or 8-bit (bf16) input mantissas of the tensor-core modes.
     */
    static double gemmTol(DType t, int k) {
        if (t == DType.FLOAT64) return 1e-10 * Math.max(1, k);
        String math = CudaConfig.get(CudaConfig.MATH);
        if (math != null && math.equalsIgnoreCase("bf16")) return 2e-2 * Math.sqrt(k);
        if (math != null && math.equalsIgnoreCase("tf32")) return 3e-3 * Math.sqrt(k);
        return 2e-5 * Math.sqrt(k) + 1e-5;
    }

    static void releaseAll(Twin... twins) {
        for (Twin t : twins) if (t != null) t.release();
    }

    /** Input layouts of logical shape (rows, n): dense, stepped with an offset, transposed, broadcast, scalar. */
    static final List<String> LAYOUTS = List.of("dense", "stepped", "transposed", "bcast_row", "bcast_col", "scalar");

    static Twin input(DType t, int rows, int n, String layout, Random rnd, boolean positive) {
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
}
