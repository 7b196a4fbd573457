package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.github.tensorforge.opencl.ClTestSupport.*;

/** Reductions over every axis subset of 3-D inputs (contiguous and permuted), all ops and dtypes, short and long rows. */
class ClReduceTest {

    private static int[] outShape(int[] shape, int[] axes) {
        int[] o = shape.clone();
        for (int a : axes) o[a] = 1;
        return o;
    }

    private static void check(ReduceOp op, DType t, Twin x, int[] axes, String what) {
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        int[] os = outShape(x.ref().shape(), axes);
        Twin out = output(arg ? DType.INT64 : t, os);
        REF.reduce(op, out.ref(), x.ref(), axes);
        cl().reduce(op, out.tested(), x.tested(), axes);
        int len = 1;
        for (int a : axes) len *= x.ref().shape()[a];
        // float sums: the device adds in T with a different order than the reference's double loop
        double atol = op == ReduceOp.SUM ? atol(t) * Math.max(1, Math.sqrt(len)) * 8 : atol(t);
        assertSame(what, out, atol, rtol(t) * 10);
        releaseAll(out);
    }

    private static List<int[]> axisSets(int rank, boolean single) {
        List<int[]> sets = new ArrayList<>();
        for (int mask = 1; mask < (1 << rank); mask++) {
            int[] axes = new int[Integer.bitCount(mask)];
            for (int d = 0, i = 0; d < rank; d++) if ((mask & (1 << d)) != 0) axes[i++] = d;
            if (!single || axes.length == 1) sets.add(axes);
        }
        return sets;
    }

    @Test void allOpsDtypesAxesLayouts() {
        cl();
        Random rnd = new Random(5);
        List<DType> types = new ArrayList<>(List.of(DType.BOOL, DType.INT32, DType.INT64));
        types.addAll(floatTypes());
        int[][] shapes = {{1, 7, 1}, {3, 17, 5}, {2, 1023, 1}};
        for (DType t : types) {
            for (ReduceOp op : ReduceOp.values()) {
                boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
                for (int[] shape : shapes) {
                    int n = shape[0] * shape[1] * shape[2];
                    Object host = random(t, n, rnd);
                    // contiguous, and a permuted view of the same data (strides of the transpose (2, 0, 1))
                    Twin c = contiguous(t, host, shape);
                    int[] ps = {shape[1], shape[2], shape[0]};
                    int[] pst = {shape[2], 1, shape[1] * shape[2]};
                    Twin p = pair(t, host, ps, pst, 0);
                    for (int[] axes : axisSets(3, arg)) {
                        check(op, t, c, axes, "reduce " + op + " " + t + " " + str(shape) + " axes " + str(axes));
                        check(op, t, p, axes, "reduce " + op + " " + t + " permuted " + str(ps) + " axes " + str(axes));
                    }
                    releaseAll(c, p);
                }
            }
        }
    }

    @Test void longRowsUseWorkGroupTreeAndManyShortRows() {
        cl();
        Random rnd = new Random(6);
        for (DType t : floatTypes()) {
            for (ReduceOp op : ReduceOp.values()) {
                Object host = random(t, 4 * 5000, rnd);
                Twin x = contiguous(t, host, 4, 5000);
                check(op, t, x, new int[] {1}, "reduce long rows " + op + " " + t);
                check(op, t, x, new int[] {0}, "reduce columns " + op + " " + t);
                releaseAll(x);
                Twin many = contiguous(t, random(t, 9000 * 40, rnd), 9000, 40);
                check(op, t, many, new int[] {1}, "reduce many rows " + op + " " + t);
                releaseAll(many);
            }
        }
    }

    @Test void fewVeryLongRowsAreSplitIntoChunks() {
        cl();
        Random rnd = new Random(20);
        for (DType t : floatTypes()) {
            for (int[] shape : new int[][] {{1, 100_000}, {3, 40_000}}) {
                Twin x = contiguous(t, random(t, shape[0] * shape[1], rnd), shape);
                for (ReduceOp op : ReduceOp.values()) check(op, t, x, new int[] {1}, "chunked " + op + " " + t + " " + str(shape));
                releaseAll(x);
            }
            // the same through a transposed view: the reduced axis has stride 3
            Twin xt = pair(t, random(t, 3 * 40_000, rnd), new int[] {3, 40_000}, new int[] {1, 3}, 0);
            for (ReduceOp op : ReduceOp.values()) check(op, t, xt, new int[] {1}, "chunked transposed " + op + " " + t);
            releaseAll(xt);
        }
        Twin nan = contiguous(DType.FLOAT32, random(DType.FLOAT32, 60_000, rnd), 1, 60_000);
        float[] host = (float[]) cl().download(nan.testedBuf());
        host[45_678] = Float.NaN;
        cl().upload(nan.testedBuf(), host);
        REF.upload(nan.refBuf(), host);
        for (ReduceOp op : ReduceOp.values()) check(op, DType.FLOAT32, nan, new int[] {1}, "chunked NaN " + op);
        releaseAll(nan);
    }

    @Test void nanPropagatesAndArgTiesTakeFirstIndex() {
        for (DType t : floatTypes()) {
            double[] v = {1, 3, 3, Double.NaN, 3, Double.NaN, -1, -1,   // row 0: NaN at 3
                          2, 5, 5, 1, 5, 0, 0, 2};                          // row 1: ties on 5 and 0
            double[] big = new double[2 * 700];
            for (int i = 0; i < big.length; i++) big[i] = (i % 700) % 7;  // long rows with many ties
            big[700 + 650] = Double.NaN;
            for (double[] data : new double[][] {v, big}) {
                int cols = data.length / 2;
                Object host = t == DType.FLOAT32 ? ClElementwiseTest.toFloats(data) : data;
                Twin x = contiguous(t, host, 2, cols);
                for (ReduceOp op : ReduceOp.values()) check(op, t, x, new int[] {1}, "NaN/ties " + op + " " + t + " cols " + cols);
                releaseAll(x);
            }
        }
        // integer ties
        long[] iv = {4, 9, 9, 1, 1, 9, 4, 1};
        Twin x = contiguous(DType.INT64, iv, 1, 8);
        for (ReduceOp op : ReduceOp.values()) check(op, DType.INT64, x, new int[] {1}, "int ties " + op);
        releaseAll(x);
    }

    @Test void emptyReducedAxisSumsToZero() {
        Twin x = contiguous(DType.FLOAT32, new float[0], 3, 0);
        Twin out = output(DType.FLOAT32, 3, 1);
        REF.reduce(ReduceOp.SUM, out.ref(), x.ref(), new int[] {1});
        cl().reduce(ReduceOp.SUM, out.tested(), x.tested(), new int[] {1});
        assertSame("sum over empty axis", out, 0, 0);
        releaseAll(x, out);
    }

    @Test void reduceOfBroadcastView() {
        Random rnd = new Random(7);
        Twin x = input(DType.FLOAT32, 17, "bcast_row", rnd, false);
        for (ReduceOp op : ReduceOp.values()) {
            boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
            check(op, DType.FLOAT32, x, new int[] {0}, "broadcast " + op);
            if (!arg) check(op, DType.FLOAT32, x, new int[] {0, 1}, "broadcast all " + op);
        }
        releaseAll(x);
    }
}
