package io.github.tensorforge.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 transcendentals as vector functions and scalar twins that evaluate the same formulas, so a loop's scalar
 * tail gives the same results as its vector body. {@code VectorOperators.EXP/TANH/LOG} are slow on JDK 17 (no
 * intrinsic), hence our own: range reduction {@code x = k ln2 + r}, a minimax polynomial for {@code e^r} and
 * exponent-bit scaling, with the others built on it. Polynomial coefficients are near-minimax fits (Lawson's
 * iteratively reweighted least squares on Chebyshev nodes, computed in double with NumPy/SciPy) rounded to float.
 * Accuracy against {@link Math} in double, rounded to float: exp/log/sigmoid within 2 ulp, tanh/erf/gelu within a few
 * ulp (see CpuMathTest). Special values follow Math: NaN in, NaN out; overflow to infinity; underflow to 0.
 */
final class CpuMath {
    private CpuMath() {}

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    // ---- exp ------------------------------------------------------------------------------------------------------
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    /** ln 2 split so that k * LN2_HI is exact for |k| <= 2^10. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Below this e^x rounds to 0 in float (even subnormal); above EXP_HI it overflows. */
    private static final float EXP_LO = -104f;
    private static final float EXP_HI = 89f;
    private static final float E0 = 1.0f, E1 = 1.0f, E2 = 0.5f, E3 = 0.1666666716337204f, E4 = 0.041666217148303986f,
            E5 = 0.008333249017596245f, E6 = 0.0013948580017313361f, E7 = 0.0001992417237488553f;

    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(x, LOG2E, MAGIC);
        float kf = t - MAGIC;
        int k = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float r = Math.fma(kf, -LN2_HI, x);
        r = Math.fma(kf, -LN2_LO, r);
        float p = Math.fma(r, E7, E6);
        p = Math.fma(r, p, E5);
        p = Math.fma(r, p, E4);
        p = Math.fma(r, p, E3);
        p = Math.fma(r, p, E2);
        p = Math.fma(r, p, E1);
        p = Math.fma(r, p, E0);
        // 2^k as two normal factors, so k down to -150 (subnormal results) and up to 128 work; p 2^k1 is exact, so
        // the result is rounded once whatever the split.
        int k1 = Float.floatToRawIntBits(Math.fma(kf, 0.5f, MAGIC)) - MAGIC_BITS, k2 = k - k1;
        return p * Float.intBitsToFloat((k1 + 127) * (1 << 23)) * Float.intBitsToFloat((k2 + 127) * (1 << 23));
    }

    // ---- log ------------------------------------------------------------------------------------------------------
    private static final float SQRT2 = 1.41421356f;
    private static final float MIN_NORMAL = Float.MIN_NORMAL;
    private static final float TWO23 = 8388608f;
    private static final float L1 = 2f / 3, L2 = 2f / 5, L3 = 2f / 7, L4 = 2f / 9;

    static float log(float x) {
        if (!(x > 0f) || x == Float.POSITIVE_INFINITY) {
            if (x == 0f) return Float.NEGATIVE_INFINITY;
            return x == Float.POSITIVE_INFINITY ? x : Float.NaN;
        }
        float ebias = 0f;
        if (x < MIN_NORMAL) {
            x *= TWO23;
            ebias = -23f;
        }
        int bits = Float.floatToRawIntBits(x);
        float e = (float) ((bits >>> 23) - 127) + ebias;
        float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000);
        if (m > SQRT2) {
            m *= 0.5f;
            e += 1f;
        }
        return logTail(m, e);
    }

    /** log(m * 2^e) for m in [sqrt(1/2), sqrt(2)]: log(1+f) = f - s(f - R) with s = f/(2+f). */
    private static float logTail(float m, float e) {
        float f = m - 1f;
        float s = f / (2f + f);
        float z = s * s;
        float R = Math.fma(z, L4, L3);
        R = Math.fma(z, R, L2);
        R = Math.fma(z, R, L1);
        R = z * R;
        float logm = Math.fma(-s, f - R, f);
        return Math.fma(e, LN2_HI, Math.fma(e, LN2_LO, logm));
    }

    // ---- sigmoid --------------------------------------------------------------------------------------------------

    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float d = 1f / (1f + e);
        return x >= 0f ? d : e * d;
    }

    // ---- tanh -----------------------------------------------------------------------------------------------------
    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = 1.0f, T1 = -0.333333283662796f, T2 = 0.13333187997341156f,
            T3 = -0.053945187479257584f, T4 = 0.021694237366318703f, T5 = -0.00816460233181715f,
            T6 = 0.0021331855095922947f;

    static float tanh(float x) { return tanhTail(x, exp(-2f * Math.abs(x))); }

    /** tanh(x) given e = exp(-2|x|) (unused for |x| < 0.625). */
    static float tanhTail(float x, float e) {
        if (Math.abs(x) < TANH_SMALL) {
            float z = x * x;
            float p = Math.fma(z, T6, T5);
            p = Math.fma(z, p, T4);
            p = Math.fma(z, p, T3);
            p = Math.fma(z, p, T2);
            p = Math.fma(z, p, T1);
            p = Math.fma(z, p, T0);
            return x * p;
        }
        float r = (1f - e) / (1f + e);
        return x < 0f ? -r : r;
    }

    // ---- erf, erfc, gelu ------------------------------------------------------------------------------------------
    /** erf(x)/x as a polynomial in x^2 on |x| < 1. */
    private static final float R0 = 1.128379225730896f, R1 = -0.37612637877464294f, R2 = 0.11283782869577408f,
            R3 = -0.02686544507741928f, R4 = 0.005221074912697077f, R5 = -0.0008484711870551109f,
            R6 = 0.00011270545655861497f, R7 = -9.680140465206932e-06f;
    /** erfcx(a) = e^{a^2} erfc(a) as a polynomial in t = 1/a, on a in [1, 2.5] (A) and [2.5, 11] (B). */
    private static final float A0 = 0.0003944246855098754f, A1 = 0.5570870041847229f, A2 = 0.05481972172856331f,
            A3 = -0.5175848007202148f, A4 = 0.596173107624054f, A5 = -0.3746744990348816f, A6 = 0.1316608488559723f,
            A7 = -0.020292259752750397f;
    private static final float B0 = 1.524869617242075e-07f, B1 = 0.5641896724700928f, B2 = -0.00015835562953725457f,
            B3 = -0.2784324586391449f, B4 = -0.039311740547418594f, B5 = 0.6610110402107239f,
            B6 = -0.8284130692481995f, B7 = 0.3699706792831421f;
    private static final float ERFCX_SPLIT = 2.5f;
    private static final float INV_SQRT2 = 0.70710678118654752f;
    /** |x| beyond which gelu's erfc term is 0 in float (x / sqrt 2 > ERFC_MAX). */
    private static final float GELU_CLAMP = 16f;

    private static float erfSmall(float x, float z) {
        float p = Math.fma(z, R7, R6);
        p = Math.fma(z, p, R5);
        p = Math.fma(z, p, R4);
        p = Math.fma(z, p, R3);
        p = Math.fma(z, p, R2);
        p = Math.fma(z, p, R1);
        p = Math.fma(z, p, R0);
        return x * p;
    }

    /**
     * erfc(a) for a >= 1, given a^2 = a2hi + a2lo exactly: e^{-a^2} is evaluated as e^{-a2hi} (1 - a2lo) so the
     * rounding of a^2 does not cost relative accuracy in the tail.
     */
    private static float erfcLarge(float a, float a2hi, float a2lo) {
        float t = 1f / a;
        boolean lo = a < ERFCX_SPLIT;
        float q = Math.fma(t, lo ? A7 : B7, lo ? A6 : B6);
        q = Math.fma(t, q, lo ? A5 : B5);
        q = Math.fma(t, q, lo ? A4 : B4);
        q = Math.fma(t, q, lo ? A3 : B3);
        q = Math.fma(t, q, lo ? A2 : B2);
        q = Math.fma(t, q, lo ? A1 : B1);
        q = Math.fma(t, q, lo ? A0 : B0);
        return exp(-a2hi) * (1f - a2lo) * q;
    }

    /** Beyond this erfc(a) underflows to 0 in float; clamping keeps a^2 finite so infinities give 0, not NaN. */
    private static final float ERFC_MAX = 11f;

    static float erf(float x) {
        float a = Math.abs(x);
        float z = x * x;
        if (a < 1f) return erfSmall(x, z);
        a = Math.min(a, ERFC_MAX);
        z = a * a;
        float c = erfcLarge(a, z, Math.fma(a, a, -z));
        float r = 1f - c;
        return x < 0f ? -r : r;
    }

    /** Exact GELU {@code 0.5 x (1 + erf(x / sqrt 2))}, written with erfc for x < -sqrt 2 so the tail keeps precision. */
    static float gelu(float x) {
        float xc = Math.min(Math.max(x, -GELU_CLAMP), GELU_CLAMP);
        float h = xc * INV_SQRT2;
        float a = Math.abs(h);
        float x2 = xc * xc;
        float a2hi = 0.5f * x2, a2lo = 0.5f * Math.fma(xc, xc, -x2);
        if (a < 1f) return 0.5f * x * (1f + erfSmall(h, a2hi));
        float c = erfcLarge(a, a2hi, a2lo);
        return x >= 0f ? x * (1f - 0.5f * c) : 0.5f * x * c;
    }

    // ---- gelu (tanh form), silu -----------------------------------------------------------------------------------
    private static final float GT0 = 2f * 0.7978845608028654f;
    private static final float GT1 = 2f * 0.7978845608028654f * 0.044715f;

    /** {@code 0.5 x (1 + tanh(u)) = x sigmoid(2u)}, which has no cancellation for negative x. */
    static float geluTanh(float x) {
        float u2 = x * Math.fma(GT1, x * x, GT0);
        return x * sigmoid(u2);
    }

    static float silu(float x) { return x * sigmoid(x); }

    // ---- cheap ones shared by kernels -----------------------------------------------------------------------------

    static float sign(float x) { return x > 0f ? 1f : (x < 0f ? -1f : x); }

    static FloatVector sign(FloatVector x) {
        FloatVector r = x.blend(1f, x.compare(VectorOperators.GT, 0f));
        return r.blend(-1f, x.compare(VectorOperators.LT, 0f));
    }

    /** max(x, 0) with Math.max semantics: NaN stays NaN, -0 becomes 0. */
    static float relu(float x) { return Math.max(x, 0f); }

    static FloatVector relu(FloatVector x) { return x.lanewise(VectorOperators.MAX, 0f); }

    static double sign(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : x); }

    static double relu(double x) { return Math.max(x, 0.0); }

    // ---- run kernels --------------------------------------------------------------------------------------------
    // Vector values never cross a method boundary here: a method taking or returning a FloatVector that the JIT does
    // not inline (too large, or already compiled on its own) boxes every vector, which costs 10-100x. So exp and log
    // are written out inside their loops, and the functions built on exp run in passes over blocks of BLOCK elements
    // (L1-resident): prepare the exponent into a scratch block, expRun over it, then combine. Each pass's scalar tail
    // evaluates the same formula as the scalar functions above. Every run kernel allows o == x (same offset).

    static final int BLOCK = 512;
    private static final int FL = F.length();
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    /** {@code o[oo + i] = exp(x[xo + i])} for i in [0, n). */
    static void expRun(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v = v.lanewise(VectorOperators.MAX, EXP_LO).lanewise(VectorOperators.MIN, EXP_HI);
            FloatVector t = v.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, MAGIC));
            FloatVector kf = t.sub(MAGIC);
            IntVector k = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS);
            FloatVector r = kf.fma(FloatVector.broadcast(F, -LN2_HI), v);
            r = kf.fma(FloatVector.broadcast(F, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(F, E7), FloatVector.broadcast(F, E6));
            p = r.fma(p, FloatVector.broadcast(F, E5));
            p = r.fma(p, FloatVector.broadcast(F, E4));
            p = r.fma(p, FloatVector.broadcast(F, E3));
            p = r.fma(p, FloatVector.broadcast(F, E2));
            p = r.fma(p, FloatVector.broadcast(F, E1));
            p = r.fma(p, FloatVector.broadcast(F, E0));
            // k1 = round(k / 2) by the same rounding trick, and 2^k1 = (k1 + 127) * 2^23 as bits: integer vector
            // shifts are slow (not intrinsified) on JDK 17, multiplies are not.
            FloatVector t1 = kf.fma(FloatVector.broadcast(F, 0.5f), FloatVector.broadcast(F, MAGIC));
            IntVector k1 = ((IntVector) t1.reinterpretAsInts()).sub(MAGIC_BITS);
            IntVector k2 = k.sub(k1);
            FloatVector s1 = (FloatVector) k1.add(127).mul(1 << 23).reinterpretAsFloats();
            FloatVector s2 = (FloatVector) k2.add(127).mul(1 << 23).reinterpretAsFloats();
            p.mul(s1).mul(s2).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = exp(x[xo + i]);
    }

    /** {@code o[oo + i] = log(x[xo + i])} for i in [0, n). */
    static void logRun(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMask<Float> sub = v.compare(VectorOperators.LT, MIN_NORMAL);
            FloatVector xs = v.blend(v.mul(TWO23), sub);
            FloatVector ebias = FloatVector.zero(F).blend(-23f, sub);
            IntVector bits = (IntVector) xs.reinterpretAsInts();
            // Biased exponent E as a float: (bits & 0x7f800000) = E * 2^23 converts exactly (no integer shift).
            FloatVector eb = (FloatVector) bits.and(0x7f800000).convertShape(VectorOperators.I2F, F, 0);
            FloatVector e = eb.fma(FloatVector.broadcast(F, 1f / TWO23), FloatVector.broadcast(F, -127f)).add(ebias);
            FloatVector m = (FloatVector) bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats();
            VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
            m = m.blend(m.mul(0.5f), big);
            e = e.blend(e.add(1f), big);
            FloatVector f = m.sub(1f);
            FloatVector sv = f.div(f.add(2f));
            FloatVector z = sv.mul(sv);
            FloatVector R = z.fma(FloatVector.broadcast(F, L4), FloatVector.broadcast(F, L3));
            R = z.fma(R, FloatVector.broadcast(F, L2));
            R = z.fma(R, FloatVector.broadcast(F, L1));
            R = z.mul(R);
            FloatVector logm = sv.neg().fma(f.sub(R), f);
            FloatVector res = e.fma(FloatVector.broadcast(F, LN2_HI), e.fma(FloatVector.broadcast(F, LN2_LO), logm));
            // log(negative or NaN) = NaN, log(0) = -inf, log(+inf) = +inf.
            res = res.blend(Float.NaN, v.compare(VectorOperators.GT, 0f).not());
            res = res.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f));
            res = res.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
            res.intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = log(x[xo + i]);
    }

    /** {@code o = sigmoid(x)} (or {@code x * sigmoid(x)} when {@code times}); e = exp(-|x|), d = 1/(1+e). */
    private static void sigmoidRun(float[] x, int xo, float[] o, int oo, int n, boolean times) {
        float[] t = SCRATCH.get();
        for (int b = 0; b < n; b += BLOCK) {
            int len = Math.min(BLOCK, n - b), xb = xo + b, ob = oo + b;
            int i = 0, ub = F.loopBound(len);
            for (; i < ub; i += FL) FloatVector.fromArray(F, x, xb + i).abs().neg().intoArray(t, i);
            for (; i < len; i++) t[i] = -Math.abs(x[xb + i]);
            expRun(t, 0, t, 0, len);
            for (i = 0; i < ub; i += FL) {
                FloatVector v = FloatVector.fromArray(F, x, xb + i), e = FloatVector.fromArray(F, t, i);
                FloatVector d = FloatVector.broadcast(F, 1f).div(e.add(1f));
                FloatVector r = d.blend(e.mul(d), v.compare(VectorOperators.LT, 0f));
                if (times) r.mul(v).intoArray(o, ob + i);
                else r.intoArray(o, ob + i);
            }
            for (; i < len; i++) {
                float v = x[xb + i], e = t[i], d = 1f / (1f + e);
                float r = v >= 0f ? d : e * d;
                o[ob + i] = times ? v * r : r;
            }
        }
    }

    static void sigmoidRun(float[] x, int xo, float[] o, int oo, int n) { sigmoidRun(x, xo, o, oo, n, false); }

    static void siluRun(float[] x, int xo, float[] o, int oo, int n) { sigmoidRun(x, xo, o, oo, n, true); }

    /** {@code o = tanh(x)}: odd polynomial for |x| < 0.625, else sign(x) (1 - e)/(1 + e) with e = exp(-2|x|). */
    static void tanhRun(float[] x, int xo, float[] o, int oo, int n) {
        float[] t = SCRATCH.get();
        for (int b = 0; b < n; b += BLOCK) {
            int len = Math.min(BLOCK, n - b), xb = xo + b, ob = oo + b;
            int i = 0, ub = F.loopBound(len);
            for (; i < ub; i += FL) FloatVector.fromArray(F, x, xb + i).abs().mul(-2f).intoArray(t, i);
            for (; i < len; i++) t[i] = -2f * Math.abs(x[xb + i]);
            expRun(t, 0, t, 0, len);
            for (i = 0; i < ub; i += FL) {
                FloatVector v = FloatVector.fromArray(F, x, xb + i), e = FloatVector.fromArray(F, t, i);
                FloatVector z = v.mul(v);
                FloatVector p = z.fma(FloatVector.broadcast(F, T6), FloatVector.broadcast(F, T5));
                p = z.fma(p, FloatVector.broadcast(F, T4));
                p = z.fma(p, FloatVector.broadcast(F, T3));
                p = z.fma(p, FloatVector.broadcast(F, T2));
                p = z.fma(p, FloatVector.broadcast(F, T1));
                p = z.fma(p, FloatVector.broadcast(F, T0));
                FloatVector r = FloatVector.broadcast(F, 1f).sub(e).div(e.add(1f));
                r = r.blend(r.neg(), v.compare(VectorOperators.LT, 0f));
                r.blend(v.mul(p), v.abs().compare(VectorOperators.LT, TANH_SMALL)).intoArray(o, ob + i);
            }
            for (; i < len; i++) o[ob + i] = tanhTail(x[xb + i], t[i]);
        }
    }

    /** erf(x): x P(x^2) for |x| < 1, else sign(x) (1 - erfc(min(|x|, 11))). */
    static void erfRun(float[] x, int xo, float[] o, int oo, int n) {
        float[] t = SCRATCH.get();
        for (int b = 0; b < n; b += BLOCK) {
            int len = Math.min(BLOCK, n - b), xb = xo + b, ob = oo + b;
            int i = 0, ub = F.loopBound(len);
            for (; i < ub; i += FL) {
                FloatVector ac = FloatVector.fromArray(F, x, xb + i).abs().lanewise(VectorOperators.MIN, ERFC_MAX);
                ac.mul(ac).neg().intoArray(t, i);
            }
            for (; i < len; i++) {
                float ac = Math.min(Math.abs(x[xb + i]), ERFC_MAX);
                t[i] = -(ac * ac);
            }
            expRun(t, 0, t, 0, len);
            for (i = 0; i < ub; i += FL) {
                FloatVector v = FloatVector.fromArray(F, x, xb + i), e = FloatVector.fromArray(F, t, i);
                FloatVector a = v.abs();
                FloatVector ac = a.lanewise(VectorOperators.MIN, ERFC_MAX);
                FloatVector zc = ac.mul(ac);
                FloatVector a2lo = ac.fma(ac, zc.neg());
                // erfc(ac) = e^{-a^2} erfcx(a), erfcx(a) a polynomial in 1/a (two ranges).
                FloatVector rt = FloatVector.broadcast(F, 1f).div(ac);
                VectorMask<Float> lo = ac.compare(VectorOperators.LT, ERFCX_SPLIT);
                FloatVector q = rt.fma(FloatVector.broadcast(F, B7).blend(A7, lo), FloatVector.broadcast(F, B6).blend(A6, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B5).blend(A5, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B4).blend(A4, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B3).blend(A3, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B2).blend(A2, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B1).blend(A1, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B0).blend(A0, lo));
                FloatVector c = e.mul(FloatVector.broadcast(F, 1f).sub(a2lo)).mul(q);
                FloatVector r = FloatVector.broadcast(F, 1f).sub(c);
                r = r.blend(r.neg(), v.compare(VectorOperators.LT, 0f));
                FloatVector z = v.mul(v);
                FloatVector p = z.fma(FloatVector.broadcast(F, R7), FloatVector.broadcast(F, R6));
                p = z.fma(p, FloatVector.broadcast(F, R5));
                p = z.fma(p, FloatVector.broadcast(F, R4));
                p = z.fma(p, FloatVector.broadcast(F, R3));
                p = z.fma(p, FloatVector.broadcast(F, R2));
                p = z.fma(p, FloatVector.broadcast(F, R1));
                p = z.fma(p, FloatVector.broadcast(F, R0));
                r.blend(v.mul(p), a.compare(VectorOperators.LT, 1f)).intoArray(o, ob + i);
            }
            for (; i < len; i++) o[ob + i] = erf(x[xb + i]);
        }
    }


    /** Exact GELU; see {@link #gelu(float)}. */
    static void geluRun(float[] x, int xo, float[] o, int oo, int n) {
        float[] t = SCRATCH.get();
        for (int b = 0; b < n; b += BLOCK) {
            int len = Math.min(BLOCK, n - b), xb = xo + b, ob = oo + b;
            int i = 0, ub = F.loopBound(len);
            for (; i < ub; i += FL) {
                FloatVector xc = FloatVector.fromArray(F, x, xb + i).lanewise(VectorOperators.MAX, -GELU_CLAMP)
                        .lanewise(VectorOperators.MIN, GELU_CLAMP);
                xc.mul(xc).mul(-0.5f).intoArray(t, i);
            }
            for (; i < len; i++) {
                float xc = Math.min(Math.max(x[xb + i], -GELU_CLAMP), GELU_CLAMP);
                t[i] = -(0.5f * (xc * xc));
            }
            expRun(t, 0, t, 0, len);
            for (i = 0; i < ub; i += FL) {
                FloatVector v = FloatVector.fromArray(F, x, xb + i), e = FloatVector.fromArray(F, t, i);
                FloatVector xc = v.lanewise(VectorOperators.MAX, -GELU_CLAMP).lanewise(VectorOperators.MIN, GELU_CLAMP);
                FloatVector h = xc.mul(INV_SQRT2);
                FloatVector a = h.abs();
                FloatVector x2 = xc.mul(xc);
                FloatVector a2hi = x2.mul(0.5f);
                FloatVector a2lo = xc.fma(xc, x2.neg()).mul(0.5f);
                FloatVector hx = v.mul(0.5f);
                FloatVector p = a2hi.fma(FloatVector.broadcast(F, R7), FloatVector.broadcast(F, R6));
                p = a2hi.fma(p, FloatVector.broadcast(F, R5));
                p = a2hi.fma(p, FloatVector.broadcast(F, R4));
                p = a2hi.fma(p, FloatVector.broadcast(F, R3));
                p = a2hi.fma(p, FloatVector.broadcast(F, R2));
                p = a2hi.fma(p, FloatVector.broadcast(F, R1));
                p = a2hi.fma(p, FloatVector.broadcast(F, R0));
                FloatVector small = hx.mul(h.mul(p).add(1f));
                // erfc(a) = e^{-a^2} erfcx(a), erfcx(a) a polynomial in 1/a (two ranges).
                FloatVector rt = FloatVector.broadcast(F, 1f).div(a);
                VectorMask<Float> lo = a.compare(VectorOperators.LT, ERFCX_SPLIT);
                FloatVector q = rt.fma(FloatVector.broadcast(F, B7).blend(A7, lo), FloatVector.broadcast(F, B6).blend(A6, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B5).blend(A5, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B4).blend(A4, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B3).blend(A3, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B2).blend(A2, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B1).blend(A1, lo));
                q = rt.fma(q, FloatVector.broadcast(F, B0).blend(A0, lo));
                FloatVector c = e.mul(FloatVector.broadcast(F, 1f).sub(a2lo)).mul(q);
                FloatVector pos = v.mul(FloatVector.broadcast(F, 1f).sub(c.mul(0.5f)));
                FloatVector large = hx.mul(c).blend(pos, v.compare(VectorOperators.GE, 0f));
                large.blend(small, a.compare(VectorOperators.LT, 1f)).intoArray(o, ob + i);
            }
            for (; i < len; i++) o[ob + i] = gelu(x[xb + i]);
        }
    }

    /** GELU, tanh form: {@code x sigmoid(2u)}. */
    static void geluTanhRun(float[] x, int xo, float[] o, int oo, int n) {
        float[] t = SCRATCH.get();
        for (int b = 0; b < n; b += BLOCK) {
            int len = Math.min(BLOCK, n - b), xb = xo + b, ob = oo + b;
            int i = 0, ub = F.loopBound(len);
            for (; i < ub; i += FL) {
                FloatVector v = FloatVector.fromArray(F, x, xb + i);
                v.mul(v.mul(v).fma(FloatVector.broadcast(F, GT1), FloatVector.broadcast(F, GT0))).abs().neg().intoArray(t, i);
            }
            for (; i < len; i++) {
                float v = x[xb + i];
                t[i] = -Math.abs(v * Math.fma(GT1, v * v, GT0));
            }
            expRun(t, 0, t, 0, len);
            for (i = 0; i < ub; i += FL) {
                FloatVector v = FloatVector.fromArray(F, x, xb + i), e = FloatVector.fromArray(F, t, i);
                FloatVector u2 = v.mul(v.mul(v).fma(FloatVector.broadcast(F, GT1), FloatVector.broadcast(F, GT0)));
                FloatVector d = FloatVector.broadcast(F, 1f).div(e.add(1f));
                d.blend(e.mul(d), u2.compare(VectorOperators.LT, 0f)).mul(v).intoArray(o, ob + i);
            }
            for (; i < len; i++) {
                float v = x[xb + i], e = t[i], d = 1f / (1f + e);
                float u2 = v * Math.fma(GT1, v * v, GT0);
                o[ob + i] = v * (u2 >= 0f ? d : e * d);
            }
        }
    }
}
