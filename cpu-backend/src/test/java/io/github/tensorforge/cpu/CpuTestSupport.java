package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.View;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the same kernel on the CPU backend and the reference backend: both get buffers with identical contents and
 * identical layouts (strides, offsets), and results are compared element by element.
 */
final class CpuTestSupport {
    private CpuTestSupport() {}

    /** Two threads and a small cache: the parallel paths and the pool run even on a one-core machine. */
    static final CpuBackend CPU = new CpuBackend(2, 64L << 20);
    static final ReferenceBackend REF = new ReferenceBackend();

    /** The same tensor on both backends. */
    record Pair(View cpu, View ref) {
        DType dtype() { return cpu.dtype(); }

        int[] shape() { return cpu.shape(); }
    }

    static Object random(DType t, int n, Random r) {
        return switch (t) {
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * 2);
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = r.nextGaussian() * 2;
                yield a;
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = r.nextInt(41) - 20;
                yield a;
            }
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = r.nextInt(41) - 20;
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) a[i] = r.nextBoolean();
                yield a;
            }
        };
    }

    /** Copies host data into a new buffer of each backend and wraps it with the given layout. */
    static Pair pair(DType t, Object host, int[] shape, int[] strides, int offset) {
        int n = java.lang.reflect.Array.getLength(host);
        Buffer bc = CPU.allocate(t, n), br = REF.allocate(t, n);
        CPU.upload(bc, host);
        REF.upload(br, host);
        return new Pair(new View(bc, t, shape, strides, offset), new View(br, t, shape, strides, offset));
    }

    /** A dense row-major tensor with random contents. */
    static Pair contiguous(DType t, Random r, int... shape) {
        int n = Math.max(1, size(shape));
        return pair(t, random(t, n, r), shape, View.rowMajorStrides(shape), 0);
    }

    /** A tensor laid out with the given strides (elements) after an offset of 3, random contents everywhere. */
    static Pair strided(DType t, Random r, int[] shape, int[] strides) {
        int max = 3;
        for (int d = 0; d < shape.length; d++) max += (shape[d] - 1) * Math.max(0, strides[d]);
        return pair(t, random(t, max + 1, r), shape, strides, 3);
    }

    /** A transposed view of a row-major buffer: shape (a, b) stored as (b, a). */
    static Pair transposed(DType t, Random r, int a, int b) {
        return pair(t, random(t, a * b, r), new int[] {a, b}, new int[] {1, a}, 0);
    }

    /** An output tensor (contiguous, unspecified contents) on each backend. */
    static Pair output(DType t, int... shape) {
        int n = Math.max(1, size(shape));
        Buffer bc = CPU.allocate(t, n), br = REF.allocate(t, n);
        // Poison: results must not depend on what was in the output.
        Object junk = random(t, n, new Random(99));
        CPU.upload(bc, junk);
        REF.upload(br, junk);
        return new Pair(View.contiguous(bc, shape), View.contiguous(br, shape));
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Elements of a view in row-major order, as doubles (bools as 0/1). */
    static double[] values(Backend b, View v) {
        Object all = b.download(v.buffer());
        int n = v.size();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            int p = v.positionOf(i);
            r[i] = switch (v.dtype()) {
                case FLOAT32 -> ((float[]) all)[p];
                case FLOAT64 -> ((double[]) all)[p];
                case INT32 -> ((int[]) all)[p];
                case INT64 -> ((long[]) all)[p];
                case BOOL -> ((boolean[]) all)[p] ? 1 : 0;
            };
        }
        return r;
    }

    /** Compares the pair's two views: |cpu - ref| <= atol + rtol |ref|; NaN must meet NaN, infinities must match. */
    static void assertClose(String what, Pair p, double rtol, double atol) {
        assertClose(what, values(REF, p.ref), values(CPU, p.cpu), rtol, atol);
    }

    static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + " != " + expected.length);
        List<String> bad = new ArrayList<>();
        double maxDiff = 0;
        int badCount = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean ok;
            if (Double.isNaN(e) || Double.isNaN(a)) ok = Double.isNaN(e) && Double.isNaN(a);
            else if (Double.isInfinite(e) || Double.isInfinite(a)) ok = e == a;
            else {
                double d = Math.abs(e - a);
                maxDiff = Math.max(maxDiff, d);
                ok = d <= atol + rtol * Math.abs(e);
            }
            if (!ok) {
                badCount++;
                if (bad.size() < 6) bad.add("[" + i + "] expected " + e + " got " + a);
            }
        }
        if (badCount > 0) {
            fail(what + ": " + badCount + " of " + expected.length + " elements differ (rtol " + rtol + ", atol " + atol
                    + "), largest finite difference " + maxDiff + "; first: " + String.join(", ", bad));
        }
    }

    /** Tolerance for float32 results of single roundings (exact ops) and of our few-ulp transcendentals. */
    static double rtol(DType t) { return t == DType.FLOAT32 ? 2e-6 : 1e-13; }

    static String str(int[] a) { return Arrays.toString(a); }
}
