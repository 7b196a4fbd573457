package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.github.tensorforge.cpu.CpuTestSupport.*;

/** gather and scatterAdd against the reference: every axis, dtype, repeated indices, strided sources. */
class CpuIndexTest {
    private static Twin indices(Random rnd, int count, int bound, boolean strided) {
        long[] idx = new long[strided ? 2 * count + 1 : count];
        for (int i = 0; i < idx.length; i++) idx[i] = rnd.nextInt(bound);
        return strided ? pair(DType.INT64, idx, new int[] {count}, new int[] {2}, 1)
                : pair(DType.INT64, idx, new int[] {count}, new int[] {1}, 0);
    }

    @Test void gatherEveryAxisAndDtype() {
        Random rnd = new Random(31);
        int[] shape = {5, 9, 17};
        for (DType t : DType.values()) {
            for (int axis = 0; axis < 3; axis++) {
                for (int layout = 0; layout < 2; layout++) {
                    Twin src = layout == 0 ? contiguous(t, rnd, shape)
                            : strided(t, rnd, shape, new int[] {1, 5 * 17 + 2, 5});
                    Twin idx = indices(rnd, 11, shape[axis], layout == 1);
                    int[] os = shape.clone();
                    os[axis] = 11;
                    Twin out = output(t, os);
                    CPU.gather(out.tested(), src.tested(), idx.tested(), axis);
                    REF.gather(out.ref(), src.ref(), idx.ref(), axis);
                    assertClose("gather " + t + " axis " + axis + " layout " + layout, out, 0, 0);
                }
            }
        }
    }

    @Test void gatherEmbeddingRowsInParallel() {
        Random rnd = new Random(32);
        Twin table = contiguous(DType.FLOAT32, rnd, 1000, 64);
        Twin idx = indices(rnd, 4096, 1000, false);
        Twin out = output(DType.FLOAT32, 4096, 64);
        CPU.gather(out.tested(), table.tested(), idx.tested(), 0);
        REF.gather(out.ref(), table.ref(), idx.ref(), 0);
        assertClose("embedding gather 4096 rows", out, 0, 0);
    }

    @Test void scatterAddAccumulatesRepeatedIndices() {
        Random rnd = new Random(33);
        int[] outShape = {6, 8, 13};
        for (DType t : DType.values()) {
            for (int axis = 0; axis < 3; axis++) {
                int[] srcShape = outShape.clone();
                srcShape[axis] = 20;  // more rows than slots: indices repeat
                Twin src = axis == 1 ? strided(t, rnd, srcShape, new int[] {1, 6 * 13 + 1, 6}) : contiguous(t, rnd, srcShape);
                Twin idx = indices(rnd, 20, outShape[axis], axis == 2);
                Twin out = contiguous(t, rnd, outShape);
                CPU.scatterAdd(out.tested(), idx.tested(), src.tested(), axis);
                REF.scatterAdd(out.ref(), idx.ref(), src.ref(), axis);
                assertClose("scatterAdd " + t + " axis " + axis, out, t == DType.FLOAT32 ? 1e-6 : 1e-14, 1e-6);
            }
        }
    }

    @Test void scatterAddEmbeddingGradientInParallel() {
        Random rnd = new Random(34);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Twin grad = contiguous(t, rnd, 5000, 96);
            Twin idx = indices(rnd, 5000, 50, false);
            Twin out = contiguous(t, rnd, 50, 96);
            CPU.scatterAdd(out.tested(), idx.tested(), grad.tested(), 0);
            REF.scatterAdd(out.ref(), idx.ref(), grad.ref(), 0);
            assertClose("scatterAdd 5000 rows into 50 " + t, out, t == DType.FLOAT32 ? 1e-5 : 1e-12, 1e-4);
        }
    }
}
