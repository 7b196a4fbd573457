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
 * Accuracy against {@link Math} in double, rounded to float (CpuMathTest's bounds; worst seen on 8M random inputs in
 * brackets): exp and log 2 ulp [0.9], sigmoid 3 [2.4], tanh and erf 4 [1.5 for tanh], silu 4 [2.7], gelu 12 [8.8].
 * Special values follow Math: NaN in, NaN out; overflow to infinity; underflow to 0 (subnormal results kept).
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
    /** 1.5 * 2^23 + 127: w log2(e) + MAGIC_B rounds to an integer k and holds k + 127, 2^k's biased exponent, in
     *  its low bits, so shifting those bits left by 23 gives 2^k (valid for k in [-126, 127]). */
    private static final float MAGIC_B = 12583039f;
    /** |w| up to which k = round(w log2 e) is in [-126, 127] and e^w is normal: the vector kernels' one-scale path. */
    private static final float FAST_LIM = 87f;
    private static final int SIGN_BIT = 0x80000000;
    private static final float E0 = 1.0f, E1 = 1.0f, E2 = 0.4999999701976776f, E3 = 0.1666652113199234f,
            E4 = 0.04166722670197487f, E5 = 0.00836872961372137f, E6 = 0.001387967262417078f;

    static float exp(float x) { return expLo(x, 0f); }

    /**
     * e^(w - lo) for a small correction lo (|lo| at most a few ulp of w): lo is taken off the reduced argument, so a
     * value held as the unevaluated sum w - lo keeps its precision.
     */
    static float expLo(float w, float lo) {
        w = Math.min(Math.max(w, EXP_LO), EXP_HI);
        float t = Math.fma(w, LOG2E, MAGIC);
        float kf = t - MAGIC;
        int k = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float r = Math.fma(kf, -LN2_HI, w);
        r = Math.fma(kf, -LN2_LO, r);
        r = r - lo;
        float p = Math.fma(r, E6, E5);
        p = Math.fma(r, p, E4);
        p = Math.fma(r, p, E3);
        p = Math.fma(r, p, E2);
        p = Math.fma(r, p, E1);
        p = Math.fma(r, p, E0);
        // 2^k as two normal factors, so k down to -150 (subnormal results) and up to 128 work; p 2^k1 is exact, so
        // the result is rounded once whatever the split. The vector kernels scale once (2^k normal) and fall back to
        // this two-factor form only for vectors with a lane outside [-FAST_LIM, FAST_LIM]; both round once, so they
        // agree bit for bit.
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
        // 1 / (1 + e^-x) while e^-x is in the vector kernels' one-scale range, as they compute it; beyond, the form
        // that keeps the subnormal tail of sigmoid(x) for x < -87.
        if (Math.abs(x) <= FAST_LIM) return 1f / (1f + exp(-x));
        float e = exp(-Math.abs(x));
        return (x >= 0f ? 1f : e) / (1f + e);
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
    /** |x| beyond which erf(x) rounds to +-1 in float (erfc(4) is already below half an ulp of 1). */
    private static final float ERF_ONE = 9f;

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

    /**
     * 0.5 erfcx(a) = 0.5 e^{a^2} erfc(a) for a in [0, 11.4] as t G(t), t = 1 / (1 + a sqrt(2) / 3) = 3 / (3 + |x|)
     * where a = |x| / sqrt 2, G a polynomial: one formula over the whole range (no branches), relative error about
     * 2.5e-8 before rounding.
     */
    private static final float G0 = 0.13297124207019806f, G1 = 0.13321669399738312f, G2 = 0.1157456785440445f,
            G3 = 0.1027197390794754f, G4 = 0.0012252393644303083f, G5 = 0.10827002674341202f,
            G6 = -0.12761782109737396f, G7 = 0.01416004542261362f, G8 = 0.029489656910300255f,
            G9 = -0.010180508717894554f;

    /**
     * Exact GELU {@code x Phi(x)}: with a = |x| / sqrt 2, {@code Phi(x) = 1 - 0.5 erfc(a)} for x >= 0 and
     * {@code 0.5 erfc(a)} for x < 0, where {@code 0.5 erfc(a) = e^{-a^2} t G(t)}, t = 3 / (3 + |x|); a^2 = x^2 / 2 is carried as a
     * rounded value and its exact rounding error, so the far negative tail keeps relative precision. No cancellation
     * anywhere (1 - 0.5 erfc(a) >= 1/2).
     */
    static float gelu(float x) {
        float xc = Math.min(Math.max(x, -GELU_CLAMP), GELU_CLAMP);
        float x2 = xc * xc, w = x2 * -0.5f, lo = Math.fma(xc * 0.5f, xc, w);
        float t = 3f / (Math.abs(xc) + 3f);
        float q = Math.fma(t, G9, G8);
        q = Math.fma(t, q, G7);
        q = Math.fma(t, q, G6);
        q = Math.fma(t, q, G5);
        q = Math.fma(t, q, G4);
        q = Math.fma(t, q, G3);
        q = Math.fma(t, q, G2);
        q = Math.fma(t, q, G1);
        q = Math.fma(t, q, G0);
        float hc = expLo(w, lo) * (t * q);
        return x * (x >= 0f ? 1f - hc : hc);
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

    /**
     * Vector relu: a compare and a blend ({@code x <= 0} gives +0, NaN compares false and stays), cheaper on AVX2
     * than lanewise MAX, whose Math.max semantics take several instructions there. {@code zero} is hoisted by callers.
     */
    static FloatVector relu(FloatVector x, FloatVector zero) { return x.blend(zero, x.compare(VectorOperators.LE, zero)); }

    static double sign(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : x); }

    static double relu(double x) { return Math.max(x, 0.0); }

    // ---- run kernels --------------------------------------------------------------------------------------------
    // Vector values never cross a method boundary here: a method taking or returning a FloatVector that the JIT does
    // not inline (too large, or already compiled on its own) boxes every vector, which costs 10-100x. So exp is
    // written out inside every loop that needs it (one pass per vector, constants broadcast once before the loop),
    // and its one-scale form is used: e^w = p(r) 2^k with 2^k built by a shift, valid while |w| <= FAST_LIM. A vector
    // with a lane beyond that (rare: |x| > 87 for exp and sigmoid, > 13 for gelu) is redone by a method that takes
    // arrays, not vectors: the clamped two-scale form (exp) or the scalar function lane by lane. Scalar tails use the
    // scalar functions above, which evaluate the same formulas. Every run kernel allows o == x (same offset).

    static final int BLOCK = 512;
    private static final int FL = F.length();

    /**
     * The core of every vector exp here: the degree-6 polynomial P(r) (coefficients c6..c0, Horner with FMA) times 2^k,
     * where k sits in the low mantissa bits of {@code t = w log2(e) + MAGIC_B} and the shift puts it in the exponent.
     * The callers pass their own coefficient vectors (sigmoid's alternate in sign) so they are broadcast once per run.
     */
    private static FloatVector polyTimesPow2(FloatVector r, FloatVector t, FloatVector c6, FloatVector c5,
                                             FloatVector c4, FloatVector c3, FloatVector c2, FloatVector c1,
                                             FloatVector c0) {
        FloatVector p = r.fma(c6, c5);
        p = r.fma(p, c4);
        p = r.fma(p, c3);
        p = r.fma(p, c2);
        p = r.fma(p, c1);
        p = r.fma(p, c0);
        return p.mul((FloatVector) t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    /**
     * e^w on the one-scale path (|w| <= FAST_LIM): k = round(w log2 e) from {@code t = w log2(e) + MAGIC_B}, the
     * Cody-Waite reduction r = w - k ln 2 in two steps, then {@link #polyTimesPow2}. The constants come in as vectors
     * broadcast once per run (static final vectors made JDK 17 10-15% slower).
     */
    private static FloatVector expOneScale(FloatVector w, FloatVector l2e, FloatVector mgb, FloatVector nh,
                                           FloatVector nl, FloatVector c6, FloatVector c5, FloatVector c4,
                                           FloatVector c3, FloatVector c2, FloatVector c1, FloatVector c0) {
        FloatVector t = w.fma(l2e, mgb);
        FloatVector kf = t.sub(mgb);
        FloatVector r = kf.fma(nh, w);
        r = kf.fma(nl, r);
        return polyTimesPow2(r, t, c6, c5, c4, c3, c2, c1, c0);
    }

    /** {@code o[oo + i] = exp(x[xo + i])} for i in [0, n). */
    static void expRun(float[] x, int xo, float[] o, int oo, int n) {
        FloatVector l2e = FloatVector.broadcast(F, LOG2E), mgb = FloatVector.broadcast(F, MAGIC_B);
        FloatVector nh = FloatVector.broadcast(F, -LN2_HI), nl = FloatVector.broadcast(F, -LN2_LO);
        FloatVector lim = FloatVector.broadcast(F, FAST_LIM);
        FloatVector c6 = FloatVector.broadcast(F, E6);
        FloatVector c5 = FloatVector.broadcast(F, E5), c4 = FloatVector.broadcast(F, E4);
        FloatVector c3 = FloatVector.broadcast(F, E3), c2 = FloatVector.broadcast(F, E2);
        FloatVector c1 = FloatVector.broadcast(F, E1), c0 = FloatVector.broadcast(F, E0);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector w = FloatVector.fromArray(F, x, xo + i);
            FloatVector e = expOneScale(w, l2e, mgb, nh, nl, c6, c5, c4, c3, c2, c1, c0);
            if (w.abs().compare(VectorOperators.GT, lim).anyTrue()) expWide(x, xo + i, o, oo + i);
            else e.intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = exp(x[xo + i]);
    }

    /**
     * One vector of exp over the whole float range: clamp to [EXP_LO, EXP_HI] (NaN stays NaN) and scale by 2^k as
     * two normal factors, so subnormal results (x down to -104) and k = 128 come out right.
     */
    private static void expWide(float[] x, int xo, float[] o, int oo) {
        FloatVector v = FloatVector.fromArray(F, x, xo);
        v = v.lanewise(VectorOperators.MAX, EXP_LO).lanewise(VectorOperators.MIN, EXP_HI);
        FloatVector t = v.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, MAGIC));
        FloatVector kf = t.sub(MAGIC);
        IntVector k = t.reinterpretAsInts().sub(MAGIC_BITS);
        FloatVector r = kf.fma(FloatVector.broadcast(F, -LN2_HI), v);
        r = kf.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(F, E6), FloatVector.broadcast(F, E5));
        p = r.fma(p, FloatVector.broadcast(F, E4));
        p = r.fma(p, FloatVector.broadcast(F, E3));
        p = r.fma(p, FloatVector.broadcast(F, E2));
        p = r.fma(p, FloatVector.broadcast(F, E1));
        p = r.fma(p, FloatVector.broadcast(F, E0));
        // k1 = round(k / 2) by the same rounding trick, k2 = k - k1; 2^k1 = (k1 + 127) * 2^23 as bits.
        FloatVector t1 = kf.fma(FloatVector.broadcast(F, 0.5f), FloatVector.broadcast(F, MAGIC));
        IntVector k1 = t1.reinterpretAsInts().sub(MAGIC_BITS);
        IntVector k2 = k.sub(k1);
        FloatVector s1 = (FloatVector) k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = (FloatVector) k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        p.mul(s1).mul(s2).intoArray(o, oo);
    }

    /**
     * Softmax's exponent pass: {@code o[oo + i] = exp(x[xo + i] - shift)} for i in [0, n), returning the sum of the
     * outputs (accumulated in float, one partial sum per lane), in one pass.
     */
    static float expShiftSumRun(float[] x, int xo, float shift, float[] o, int oo, int n) {
        FloatVector sh = FloatVector.broadcast(F, shift), acc = FloatVector.zero(F);
        FloatVector l2e = FloatVector.broadcast(F, LOG2E), mgb = FloatVector.broadcast(F, MAGIC_B);
        FloatVector nh = FloatVector.broadcast(F, -LN2_HI), nl = FloatVector.broadcast(F, -LN2_LO);
        FloatVector lim = FloatVector.broadcast(F, FAST_LIM);
        FloatVector c6 = FloatVector.broadcast(F, E6);
        FloatVector c5 = FloatVector.broadcast(F, E5), c4 = FloatVector.broadcast(F, E4);
        FloatVector c3 = FloatVector.broadcast(F, E3), c2 = FloatVector.broadcast(F, E2);
        FloatVector c1 = FloatVector.broadcast(F, E1), c0 = FloatVector.broadcast(F, E0);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector w = FloatVector.fromArray(F, x, xo + i).sub(sh);
            FloatVector e = expOneScale(w, l2e, mgb, nh, nl, c6, c5, c4, c3, c2, c1, c0);
            // Masked logits (-1e9, -inf) are common in attention: their exp is exactly 0, set here without the wide
            // path. Only lanes in (EXP_LO, -FAST_LIM) (subnormal results) or above FAST_LIM need it.
            VectorMask<Float> zero = w.compare(VectorOperators.LT, EXP_LO);
            e = e.blend(0f, zero);
            if (w.abs().compare(VectorOperators.GT, lim).andNot(zero).anyTrue()) {
                // Rare: redo this vector over the full range, then add what was stored.
                w.intoArray(o, oo + i);
                expWide(o, oo + i, o, oo + i);
                acc = acc.add(FloatVector.fromArray(F, o, oo + i));
            } else {
                e.intoArray(o, oo + i);
                acc = acc.add(e);
            }
        }
        float sum = 0f;
        for (; i < n; i++) {
            float e = exp(x[xo + i] - shift);
            o[oo + i] = e;
            sum += e;
        }
        return (float) CpuReduceRuns.sumLanes(acc) + sum;
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

    /**
     * {@code o = sigmoid(x)} (or {@code x * sigmoid(x)} when {@code times}) in one pass: 1 / (1 + e^-x), with e^-x
     * evaluated from x directly (the negation folded into the constants: k = round(-x log2 e), r' = x + k ln 2 = -r,
     * and e^r = P(-r') by Horner with alternating signs, which rounds exactly as P(r) does up to sign).
     */
    private static void sigmoidRun(float[] x, int xo, float[] o, int oo, int n, boolean times) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector nl2e = FloatVector.broadcast(F, -LOG2E), mgb = FloatVector.broadcast(F, MAGIC_B);
        FloatVector h = FloatVector.broadcast(F, LN2_HI), l = FloatVector.broadcast(F, LN2_LO);
        FloatVector lim = FloatVector.broadcast(F, FAST_LIM);
        FloatVector c6 = FloatVector.broadcast(F, E6), n5 = FloatVector.broadcast(F, -E5);
        FloatVector c4 = FloatVector.broadcast(F, E4), n3 = FloatVector.broadcast(F, -E3);
        FloatVector c2 = FloatVector.broadcast(F, E2), n1 = FloatVector.broadcast(F, -E1);
        FloatVector c0 = FloatVector.broadcast(F, E0);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector t = v.fma(nl2e, mgb);
            FloatVector kf = t.sub(mgb);
            FloatVector r = kf.fma(h, v);
            r = kf.fma(l, r);
            FloatVector e = polyTimesPow2(r, t, c6, n5, c4, n3, c2, n1, c0);
            FloatVector s = one.div(e.add(one));
            if (v.abs().compare(VectorOperators.GT, lim).anyTrue()) {
                for (int j = 0; j < FL; j++) {
                    float xj = x[xo + i + j];
                    o[oo + i + j] = times ? silu(xj) : sigmoid(xj);
                }
            } else if (times) {
                s.mul(v).intoArray(o, oo + i);
            } else {
                s.intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = times ? silu(x[xo + i]) : sigmoid(x[xo + i]);
    }

    static void sigmoidRun(float[] x, int xo, float[] o, int oo, int n) { sigmoidRun(x, xo, o, oo, n, false); }

    static void siluRun(float[] x, int xo, float[] o, int oo, int n) { sigmoidRun(x, xo, o, oo, n, true); }

    /**
     * {@code o = tanh(x)} in one pass: odd polynomial for |x| < 0.625, else sign(x) (1 - e)/(1 + e) with
     * e = exp(-2|x|), taken as 0 where |x| > FAST_LIM / 2 (tanh is +-1 in float well before that).
     */
    static void tanhRun(float[] x, int xo, float[] o, int oo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f), zero = FloatVector.zero(F);
        FloatVector m2 = FloatVector.broadcast(F, -2f), small = FloatVector.broadcast(F, TANH_SMALL);
        FloatVector l2e = FloatVector.broadcast(F, LOG2E), mgb = FloatVector.broadcast(F, MAGIC_B);
        FloatVector nh = FloatVector.broadcast(F, -LN2_HI), nl = FloatVector.broadcast(F, -LN2_LO);
        FloatVector nlim = FloatVector.broadcast(F, -FAST_LIM);
        FloatVector c6 = FloatVector.broadcast(F, E6);
        FloatVector c5 = FloatVector.broadcast(F, E5), c4 = FloatVector.broadcast(F, E4);
        FloatVector c3 = FloatVector.broadcast(F, E3), c2 = FloatVector.broadcast(F, E2);
        FloatVector c1 = FloatVector.broadcast(F, E1), c0 = FloatVector.broadcast(F, E0);
        FloatVector t6 = FloatVector.broadcast(F, T6), t5 = FloatVector.broadcast(F, T5);
        FloatVector t4 = FloatVector.broadcast(F, T4), t3 = FloatVector.broadcast(F, T3);
        FloatVector t2 = FloatVector.broadcast(F, T2), t1 = FloatVector.broadcast(F, T1);
        FloatVector t0 = FloatVector.broadcast(F, T0);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector a = v.abs();
            FloatVector w = a.mul(m2);
            FloatVector e = expOneScale(w, l2e, mgb, nh, nl, c6, c5, c4, c3, c2, c1, c0);
            e = e.blend(zero, w.compare(VectorOperators.LT, nlim));
            FloatVector q = one.sub(e).div(one.add(e));
            // q >= 0: give it x's sign bit.
            q = (FloatVector) q.reinterpretAsInts().or(v.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            FloatVector z = v.mul(v);
            FloatVector s = z.fma(t6, t5);
            s = z.fma(s, t4);
            s = z.fma(s, t3);
            s = z.fma(s, t2);
            s = z.fma(s, t1);
            s = z.fma(s, t0);
            q.blend(v.mul(s), a.compare(VectorOperators.LT, small)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = tanh(x[xo + i]);
    }

    /**
     * erf(x) in one pass: x P(x^2) for |x| < 1, else sign(x) (1 - erfc(a)) with erfc(a) = e^{-a^2} erfcx(a). a is
     * clamped to {@link #ERF_ONE}: erf already rounds to 1 there, and e^{-a^2} stays in the one-scale exp's range.
     */
    static void erfRun(float[] x, int xo, float[] o, int oo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f), zero = FloatVector.zero(F);
        FloatVector l2e = FloatVector.broadcast(F, LOG2E), mgb = FloatVector.broadcast(F, MAGIC_B);
        FloatVector nh = FloatVector.broadcast(F, -LN2_HI), nl = FloatVector.broadcast(F, -LN2_LO);
        FloatVector c6 = FloatVector.broadcast(F, E6);
        FloatVector c5 = FloatVector.broadcast(F, E5), c4 = FloatVector.broadcast(F, E4);
        FloatVector c3 = FloatVector.broadcast(F, E3), c2 = FloatVector.broadcast(F, E2);
        FloatVector c1 = FloatVector.broadcast(F, E1), c0 = FloatVector.broadcast(F, E0);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector a = v.abs();
            FloatVector ac = a.lanewise(VectorOperators.MIN, ERF_ONE);
            FloatVector zc = ac.mul(ac);
            FloatVector a2lo = ac.fma(ac, zc.neg());
            // e^{-a^2} as e^{-zc} (1 - a2lo): zc = a^2 rounded, a2lo its rounding error.
            FloatVector w = zc.neg();
            FloatVector e = expOneScale(w, l2e, mgb, nh, nl, c6, c5, c4, c3, c2, c1, c0);
            // erfcx(a), a polynomial in 1/a (two ranges).
            FloatVector rt = one.div(ac);
            VectorMask<Float> lo = ac.compare(VectorOperators.LT, ERFCX_SPLIT);
            FloatVector q = rt.fma(FloatVector.broadcast(F, B7).blend(A7, lo), FloatVector.broadcast(F, B6).blend(A6, lo));
            q = rt.fma(q, FloatVector.broadcast(F, B5).blend(A5, lo));
            q = rt.fma(q, FloatVector.broadcast(F, B4).blend(A4, lo));
            q = rt.fma(q, FloatVector.broadcast(F, B3).blend(A3, lo));
            q = rt.fma(q, FloatVector.broadcast(F, B2).blend(A2, lo));
            q = rt.fma(q, FloatVector.broadcast(F, B1).blend(A1, lo));
            q = rt.fma(q, FloatVector.broadcast(F, B0).blend(A0, lo));
            FloatVector c = e.mul(one.sub(a2lo)).mul(q);
            FloatVector big = one.sub(c);
            big = big.blend(big.neg(), v.compare(VectorOperators.LT, zero));
            FloatVector z = v.mul(v);
            FloatVector p = z.fma(FloatVector.broadcast(F, R7), FloatVector.broadcast(F, R6));
            p = z.fma(p, FloatVector.broadcast(F, R5));
            p = z.fma(p, FloatVector.broadcast(F, R4));
            p = z.fma(p, FloatVector.broadcast(F, R3));
            p = z.fma(p, FloatVector.broadcast(F, R2));
            p = z.fma(p, FloatVector.broadcast(F, R1));
            p = z.fma(p, FloatVector.broadcast(F, R0));
            big.blend(v.mul(p), a.compare(VectorOperators.LT, 1f)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = erf(x[xo + i]);
    }

    /** Exact GELU in one pass; see {@link #gelu(float)}. Vectors with |x| > 13 (e^{-x^2/2} subnormal) go lane by lane. */
    static void geluRun(float[] x, int xo, float[] o, int oo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f), three = FloatVector.broadcast(F, 3f), zero = FloatVector.zero(F);
        FloatVector mhalf = FloatVector.broadcast(F, -0.5f), half = FloatVector.broadcast(F, 0.5f);
        FloatVector l2e = FloatVector.broadcast(F, LOG2E), mgb = FloatVector.broadcast(F, MAGIC_B);
        FloatVector nh = FloatVector.broadcast(F, -LN2_HI), nl = FloatVector.broadcast(F, -LN2_LO);
        FloatVector nlim = FloatVector.broadcast(F, -FAST_LIM);
        FloatVector c6 = FloatVector.broadcast(F, E6);
        FloatVector c5 = FloatVector.broadcast(F, E5), c4 = FloatVector.broadcast(F, E4);
        FloatVector c3 = FloatVector.broadcast(F, E3), c2 = FloatVector.broadcast(F, E2);
        FloatVector c1 = FloatVector.broadcast(F, E1), c0 = FloatVector.broadcast(F, E0);
        FloatVector g9 = FloatVector.broadcast(F, G9), g8 = FloatVector.broadcast(F, G8);
        FloatVector g7 = FloatVector.broadcast(F, G7), g6 = FloatVector.broadcast(F, G6);
        FloatVector g5 = FloatVector.broadcast(F, G5), g4 = FloatVector.broadcast(F, G4);
        FloatVector g3 = FloatVector.broadcast(F, G3), g2 = FloatVector.broadcast(F, G2);
        FloatVector g1 = FloatVector.broadcast(F, G1), g0 = FloatVector.broadcast(F, G0);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector w = v.mul(v).mul(mhalf);
            FloatVector lo = v.mul(half).fma(v, w);
            FloatVector tt = three.div(v.abs().add(three));
            FloatVector q = tt.fma(g9, g8);
            q = tt.fma(q, g7);
            q = tt.fma(q, g6);
            q = tt.fma(q, g5);
            q = tt.fma(q, g4);
            q = tt.fma(q, g3);
            q = tt.fma(q, g2);
            q = tt.fma(q, g1);
            q = tt.fma(q, g0);
            FloatVector t = w.fma(l2e, mgb);
            FloatVector kf = t.sub(mgb);
            FloatVector r = kf.fma(nh, w);
            r = kf.fma(nl, r).sub(lo);
            FloatVector e = polyTimesPow2(r, t, c6, c5, c4, c3, c2, c1, c0);
            FloatVector hc = e.mul(tt.mul(q));
            FloatVector res = v.mul(hc.blend(one.sub(hc), v.compare(VectorOperators.GE, zero)));
            if (w.compare(VectorOperators.LT, nlim).anyTrue()) {
                for (int j = 0; j < FL; j++) o[oo + i + j] = gelu(x[xo + i + j]);
            } else {
                res.intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = gelu(x[xo + i]);
    }

    /** GELU, tanh form, in one pass: {@code x sigmoid(2u)}, sigmoid evaluated as in {@link #sigmoidRun}. */
    static void geluTanhRun(float[] x, int xo, float[] o, int oo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector gt0 = FloatVector.broadcast(F, GT0), gt1 = FloatVector.broadcast(F, GT1);
        FloatVector nl2e = FloatVector.broadcast(F, -LOG2E), mgb = FloatVector.broadcast(F, MAGIC_B);
        FloatVector h = FloatVector.broadcast(F, LN2_HI), l = FloatVector.broadcast(F, LN2_LO);
        FloatVector lim = FloatVector.broadcast(F, FAST_LIM);
        FloatVector c6 = FloatVector.broadcast(F, E6), n5 = FloatVector.broadcast(F, -E5);
        FloatVector c4 = FloatVector.broadcast(F, E4), n3 = FloatVector.broadcast(F, -E3);
        FloatVector c2 = FloatVector.broadcast(F, E2), n1 = FloatVector.broadcast(F, -E1);
        FloatVector c0 = FloatVector.broadcast(F, E0);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector u2 = v.mul(v.mul(v).fma(gt1, gt0));
            FloatVector t = u2.fma(nl2e, mgb);
            FloatVector kf = t.sub(mgb);
            FloatVector r = kf.fma(h, u2);
            r = kf.fma(l, r);
            FloatVector e = polyTimesPow2(r, t, c6, n5, c4, n3, c2, n1, c0);
            FloatVector res = v.mul(one.div(e.add(one)));
            if (u2.abs().compare(VectorOperators.GT, lim).anyTrue()) {
                for (int j = 0; j < FL; j++) o[oo + i + j] = geluTanh(x[xo + i + j]);
            } else {
                res.intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = geluTanh(x[xo + i]);
    }
}
