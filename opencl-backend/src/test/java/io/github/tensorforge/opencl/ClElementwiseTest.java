package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.github.tensorforge.opencl.ClTestSupport.*;

/** unary, binary, comparisons, where, fill and copy against the reference backend, over dtypes, sizes and layouts. */
class ClElementwiseTest {
    static final int[] SIZES = {1, 7, 17, 1023};
    static final List<DType> ALL = List.of(DType.BOOL, DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64);

    private static boolean runs(DType t) { return t != DType.FLOAT64 || fp64(); }

    @Test void unaryAllOpsDtypesSizesLayouts() {
        cl();
        Random rnd = new Random(1);
        for (UnaryOp op : UnaryOp.values()) {
            for (DType t : List.of(DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64)) {
                if (!runs(t) || (!t.isFloating() && !op.acceptsIntegers())) continue;
                boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT;
                for (int n : SIZES) {
                    for (String layout : LAYOUTS) {
                        if (n > 17 && !layout.equals("dense") && !layout.equals("transposed")) continue;
                        Twin x = input(t, n, layout, rnd, positive && t.isFloating());
                        Twin out = output(t, 3, n);
                        REF.unary(op, out.ref(), x.ref());
                        cl().unary(op, out.tested(), x.tested());
                        assertSame("unary " + op + " " + t + " n=" + n + " " + layout, out, 4 * atol(t), 4 * rtol(t));
                        releaseAll(x, out);
                    }
                }
            }
        }
    }

