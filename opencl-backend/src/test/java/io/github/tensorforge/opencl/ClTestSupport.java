package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.KernelHarness;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The OpenCL tests' side of the shared {@link KernelHarness}: one backend per test JVM (PoCL compiles kernels slowly,
 * so programs are built once), compared against {@link ReferenceBackend}, skipping every test with the reason when no
 * OpenCL device is present.
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

    private static KernelHarness harness;

    /** The differential harness against the reference backend; skips the calling test without OpenCL. */
    static synchronized KernelHarness harness() {
        ClBackend c = cl();
        if (harness == null) harness = new KernelHarness(c, REF);
        return harness;
    }

    static Object random(DType t, int n, Random rnd) { return KernelHarness.random(t, n, rnd); }

    static Object positive(DType t, int n, Random rnd) { return KernelHarness.positive(t, n, rnd); }

    static Twin pair(DType t, Object host, int[] shape, int[] strides, int offset) {
        return harness().twin(t, host, shape, strides, offset);
    }

    static Twin contiguous(DType t, Object host, int... shape) { return harness().contiguous(t, host, shape); }

    static Twin output(DType t, int... shape) { return harness().output(t, shape); }

    /** Compares the whole buffers of an output pair (tolerance |a-b| <= atol + rtol*|ref|; NaN must match NaN). */
    static void assertSame(String what, Twin out, double atol, double rtol) { harness().assertClose(what, out, atol, rtol); }

    static void assertArrays(String what, Object expected, Object actual, double atol, double rtol) {
        KernelHarness.assertArrays(what, expected, actual, atol, rtol);
    }

    static double value(Object array, int i) { return KernelHarness.value(array, i); }

    static double atol(DType t) { return t == DType.FLOAT32 ? 1e-5 : t == DType.FLOAT64 ? 1e-12 : 0; }
    static double rtol(DType t) { return t == DType.FLOAT32 ? 1e-5 : t == DType.FLOAT64 ? 1e-11 : 0; }

    /** Runs {@code kernel} on both backends: it receives the backend and whether to use the CL views of the pairs. */
    static void both(Consumer<Backend> onRef, Consumer<Backend> onCl) {
        onRef.accept(REF);
        onCl.accept(cl());
    }

    static void releaseAll(Twin... pairs) {
        for (Twin p : pairs) if (p != null) p.release();
    }

    /** The dtypes this device runs (float64 only with cl_khr_fp64). */
    static List<DType> floatTypes() {
        return fp64() ? List.of(DType.FLOAT32, DType.FLOAT64) : List.of(DType.FLOAT32);
    }

    static String str(int[] a) { return Arrays.toString(a); }

    static final List<String> LAYOUTS = KernelHarness.LAYOUTS;

    /** A random input of logical shape (3, n) in the named layout, on both backends. */
    static Twin input(DType t, int n, String layout, Random rnd, boolean positive) {
        return harness().input(t, 3, n, layout, rnd, positive);
    }
}
