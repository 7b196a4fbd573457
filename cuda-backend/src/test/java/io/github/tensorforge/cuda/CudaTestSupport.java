package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.KernelHarness;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Assumptions;

import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * The CUDA tests' side of the shared {@link KernelHarness}: one backend per test JVM, compared against
 * {@link ReferenceBackend}; without a CUDA device every test that asks for it is skipped (never failed) with the
 * provider's reason. Also the CUDA-specific tolerances.
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

    private static KernelHarness harness;

    /** The differential harness against the reference backend; skips the calling test without CUDA. */
    static synchronized KernelHarness harness() {
        CudaBackend c = cuda();
        if (harness == null) harness = new KernelHarness(c, REF);
        return harness;
    }

    static Object random(DType t, int n, Random rnd) { return KernelHarness.random(t, n, rnd); }

    static Object positive(DType t, int n, Random rnd) { return KernelHarness.positive(t, n, rnd); }

    static Twin twin(DType t, Object host, int[] shape, int[] strides, int offset) {
        return harness().twin(t, host, shape, strides, offset);
    }

    static Twin contiguous(DType t, Object host, int... shape) { return harness().contiguous(t, host, shape); }

    static Twin randomContiguous(DType t, Random rnd, int... shape) { return harness().randomContiguous(t, rnd, shape); }

    static Twin output(DType t, int... shape) { return harness().output(t, shape); }

    static int size(int[] shape) { return KernelHarness.size(shape); }

    /** Runs the same call on both backends: {@code call.accept(backend, useCudaViews)}. */
    static void both(BiConsumer<Backend, Boolean> call) {
        call.accept(REF, false);
        call.accept(cuda(), true);
    }

    static void assertClose(String what, Twin out, double atol, double rtol) { harness().assertClose(what, out, atol, rtol); }

    static void assertArrays(String what, Object expected, Object actual, double atol, double rtol) {
        KernelHarness.assertArrays(what, expected, actual, atol, rtol);
    }

    static double value(Object array, int i) { return KernelHarness.value(array, i); }

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

    static final List<String> LAYOUTS = KernelHarness.LAYOUTS;

    static Twin input(DType t, int rows, int n, String layout, Random rnd, boolean positive) {
        return harness().input(t, rows, n, layout, rnd, positive);
    }
}