    @Test void unaryEdgeValues() {
        for (DType t : floatTypes()) {
            double[] vals = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-30, -1e30, 30, -30, 88, -100};
            Object host = t == DType.FLOAT32 ? toFloats(vals) : vals;
            for (UnaryOp op : UnaryOp.values()) {
                Twin x = contiguous(t, host, vals.length);
                Twin out = output(t, vals.length);
                REF.unary(op, out.ref(), x.ref());
                cl().unary(op, out.tested(), x.tested());
                assertSame("unary edge " + op + " " + t, out, 4 * atol(t), 4 * rtol(t));
                releaseAll(x, out);
            }
        }
    }

    static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    @Test void binaryAllOpsDtypesSizesLayouts() {
        cl();
        Random rnd = new Random(2);
        String[][] combos = {{"dense", "dense"}, {"stepped", "transposed"}, {"bcast_row", "bcast_col"}, {"dense", "scalar"}};
        for (BinaryOp op : BinaryOp.values()) {
            for (DType t : ALL) {
                if (!runs(t) || (!op.acceptsIntegers() && !t.isFloating())) continue;
                for (int n : SIZES) {
                    for (String[] combo : combos) {
                        if (n > 17 && !combo[0].equals("dense")) continue;
                        boolean positiveA = op == BinaryOp.POW && t.isFloating();
                        Twin a = input(t, n, combo[0], rnd, positiveA);
                        Twin b = input(t, n, combo[1], rnd, false);
                        Twin out = output(op.isComparison() ? DType.BOOL : t, 3, n);
                        REF.binary(op, out.ref(), a.ref(), b.ref());
                        cl().binary(op, out.tested(), a.tested(), b.tested());
                        assertSame("binary " + op + " " + t + " n=" + n + " " + combo[0] + "/" + combo[1], out,
                                4 * atol(t), 4 * rtol(t));
                        releaseAll(a, b, out);
                    }
                }
            }
        }
    }

    @Test void maxMinPropagateNaNAndComparisonsWithNaN() {
        for (DType t : floatTypes()) {
            double[] av = {Double.NaN, 1, Double.NaN, -0.0, 2};
            double[] bv = {1, Double.NaN, Double.NaN, 0.0, 2};
            for (BinaryOp op : BinaryOp.values()) {
                Twin a = contiguous(t, t == DType.FLOAT32 ? toFloats(av) : av, 5);
                Twin b = contiguous(t, t == DType.FLOAT32 ? toFloats(bv) : bv, 5);
                Twin out = output(op.isComparison() ? DType.BOOL : t, 5);
                REF.binary(op, out.ref(), a.ref(), b.ref());
                cl().binary(op, out.tested(), a.tested(), b.tested());
                assertSame("binary NaN " + op + " " + t, out, atol(t), rtol(t));
                releaseAll(a, b, out);
            }
        }
    }

    @Test void whereAllDtypesAndLayouts() {
        cl();
        Random rnd = new Random(3);
        for (DType t : ALL) {
            if (!runs(t)) continue;
            for (int n : SIZES) {
                for (String layout : List.of("dense", "transposed", "bcast_row")) {
                    Twin c = input(DType.BOOL, n, layout, rnd, false);
                    Twin a = input(t, n, "dense", rnd, false);
                    Twin b = input(t, n, layout.equals("dense") ? "dense" : "bcast_col", rnd, false);
                    Twin out = output(t, 3, n);
                    REF.where(out.ref(), c.ref(), a.ref(), b.ref());
                    cl().where(out.tested(), c.tested(), a.tested(), b.tested());
                    assertSame("where " + t + " n=" + n + " " + layout, out, 0, 0);
                    releaseAll(c, a, b, out);
                }
            }
        }
    }

    @Test void fillAllDtypes() {
        for (DType t : ALL) {
            if (!runs(t)) continue;
            for (double v : new double[] {0, 1, -2.75, 3e9, Double.NaN}) {
                Twin out = output(t, 3, 17);
                REF.fill(out.ref(), v);
                cl().fill(out.tested(), v);
                assertSame("fill " + t + " " + v, out, 0, 0);
                releaseAll(out);
            }
            // a strided output view: every other element of a row
            Twin out = output(t, 40);
            View rv = new View(out.refBuf(), t, new int[] {3, 5}, new int[] {10, 2}, 3);
            View cv = new View(out.testedBuf(), t, new int[] {3, 5}, new int[] {10, 2}, 3);
            REF.fill(rv, 1);
            cl().fill(cv, 1);
            assertSame("fill strided " + t, out, 0, 0);
            releaseAll(out);
        }
    }

    @Test void copyEveryDtypePairStridedBothSides() {
        cl();
        Random rnd = new Random(4);
        for (DType src : ALL) {
            for (DType dst : ALL) {
                if (!runs(src) || !runs(dst)) continue;
                for (String layout : List.of("dense", "transposed", "bcast_col")) {
                    Twin x = input(src, 17, layout, rnd, false);
                    Twin out = output(dst, 3, 17);
                    REF.copy(out.ref(), x.ref());
                    cl().copy(out.tested(), x.tested());
                    assertSame("copy " + src + " -> " + dst + " " + layout, out, atol(dst), rtol(dst));
                    releaseAll(x, out);
                }
                // strided destination: the transpose of a (17, 3) buffer
                Twin x = input(src, 17, "dense", rnd, false);
                Twin out = output(dst, 51);
                View ro = new View(out.refBuf(), dst, new int[] {3, 17}, new int[] {1, 3}, 0);
                View co = new View(out.testedBuf(), dst, new int[] {3, 17}, new int[] {1, 3}, 0);
                REF.copy(ro, x.ref());
                cl().copy(co, x.tested());
                assertSame("copy into strided " + src + " -> " + dst, out, atol(dst), rtol(dst));
                releaseAll(x, out);
            }
        }
    }

    @Test void copyFloatToIntTruncatesAndSaturatesLikeJava() {
        for (DType src : floatTypes()) {
            double[] v = {2.7, -2.7, 3e9, -3e9, 1e20, Double.NaN, 0.5, -0.5};
            for (DType dst : List.of(DType.INT32, DType.INT64, DType.BOOL)) {
                Twin x = contiguous(src, src == DType.FLOAT32 ? toFloats(v) : v, v.length);
                Twin out = output(dst, v.length);
                // a transposed-free strided path too: copy through a step-1 view with an offset of 0 but rank 2
                REF.copy(out.ref(), x.ref());
                cl().copy(out.tested(), x.tested());
                assertSame("copy edge " + src + " -> " + dst, out, 0, 0);
                releaseAll(x, out);
            }
        }
    }
}
