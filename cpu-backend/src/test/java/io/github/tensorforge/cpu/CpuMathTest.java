package io.github.tensorforge.cpu;

import io.github.tensorforge.spi.ScalarMath;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Accuracy of the float32 transcendentals, vector and scalar forms, against Math in double rounded to float, in ulps,
 * over wide ranges (uniform and log-spaced magnitudes), plus special values.
 */
class CpuMathTest {
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    /** Distance in ulps of the float {@code got} from the exact value {@code want} (ulp taken at the float result). */
    private static double ulps(float got, double want) {
        if (Double.isNaN(want)) return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        float w = (float) want;
        if (Float.isInfinite(w) || Float.isInfinite(got)) return w == got ? 0 : Double.POSITIVE_INFINITY;
        // Below the normal range absolute error is what counts: measure it in units of the smallest normal ulp.
        double ulp = Math.max(Math.ulp(w), Math.ulp(Float.MIN_NORMAL));
        return Math.abs(got - want) / ulp;
    }

    private static float[] inputs(float lo, float hi, boolean logSpaced, long seed) {
        Random r = new Random(seed);
        float[] x = new float[100_003];  // not a multiple of any vector length
        for (int i = 0; i < x.length; i++) {
            if (logSpaced) {
                double mag = Math.exp(Math.log(1e-30) + r.nextDouble() * (Math.log(hi) - Math.log(1e-30)));
                x[i] = (float) (r.nextBoolean() ? mag : -mag);
                if (lo >= 0) x[i] = Math.abs(x[i]);
            } else {
                x[i] = (float) (lo + r.nextDouble() * (hi - lo));
            }
        }
        return x;
    }

    /** A run kernel of CpuMath: o[oo..oo+n) = f(x[xo..xo+n)). */
    @FunctionalInterface
    interface Run {
        void apply(float[] x, int xo, float[] o, int oo, int n);
    }

    /**
     * Checks the run kernel (vector body and scalar tail: the input length is not a multiple of the vector length)
     * and the scalar function on every input; both within maxUlps. Also runs the kernel in place (o == x).
     */
    private static void check(String name, Run run, java.util.function.Function<Float, Float> scalar,
                              DoubleUnaryOperator exact, float[] x, double maxUlps) {
        float[] out = new float[x.length];
        run.apply(x, 0, out, 0, x.length);
        float[] inPlace = x.clone();
        run.apply(inPlace, 0, inPlace, 0, inPlace.length);
        double worstV = 0, worstS = 0;
        float worstX = 0;
        for (int i = 0; i < x.length; i++) {
            double want = exact.applyAsDouble(x[i]);
            double uv = ulps(out[i], want), us = ulps(scalar.apply(x[i]), want);
            if (uv > worstV) {
                worstV = uv;
                worstX = x[i];
            }
            worstS = Math.max(worstS, us);
            if (Float.floatToIntBits(out[i]) != Float.floatToIntBits(inPlace[i])) {
                fail(name + ": in-place result differs at x=" + x[i] + ": " + inPlace[i] + " vs " + out[i]);
            }
        }
        if (worstV > maxUlps || worstS > maxUlps) {
            fail(name + ": worst error " + worstV + " ulp (run kernel, at x=" + worstX + "), " + worstS
                    + " ulp (scalar); allowed " + maxUlps);
        }
    }

