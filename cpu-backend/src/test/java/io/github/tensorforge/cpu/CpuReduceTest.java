package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.tensorforge.cpu.CpuTestSupport.*;

/** Reductions against the reference backend: every op, dtype, axis set, layout; NaN propagation. */
class CpuReduceTest {
    private static final int[][] AXES_3D = {{0}, {1}, {2}, {0, 1}, {1, 2}, {0, 2}, {0, 1, 2}};

    private static int[] reducedShape(int[] shape, int[] axes) {
        int[] s = shape.clone();
        for (int a : axes) s[a] = 1;
        return s;
    }

    private static void check(ReduceOp op, Twin x, int[] axes) {
        DType outT = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? DType.INT64 : x.dtype();
        Twin out = output(outT, reducedShape(x.shape(), axes));
        CPU.reduce(op, out.tested(), x.tested(), axes);
        REF.reduce(op, out.ref(), x.ref(), axes);
        int count = 1;
        for (int a : axes) count *= x.shape()[a];
        // Sums accumulate in float vectors; the reference in double.
        double rtol = op == ReduceOp.SUM && x.dtype() == DType.FLOAT32 ? 2e-5 : op == ReduceOp.SUM ? 1e-12 : 0;
        double atol = op == ReduceOp.SUM && x.dtype().isFloating() ? rtol * 3 * Math.sqrt(count) : 0;
        assertClose("reduce " + op + " " + x.dtype() + " shape " + str(x.shape()) + " strides "
                + str(x.tested().strides()) + " axes " + str(axes), out, rtol, atol);
    }

    @Test void allOpsDtypesAxes() {
        Random rnd = new Random(11);
        for (DType t : DType.values()) {
            for (int[] shape : new int[][] {{3, 7, 17}, {2, 1, 1023}, {5, 33, 9}, {1, 1, 1}}) {
                Twin x = contiguous(t, rnd, shape);
                for (ReduceOp op : ReduceOp.values()) {
                    for (int[] axes : AXES_3D) {
                        if ((op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) && axes.length != 1) continue;
                        check(op, x, axes);
                    }
                }
            }
        }
    }

    @Test void stridedAndBroadcastInputs() {
        Random rnd = new Random(12);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
            Twin[] xs = {
                    pair(t, random(t, 7 * 19, rnd), new int[] {7, 19}, new int[] {1, 7}, 0),   // transposed
                    strided(t, rnd, new int[] {7, 19}, new int[] {40, 2}),
                    strided(t, rnd, new int[] {7, 19}, new int[] {0, 1}),
                    strided(t, rnd, new int[] {7, 19}, new int[] {1, 0}),
            };
            for (Twin x : xs) {
                for (ReduceOp op : ReduceOp.values()) {
                    for (int[] axes : new int[][] {{0}, {1}, {0, 1}}) {
                        if ((op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) && axes.length != 1) continue;
                        check(op, x, axes);
                    }
                }
            }
        }
    }

    @Test void largeReductionsUseParallelPaths() {
        Random rnd = new Random(13);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Twin big = contiguous(t, rnd, 300_001);
            for (ReduceOp op : ReduceOp.values()) check(op, big, new int[] {0});
            Twin m = contiguous(t, rnd, 513, 257);
            for (ReduceOp op : ReduceOp.values()) {
                check(op, m, new int[] {0});
                check(op, m, new int[] {1});
            }
        }
    }

    @Test void nanPropagatesThroughMaxMinAndArgs() {
        Random rnd = new Random(14);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 7, 17, 1023}) {
                Object h = random(t, 3 * n, rnd);
                // Row 0: NaN at the end (vector tail or body); row 1: NaN first; row 2: no NaN.
                if (h instanceof float[] a) {
                    a[n - 1] = Float.NaN;
                    a[n] = Float.NaN;
                    if (n > 2) a[n + 2] = Float.NaN;
                }
                if (h instanceof double[] a) {
                    a[n - 1] = Double.NaN;
                    a[n] = Double.NaN;
                    if (n > 2) a[n + 2] = Double.NaN;
                }
                Twin x = pair(t, h, new int[] {3, n}, View.rowMajorStrides(new int[] {3, n}), 0);
                for (ReduceOp op : ReduceOp.values()) {
                    check(op, x, new int[] {1});
                    check(op, x, new int[] {0});
                }
            }
        }
    }

    @Test void emptyReducedAxisSumsToZero() {
        Random rnd = new Random(15);
        for (DType t : DType.values()) {
            Twin x = contiguous(t, rnd, 4, 0);
            check(ReduceOp.SUM, x, new int[] {1});
        }
    }
}
