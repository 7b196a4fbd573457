package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.KernelHarness;
import io.github.tensorforge.spi.KernelHarness.Twin;
import io.github.tensorforge.spi.View;

import java.util.Arrays;
import java.util.Random;

/**
 * Runs the same kernel on the CPU backend and the reference backend: both get buffers with identical contents and
 * identical layouts (strides, offsets), and results are compared element by element.
 */
final class CpuTestSupport {
    private CpuTestSupport() {}

    /** Two threads and a small cache: the parallel paths and the pool run even on a one-core machine. */
    static final CpuBackend CPU = new CpuBackend(2, 64L << 20);
    static final ReferenceBackend REF = new ReferenceBackend();

    /** The differential harness: every kernel test runs its call on {@link #CPU} and {@link #REF} and compares. */
    static final KernelHarness HARNESS = new KernelHarness(CPU, REF);

    static Object random(DType t, int n, Random r) { return KernelHarness.random(t, n, r); }

    /** Copies host data into a new buffer of each backend and wraps it with the given layout. */
    static Twin pair(DType t, Object host, int[] shape, int[] strides, int offset) {
        return HARNESS.twin(t, host, shape, strides, offset);
    }

    /** A dense row-major tensor with random contents. */
    static Twin contiguous(DType t, Random r, int... shape) { return HARNESS.randomContiguous(t, r, shape); }

    /** A tensor laid out with the given strides (elements) after an offset of 3, random contents everywhere. */
    static Twin strided(DType t, Random r, int[] shape, int[] strides) {
        int max = 3;
        for (int d = 0; d < shape.length; d++) max += (shape[d] - 1) * Math.max(0, strides[d]);
        return pair(t, random(t, max + 1, r), shape, strides, 3);
    }

    /** A transposed view of a row-major buffer: shape (a, b) stored as (b, a). */
    static Twin transposed(DType t, Random r, int a, int b) {
        return pair(t, random(t, a * b, r), new int[] {a, b}, new int[] {1, a}, 0);
    }

    /** An output tensor (contiguous, poisoned contents) on each backend. */
    static Twin output(DType t, int... shape) { return HARNESS.output(t, shape); }

    static int size(int[] shape) { return KernelHarness.size(shape); }

    /** Elements of a view in row-major order, as doubles (bools as 0/1). */
    static double[] values(Backend b, View v) { return KernelHarness.values(b, v); }

    /** Compares the pair's two views: |cpu - ref| <= atol + rtol |ref|; NaN must meet NaN, infinities must match. */
    static void assertClose(String what, Twin p, double rtol, double atol) { HARNESS.assertViewsClose(what, p, atol, rtol); }

    static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        KernelHarness.assertArrays(what, expected, actual, atol, rtol);
    }

    /** Tolerance for float32 results of single roundings (exact ops) and of our few-ulp transcendentals. */
    static double rtol(DType t) { return t == DType.FLOAT32 ? 2e-6 : 1e-13; }

    static String str(int[] a) { return Arrays.toString(a); }
}
