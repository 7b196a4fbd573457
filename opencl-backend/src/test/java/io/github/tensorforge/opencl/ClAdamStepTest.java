package io.github.tensorforge.opencl;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.FusedMode;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.tensorforge.opencl.ClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused Adam/AdamW kernel (elementwise.tested() adam_step) against core's composite {@link Functional#adamStep} run on
 * the reference backend (which has no fused kernels, so the composite of primitives runs there): three consecutive
 * steps with fresh gradients, with and without amsgrad, weight decay 0 and 0.01, Adam and AdamW.
 */
class ClAdamStepTest {
    private static final int[] SIZES = {1, 7, 1023, 5000};
    private static final double LR = 1e-2, BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    private static Object as(DType t, double[] v) { return t == DType.FLOAT32 ? ClElementwiseTest.toFloats(v) : v; }

    private static double[] rounded(DType t, double[] v) {
        if (t == DType.FLOAT32) for (int i = 0; i < v.length; i++) v[i] = (float) v[i];
        return v;
    }

    private static double[] uniform(DType t, int n, Random rnd, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = lo + rnd.nextDouble() * (hi - lo);
        return rounded(t, a);
    }

    private static Tensor tensor(DType t, double[] v) {
        return t == DType.FLOAT32 ? Tensor.of(ClElementwiseTest.toFloats(v), v.length) : Tensor.of(v.clone(), v.length);
    }

