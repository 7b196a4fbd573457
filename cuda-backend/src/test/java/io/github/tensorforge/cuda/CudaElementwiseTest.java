package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.github.tensorforge.cuda.CudaTestSupport.*;

/** fill, copy (every dtype pair), unary, binary, comparisons and where on the GPU against the reference backend. */
class CudaElementwiseTest {
    private static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT64);
    private static final List<DType> ALL = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL);

    @Test void unaryFloatOpsOnEveryLayout() {
        Random rnd = new Random(1);
        for (DType t : FLOATS) {
            for (UnaryOp op : UnaryOp.values()) {
                boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT;
                for (String layout : LAYOUTS) {
                    Twin x = input(t, 5, 37, layout, rnd, positive);
                    Twin out = output(t, 5, 37);
                    both((b, c) -> b.unary(op, c ? out.tested() : out.ref(), c ? x.tested() : x.ref()));
                    assertClose("unary " + op + " " + t + " " + layout, out, atol(t) * 5, rtol(t) * 5);
                    releaseAll(x, out);
                }
            }
        }
    }

    @Test void unaryIntegerOps() {
        Random rnd = new Random(2);
        for (DType t : List.of(DType.INT32, DType.INT64, DType.BOOL)) {
            for (UnaryOp op : UnaryOp.values()) {
                if (!op.acceptsIntegers()) continue;
                Twin x = input(t, 3, 1001, "stepped", rnd, false);
                Twin out = output(t, 3, 1001);
                both((b, c) -> b.unary(op, c ? out.tested() : out.ref(), c ? x.tested() : x.ref()));
                assertClose("unary " + op + " " + t, out, 0, 0);
                releaseAll(x, out);
            }
        }
    }

    @Test void unaryLargeContiguous() {
        Random rnd = new Random(3);
        int n = (1 << 20) + 3;
        Twin x = randomContiguous(DType.FLOAT32, rnd, n);
        Twin out = output(DType.FLOAT32, n);
        both((b, c) -> b.unary(UnaryOp.GELU, c ? out.tested() : out.ref(), c ? x.tested() : x.ref()));
        assertClose("gelu 1M", out, 1e-5, 1e-5);
        releaseAll(x, out);
    }

    @Test void specialValuesFollowJavaMath() {
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-40f, -3e38f, 88.8f, -104f};
        for (UnaryOp op : UnaryOp.values()) {
            Twin x = contiguous(DType.FLOAT32, special, special.length);
            Twin out = output(DType.FLOAT32, special.length);
            both((b, c) -> b.unary(op, c ? out.tested() : out.ref(), c ? x.tested() : x.ref()));
            assertClose("unary " + op + " on special values", out, 1e-6, 1e-5);
            releaseAll(x, out);
        }
        float[] a = {Float.NaN, 1f, -0f, 0f, 3f};
        float[] bb = {2f, Float.NaN, 0f, -0f, 3f};
        for (BinaryOp op : List.of(BinaryOp.MAX, BinaryOp.MIN, BinaryOp.CMPEQ, BinaryOp.CMPNE, BinaryOp.CMPLT)) {
            Twin x = contiguous(DType.FLOAT32, a, 5), y = contiguous(DType.FLOAT32, bb, 5);
            Twin out = output(op.isComparison() ? DType.BOOL : DType.FLOAT32, 5);
            both((b, c) -> b.binary(op, c ? out.tested() : out.ref(), c ? x.tested() : x.ref(), c ? y.tested() : y.ref()));
            assertClose("binary " + op + " NaN/signed zero", out, 0, 0);
            float[] got = (float[]) (op.isComparison() ? new float[0] : cuda().download(out.testedBuf()));
            if (!op.isComparison() && Float.floatToRawIntBits(got[2]) != Float.floatToRawIntBits(op == BinaryOp.MAX ? 0f : -0f)) {
                org.junit.jupiter.api.Assertions.fail(op + "(-0, 0) gave " + got[2] + ", Java's Math gives "
                        + (op == BinaryOp.MAX ? "0.0" : "-0.0"));
            }
            releaseAll(x, y, out);
        }
    }

    @Test void binaryOpsWithBroadcastAndStrides() {
        Random rnd = new Random(4);
        for (DType t : ALL) {
            for (BinaryOp op : BinaryOp.values()) {
                if (!t.isFloating() && (op == BinaryOp.DIV || op == BinaryOp.POW)) continue;
                boolean positive = op == BinaryOp.POW && t.isFloating();
                for (String la : List.of("dense", "stepped", "transposed", "bcast_row")) {
                    String lb = la.equals("bcast_row") ? "bcast_col" : la.equals("dense") ? "scalar" : la;
                    Twin x = input(t, 6, 129, la, rnd, positive);
                    Twin y = input(t, 6, 129, lb, rnd, false);
                    Twin out = output(op.isComparison() ? DType.BOOL : t, 6, 129);
                    both((b, c) -> b.binary(op, c ? out.tested() : out.ref(), c ? x.tested() : x.ref(), c ? y.tested() : y.ref()));
                    assertClose("binary " + op + " " + t + " " + la + "/" + lb, out, atol(t) * 4, rtol(t) * 4);
                    releaseAll(x, y, out);
                }
            }
        }
    }

    @Test void whereSelectsPerElement() {
        Random rnd = new Random(5);
        for (DType t : ALL) {
            Twin cond = input(DType.BOOL, 4, 77, "stepped", rnd, false);
            Twin x = input(t, 4, 77, "transposed", rnd, false);
            Twin y = input(t, 4, 77, "bcast_row", rnd, false);
            Twin out = output(t, 4, 77);
            both((b, c) -> b.where(c ? out.tested() : out.ref(), c ? cond.tested() : cond.ref(), c ? x.tested() : x.ref(),
                    c ? y.tested() : y.ref()));
            assertClose("where " + t, out, 0, 0);
            releaseAll(cond, x, y, out);
        }
    }

    @Test void copyConvertsEveryDtypePair() {
        Random rnd = new Random(6);
        for (DType from : ALL) {
            for (DType to : ALL) {
                Twin x = input(from, 7, 33, "transposed", rnd, false);
                Twin out = output(to, 7, 33);
                both((b, c) -> b.copy(c ? out.tested() : out.ref(), c ? x.tested() : x.ref()));
                assertClose("copy " + from + " -> " + to, out, 0, 0);
                releaseAll(x, out);
            }
        }
        // A strided destination and a contiguous same-dtype copy (the cuMemcpy path).
        Twin x = randomContiguous(DType.FLOAT32, rnd, 10, 12);
        Twin dst = output(DType.FLOAT32, 12, 10);
        Twin dstT = dst.view(new int[] {10, 12}, new int[] {1, 10}, 0);
        both((b, c) -> b.copy(c ? dstT.tested() : dstT.ref(), c ? x.tested() : x.ref()));
        assertClose("copy into a transposed view", dst, 0, 0);
        Twin y = output(DType.FLOAT32, 10, 12);
        both((b, c) -> b.copy(c ? y.tested() : y.ref(), c ? x.tested() : x.ref()));
        assertClose("contiguous copy", y, 0, 0);
        releaseAll(x, dst, y);
    }

    @Test void copyOutOfRangeFloatsToIntegersLikeJava() {
        float[] v = {3.9f, -3.9f, Float.NaN, 3e9f, -3e9f, 1e20f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (DType to : List.of(DType.INT32, DType.INT64, DType.BOOL)) {
            Twin x = contiguous(DType.FLOAT32, v, v.length);
            Twin out = output(to, v.length);
            both((b, c) -> b.copy(c ? out.tested() : out.ref(), c ? x.tested() : x.ref()));
            assertClose("copy float32 -> " + to + " of extreme values", out, 0, 0);
            releaseAll(x, out);
        }
    }

    @Test void fillContiguousAndStrided() {
        for (DType t : ALL) {
            Twin out = output(t, 9, 31);
            both((b, c) -> b.fill(c ? out.tested() : out.ref(), -2.75));
            assertClose("fill " + t, out, 0, 0);
            Twin strided = out.view(new int[] {4, 31}, new int[] {62, 1}, 31);   // rows 1, 3, 5, 7
            both((b, c) -> b.fill(c ? strided.tested() : strided.ref(), 3.0));
            assertClose("strided fill " + t, out, 0, 0);
            releaseAll(out);
        }
    }

    @Test void emptyTensorsAreNoOps() {
        Twin x = output(DType.FLOAT32, 0, 5);
        Twin out = output(DType.FLOAT32, 0, 5);
        both((b, c) -> b.unary(UnaryOp.EXP, c ? out.tested() : out.ref(), c ? x.tested() : x.ref()));
        assertClose("empty", out, 0, 0);
        releaseAll(x, out);
    }

    @Test void rejectsForeignBuffersWithAClearMessage() {
        CudaBackend c = cuda();
        View host = View.contiguous(REF.allocate(DType.FLOAT32, 4), 4);
        View dev = View.contiguous(c.allocate(DType.FLOAT32, 4), 4);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> c.unary(UnaryOp.EXP, dev, host));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not a buffer of this CUDA backend"), e.getMessage());
        dev.buffer().release();
        host.buffer().release();
    }
}