    private static float[] specials() {
        return new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
                -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE, 88.72f, 88.73f, -87.33f,
                -87.34f, -103.97f, -103.98f, -150f, 1f, -1f, 0.5f, 2.5f, -2.5f, 0.625f, 10.5f, 11f, 12f, -30f, 30f,
                1e-8f, -1e-8f, 0.99999994f, 1.0000001f, 16f, -16f, 7.5f, -7.5f};
    }

    private static float[] withSpecials(float[] x) {
        float[] s = specials();
        float[] r = new float[x.length + s.length * LANES];
        System.arraycopy(x, 0, r, 0, x.length);
        for (int i = 0; i < s.length * LANES; i++) r[x.length + i] = s[i / LANES];
        return r;
    }

    @Test void exp() {
        check("exp", CpuMath::expRun, CpuMath::exp, Math::exp, withSpecials(inputs(-110, 95, false, 1)), 2);
        check("exp small", CpuMath::expRun, CpuMath::exp, Math::exp, inputs(-1, 1, true, 2), 2);
    }

    @Test void log() {
        check("log", CpuMath::logRun, CpuMath::log, Math::log, withSpecials(inputs(0, 3e38f, true, 3)), 2);
        check("log near 1", CpuMath::logRun, CpuMath::log, Math::log, inputs(0.5f, 2f, false, 4), 2);
        check("log negative", CpuMath::logRun, CpuMath::log, Math::log, inputs(-10, 0, false, 5), 0);
    }

    @Test void sigmoid() {
        check("sigmoid", CpuMath::sigmoidRun, CpuMath::sigmoid, ScalarMath::sigmoid,
                withSpecials(inputs(-120, 120, false, 6)), 3);
        check("sigmoid small", CpuMath::sigmoidRun, CpuMath::sigmoid, ScalarMath::sigmoid, inputs(-20, 20, true, 7), 3);
    }

    @Test void tanh() {
        check("tanh", CpuMath::tanhRun, CpuMath::tanh, Math::tanh, withSpecials(inputs(-12, 12, false, 8)), 4);
        check("tanh small", CpuMath::tanhRun, CpuMath::tanh, Math::tanh, inputs(-3, 3, true, 9), 4);
    }

    @Test void erf() {
        check("erf", CpuMath::erfRun, CpuMath::erf, ScalarMath::erf, withSpecials(inputs(-6, 6, false, 10)), 4);
        check("erf small", CpuMath::erfRun, CpuMath::erf, ScalarMath::erf, inputs(-2, 2, true, 11), 4);
    }

    private static double gelu(double x) { return 0.5 * x * (1 + ScalarMath.erf(x / Math.sqrt(2))); }

    /** {@code 0.5 x (1 + tanh u) = x sigmoid(2u)}: the second form has no cancellation for negative x. */
    private static double geluTanh(double x) {
        return x * ScalarMath.sigmoid(2 * Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x));
    }

    @Test void gelu() {
        // The negative tail is tiny (about 1e-23 at x = -10): an exact reference needs erfc, not 1 + erf.
        DoubleUnaryOperator exact = x -> x < -3 ? 0.5 * x * erfcTail(-x / Math.sqrt(2)) : gelu(x);
        // 1 + erf(x / sqrt 2) cancels for x in about [-1.4, -0.7], where erf's few ulp grow to about 11.
        check("gelu", CpuMath::geluRun, CpuMath::gelu, exact, inputs(-14, 10, false, 12), 12);
        check("gelu small", CpuMath::geluRun, CpuMath::gelu, exact, inputs(-3, 3, true, 13), 12);
    }

    /** erfc(a) for a >= 2 by its continued fraction, in double. */
    private static double erfcTail(double a) {
        double f = 0;
        for (int n = 60; n >= 1; n--) f = n * 0.5 / (a + f);
        return Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
    }

    @Test void geluTanhAndSilu() {
        // gelu_tanh(x) = x sigmoid(2u), u = sqrt(2/pi)(x + 0.044715 x^3). For x < 0 rounding u in float (inherent to
        // evaluating it in float) costs 1.5 |2u| ulp or so, so the bound grows with |u| there: 4 + 3|2u| ulp.
        float[] xs = inputs(-14, 12, false, 14);
        float[] out = new float[xs.length];
        CpuMath.geluTanhRun(xs, 0, out, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            float x = xs[i];
            double want = geluTanh(x);
            double u = x < 0 ? Math.abs(2 * Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)) : 0;
            double allowed = 4 + 3 * u;
            if (ulps(out[i], want) > allowed || ulps(CpuMath.geluTanh(x), want) > allowed) {
                fail("gelu_tanh(" + x + ") = " + out[i] + " / " + CpuMath.geluTanh(x) + ", expected " + want
                        + " within " + allowed + " ulp");
            }
        }
        // Down to -80: beyond, x sigmoid(x) is subnormal (a few significant bits) after sigmoid already was.
        check("silu", CpuMath::siluRun, CpuMath::silu, x -> x * ScalarMath.sigmoid(x), inputs(-80, 100, false, 15), 4);
    }

    @Test void expShiftSum() {
        // Softmax's fused pass: o = exp(x - shift) exactly as expRun computes it, and the returned sum of o. Rows mix
        // ordinary values with masked ones (-inf, -1e9: exactly 0 on the fast path), values whose exp is subnormal (the
        // wide-range path), and odd lengths (vector body + tail).
        Random r = new Random(16);
        for (int n : new int[] {1, 7, 17, 1023, 4099}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (3 * r.nextGaussian());
                if (r.nextInt(5) == 0) x[i] = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -1e9f;
                else if (r.nextInt(40) == 0) x[i] = 2.5f - 88f - 15 * r.nextFloat();
            }
            float shift = 2.5f;
            float[] o = new float[n + 3], want = new float[n];
            for (int i = 0; i < n; i++) want[i] = x[i] - shift;
            CpuMath.expRun(want, 0, want, 0, n);
            float sum = CpuMath.expShiftSumRun(x, 0, shift, o, 3, n);
            double wantSum = 0;
            for (int i = 0; i < n; i++) {
                if (Float.floatToIntBits(o[3 + i]) != Float.floatToIntBits(want[i])) {
                    fail("expShiftSumRun n=" + n + ": o[" + i + "] = " + o[3 + i] + " for x = " + x[i] + ", expected " + want[i]);
                }
                wantSum += want[i];
            }
            assertEquals(wantSum, sum, 1e-5 * wantSum + 1e-30, "expShiftSumRun n=" + n + ": sum");
        }
    }

    @Test void reluVector() {
        // relu as compare + blend must keep Math.max's semantics: -0 gives +0, NaN stays NaN.
        float[] x = new float[LANES * 3];
        float[] vals = {Float.NaN, -0f, 0f, -1f, 2.5f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.MIN_VALUE,
                -Float.MIN_VALUE};
        for (int i = 0; i < x.length; i++) x[i] = vals[i % vals.length];
        FloatVector zero = FloatVector.zero(FloatVector.SPECIES_PREFERRED);
        float[] o = new float[x.length];
        for (int i = 0; i < x.length; i += LANES) {
            CpuMath.relu(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i), zero).intoArray(o, i);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(Math.max(x[i], 0f)), Float.floatToIntBits(o[i]), "relu(" + x[i] + ")");
        }
    }

    @Test void specialValues() {
        assertEquals(Float.POSITIVE_INFINITY, CpuMath.exp(89f));
        assertEquals(0f, CpuMath.exp(-105f));
        assertEquals(Float.NEGATIVE_INFINITY, CpuMath.log(0f));
        assertEquals(Float.POSITIVE_INFINITY, CpuMath.log(Float.POSITIVE_INFINITY));
        assertEquals(1f, CpuMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, CpuMath.erf(Float.NEGATIVE_INFINITY));
        assertEquals(0f, CpuMath.sigmoid(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, CpuMath.gelu(Float.POSITIVE_INFINITY));
        for (float v : new float[] {Float.NaN}) {
            assertEquals(Float.NaN, CpuMath.exp(v));
            assertEquals(Float.NaN, CpuMath.log(v));
            assertEquals(Float.NaN, CpuMath.tanh(v));
            assertEquals(Float.NaN, CpuMath.erf(v));
            assertEquals(Float.NaN, CpuMath.sigmoid(v));
            assertEquals(Float.NaN, CpuMath.gelu(v));
        }
        // Subnormal results of exp and subnormal inputs of log.
        assertEquals((float) Math.exp(-100), CpuMath.exp(-100f), Math.ulp(Float.MIN_NORMAL));
        float sub = 1e-42f;  // subnormal
        assertEquals((float) Math.log(sub), CpuMath.log(sub), 2 * Math.ulp((float) Math.log(sub)));
        float[] subs = new float[LANES * 2 + 1];
        java.util.Arrays.fill(subs, sub);
        CpuMath.logRun(subs, 0, subs, 0, subs.length);
        for (float v : subs) assertEquals((float) Math.log(sub), v, 2 * Math.ulp((float) Math.log(sub)));
    }
}