    private static double[] host(Tensor x) {
        if (x.dtype() == DType.FLOAT64) return x.toDoubleArray();
        float[] f = x.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /**
     * An OpenCL buffer holding {@code v} between two guard elements, viewed at offset 1: the guards must survive the
     * kernel, which shows that it honours the view's offset and size.
     */
    private static final class Guarded {
        final Buffer buffer;
        final View view;
        final double[] guards;

        Guarded(DType t, double[] v, Random rnd) {
            int n = v.length;
            guards = uniform(t, 2, rnd, 5, 6);
            double[] all = new double[n + 2];
            all[0] = guards[0];
            System.arraycopy(v, 0, all, 1, n);
            all[n + 1] = guards[1];
            buffer = cl().allocate(t, n + 2);
            cl().upload(buffer, as(t, all));
            view = new View(buffer, t, new int[] {n}, new int[] {1}, 1);
        }

        void upload(DType t, double[] v) {
            double[] all = new double[v.length + 2];
            all[0] = guards[0];
            System.arraycopy(v, 0, all, 1, v.length);
            all[v.length + 1] = guards[1];
            cl().upload(buffer, as(t, all));
        }

        /** Compares the whole buffer with the guards around {@code expected}. */
        void check(String what, DType t, double[] expected, double scale) {
            double[] all = new double[expected.length + 2];
            all[0] = guards[0];
            System.arraycopy(expected, 0, all, 1, expected.length);
            all[expected.length + 1] = guards[1];
            assertArrays(what, all, cl().download(buffer), atol(t) * scale, rtol(t) * scale);
        }
    }

    @Test void fusedKernelMatchesTheReferenceCompositeOverThreeSteps() {
        Random rnd = new Random(61);
        FusedKernels f = cl().fused();
        int cases = 0;
        for (DType t : floatTypes()) {
            for (int n : SIZES) {
                for (boolean amsgrad : new boolean[] {false, true}) {
                    for (double wd : new double[] {0, 0.01}) {
                        for (boolean decoupled : new boolean[] {false, true}) {
                            String name = "adamStep " + t + " n=" + n + (amsgrad ? " amsgrad" : "") + " wd=" + wd
                                    + (decoupled ? " AdamW" : " Adam");
                            runCase(f, name, t, n, amsgrad, wd, decoupled, rnd);
                            cases++;
                        }
                    }
                }
            }
        }
        assertEquals(floatTypes().size() * 32, cases);
    }

    private static void runCase(FusedKernels f, String name, DType t, int n, boolean amsgrad, double wd,
                                boolean decoupled, Random rnd) {
        // Non-zero starting moments (as after earlier steps) so that every term of the update matters; vmax is
        // sometimes above and sometimes below the new second moment, so the amsgrad max picks from both.
        double[] p = uniform(t, n, rnd, -2, 2);
        double[] m = uniform(t, n, rnd, -0.2, 0.2);
        double[] v = uniform(t, n, rnd, 0.01, 0.3);
        double[] vmax = uniform(t, n, rnd, 0.01, 0.3);
        Guarded cp = new Guarded(t, p, rnd), cm = new Guarded(t, m, rnd), cv = new Guarded(t, v, rnd);
        Guarded cx = amsgrad ? new Guarded(t, vmax, rnd) : null;
        Guarded cg = new Guarded(t, new double[n], rnd);
        try (var use = Backends.use(REF); var scope = TensorScope.open()) {
            Tensor rp = tensor(t, p), rm = tensor(t, m), rv = tensor(t, v), rx = amsgrad ? tensor(t, vmax) : null;
            double[] before = p;
            for (int step = 1; step <= 3; step++) {
                double[] g = uniform(t, n, rnd, -2, 2);
                AdamStep h = new AdamStep(LR, BETA1, BETA2, EPS, wd, decoupled, step);
                Functional.adamStep(rp, tensor(t, g), rm, rv, rx, h);
                cg.upload(t, g);
                f.adamStep(cp.view, cg.view, cm.view, cv.view, amsgrad ? cx.view : null, h);
                String what = name + " step " + step;
                double[] expectedP = host(rp);
                cp.check(what + " param", t, expectedP, 4);
                cm.check(what + " expAvg", t, host(rm), 4);
                cv.check(what + " expAvgSq", t, host(rv), 4);
                if (amsgrad) cx.check(what + " maxExpAvgSq", t, host(rx), 4);
                cg.check(what + " grad (read only)", t, g, 0);
                // The step moved the parameter well beyond the tolerance, so a kernel that wrote nothing would fail
                // (checked on the large sizes, where some element surely moves by more than 1e-3).
                double moved = 0;
                for (int i = 0; i < n; i++) moved = Math.max(moved, Math.abs(expectedP[i] - before[i]));
                if (n >= 1000) assertTrue(moved > 1e-3, what + ": the update should move the parameter, moved " + moved);
                before = expectedP;
            }
        } finally {
            for (Guarded b : new Guarded[] {cp, cm, cv, cx, cg}) if (b != null) b.buffer.release();
        }
    }

    @Test void tensorApiUsesTheFusedKernelAndAgreesWithTheCompositeOnThisBackend() {
        ClBackend cl = cl();
        long live = cl.memoryStats().liveBuffers();
        for (DType t : floatTypes()) {
            Random rnd = new Random(62);
            int n = 1023;
            double[] p = uniform(t, n, rnd, -2, 2), m = uniform(t, n, rnd, -0.2, 0.2);
            double[] v = uniform(t, n, rnd, 0.01, 0.3), x = uniform(t, n, rnd, 0.01, 0.3);
            double[][] grads = {uniform(t, n, rnd, -2, 2), uniform(t, n, rnd, -2, 2), uniform(t, n, rnd, -2, 2)};
            double[][] fused = adamThroughTensors(cl, t, p, m, v, x, grads);
            double[][] composite;
            try (var off = FusedMode.disable()) {
                composite = adamThroughTensors(cl, t, p, m, v, x, grads);
            }
            String[] roles = {"param", "expAvg", "expAvgSq", "maxExpAvgSq"};
            for (int i = 0; i < roles.length; i++) {
                assertArrays("opencl adamStep " + t + " fused vs composite " + roles[i], composite[i], fused[i],
                        atol(t) * 4, rtol(t) * 4);
            }
        }
        assertEquals(live, cl.memoryStats().liveBuffers(), "the scope released every buffer of the steps");
    }

    private static double[][] adamThroughTensors(Backend b, DType t, double[] p, double[] m, double[] v, double[] x,
                                                 double[][] grads) {
        try (var use = Backends.use(b); var scope = TensorScope.open()) {
            Tensor tp = tensor(t, p), tm = tensor(t, m), tv = tensor(t, v), tx = tensor(t, x);
            for (int step = 1; step <= grads.length; step++) {
                Functional.adamStep(tp, tensor(t, grads[step - 1]), tm, tv, tx,
                        new AdamStep(LR, BETA1, BETA2, EPS, 0.01, false, step));
            }
            return new double[][] {host(tp), host(tm), host(tv), host(tx)};
        }
    }

    @Test void rejectsMismatchedAndStridedOperandsNamingTheOp() {
        FusedKernels f = cl().fused();
        Buffer a = cl().allocate(DType.FLOAT32, 8), b = cl().allocate(DType.FLOAT32, 8), c = cl().allocate(DType.FLOAT32, 8);
        Buffer d = cl().allocate(DType.INT32, 8);
        try {
            View p = View.contiguous(a, 8), m = View.contiguous(b, 8), v = View.contiguous(c, 8);
            AdamStep h = new AdamStep(LR, BETA1, BETA2, EPS, 0, false, 1);
            View strided = new View(b, DType.FLOAT32, new int[] {4}, new int[] {2}, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.adamStep(p, strided, m, v, null, h));
            assertTrue(e.getMessage().contains("adamStep") && e.getMessage().contains("grad"), e.getMessage());
            View shorter = View.contiguous(b, 4);
            e = assertThrows(IllegalArgumentException.class, () -> f.adamStep(p, shorter, m, v, null, h));
            assertTrue(e.getMessage().contains("adamStep") && e.getMessage().contains("[4]")
                    && e.getMessage().contains("[8]"), e.getMessage());
            View ints = View.contiguous(d, 8);
            e = assertThrows(IllegalArgumentException.class, () -> f.adamStep(p, m, m, v, ints, h));
            assertTrue(e.getMessage().contains("maxExpAvgSq") && e.getMessage().contains(DType.INT32.toString()), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> f.adamStep(ints, ints, ints, ints, null, h));
            assertTrue(e.getMessage().contains("adamStep"), e.getMessage());
        } finally {
            a.release();
            b.release();
            c.release();
            d.release();
        }
    }
}
