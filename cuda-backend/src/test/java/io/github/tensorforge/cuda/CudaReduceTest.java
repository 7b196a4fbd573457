package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.github.tensorforge.cuda.CudaTestSupport.*;

/** SUM/MAX/MIN over any axes and ARGMAX/ARGMIN (first index, NaN-aware) against the reference backend. */
class CudaReduceTest {
    private static final List<DType> TYPES = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL);

    private static int[] reducedShape(int[] shape, int[] axes) {
        int[] s = shape.clone();
        for (int a : axes) s[a] = 1;
        return s;
    }

    private static void check(ReduceOp op, Twin x, int[] axes, String what) {
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        DType outType = arg ? DType.INT64 : x.ref().dtype();
        Twin out = output(outType, reducedShape(x.ref().shape(), axes));
        both((b, c) -> b.reduce(op, c ? out.tested() : out.ref(), c ? x.tested() : x.ref(), axes));
        DType t = x.ref().dtype();
        // Sums of many float32 values: the GPU tree and the reference's double loop round differently.
        double tol = t == DType.FLOAT32 ? 1e-4 : t == DType.FLOAT64 ? 1e-10 : 0;
        assertClose(op + " " + what + " axes " + Arrays.toString(axes), out, tol, tol);
        out.release();
    }

    @Test void everyOpOverEveryAxisSetOf3d() {
        Random rnd = new Random(10);
        int[] shape = {5, 7, 33};
        int[][] axisSets = {{0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}, {0, 1, 2}};
        for (DType t : TYPES) {
            Twin x = randomContiguous(t, rnd, shape);
            for (ReduceOp op : ReduceOp.values()) {
                boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
                for (int[] axes : axisSets) {
                    if (arg && axes.length != 1) continue;
                    check(op, x, axes, t + " " + Arrays.toString(shape));
                }
            }
            x.release();
        }
    }

    @Test void stridedAndBroadcastInputs() {
        Random rnd = new Random(11);
        for (DType t : List.of(DType.FLOAT32, DType.INT64)) {
            Twin base = randomContiguous(t, rnd, 9, 40);
            Twin transposed = base.view(new int[] {40, 9}, new int[] {1, 40}, 0);
            Twin stepped = base.view(new int[] {4, 13}, new int[] {80, 3}, 5);
            Twin bcast = base.view(new int[] {6, 40}, new int[] {0, 1}, 40);
            for (ReduceOp op : ReduceOp.values()) {
                for (int ax = 0; ax < 2; ax++) {
                    check(op, transposed, new int[] {ax}, "transposed " + t);
                    check(op, stepped, new int[] {ax}, "stepped " + t);
                    check(op, bcast, new int[] {ax}, "broadcast " + t);
                }
                if (op != ReduceOp.ARGMAX && op != ReduceOp.ARGMIN) check(op, transposed, new int[] {0, 1}, "transposed " + t);
            }
            base.release();
        }
    }

    @Test void largeReductionsUseTheTwoPassPath() {
        Random rnd = new Random(12);
        int n = 3_000_001;
        Twin x = randomContiguous(DType.FLOAT32, rnd, n);
        for (ReduceOp op : ReduceOp.values()) check(op, x, new int[] {0}, "3M float32");
        x.release();
        Twin y = randomContiguous(DType.FLOAT64, rnd, 3, 400_003);
        for (ReduceOp op : ReduceOp.values()) check(op, y, new int[] {1}, "(3, 400003) float64");
        y.release();
        Twin z = randomContiguous(DType.INT32, rnd, 200_000, 3);
        check(ReduceOp.SUM, z, new int[] {0}, "(200000, 3) int32 over rows");
        check(ReduceOp.ARGMIN, z, new int[] {0}, "(200000, 3) int32 over rows");
        z.release();
    }

    @Test void argPicksTheFirstExtremeAndNaNWins() {
        float[] v = {1, 5, 5, -2, -2, 5, Float.NaN, 7, Float.NaN, -9};
        Twin x = contiguous(DType.FLOAT32, v, v.length);
        for (ReduceOp op : ReduceOp.values()) check(op, x, new int[] {0}, "NaN vector");
        x.release();
        float[] ties = {3, 1, 3, 1, 0.5f, 3, 1};
        Twin y = contiguous(DType.FLOAT32, ties, ties.length);
        for (ReduceOp op : ReduceOp.values()) check(op, y, new int[] {0}, "ties");
        y.release();
        // Ties across the two-pass split boundary: the global first index must win.
        float[] big = new float[100_000];
        big[99_000] = 4;
        big[70_000] = 4;
        big[3] = -4;
        big[90_000] = -4;
        Twin z = contiguous(DType.FLOAT32, big, big.length);
        for (ReduceOp op : ReduceOp.values()) check(op, z, new int[] {0}, "ties far apart");
        z.release();
    }

    @Test void emptySumIsZero() {
        Twin x = output(DType.FLOAT32, 4, 0);
        check(ReduceOp.SUM, x, new int[] {1}, "empty axis");
        x.release();
    }

    @Test void reductionOfARowView() {
        Random rnd = new Random(13);
        Twin base = randomContiguous(DType.FLOAT32, rnd, 8, 1000);
        Twin row = base.view(new int[] {1000}, new int[] {1}, 3000);
        check(ReduceOp.SUM, row, new int[] {0}, "row 3 " + View.class.getSimpleName());
        base.release();
    }
}
