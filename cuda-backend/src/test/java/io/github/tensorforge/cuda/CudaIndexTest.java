package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.github.tensorforge.cuda.CudaTestSupport.*;

/** gather (index select) and scatter-add with repeated indices, on every axis and dtype. */
class CudaIndexTest {
    private static final List<DType> TYPES = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL);

    private static long[] indices(int count, int bound, Random rnd) {
        long[] idx = new long[count];
        for (int i = 0; i < count; i++) idx[i] = rnd.nextInt(bound);
        return idx;
    }

    @Test void gatherEveryAxis() {
        Random rnd = new Random(30);
        int[] shape = {6, 9, 5};
        for (DType t : TYPES) {
            Twin src = randomContiguous(t, rnd, shape);
            for (int axis = 0; axis < 3; axis++) {
                int count = 11;
                Twin idx = contiguous(DType.INT64, indices(count, shape[axis], rnd), count);
                int[] outShape = shape.clone();
                outShape[axis] = count;
                Twin out = output(t, outShape);
                int ax = axis;
                both((b, c) -> b.gather(c ? out.tested() : out.ref(), c ? src.tested() : src.ref(), c ? idx.tested() : idx.ref(), ax));
                assertClose("gather " + t + " axis " + axis, out, 0, 0);
                releaseAll(idx, out);
            }
            src.release();
        }
    }

    @Test void gatherFromStridedSourceWithStridedIndex() {
        Random rnd = new Random(31);
        Twin base = randomContiguous(DType.FLOAT32, rnd, 50, 8);
        Twin srcT = base.view(new int[] {8, 50}, new int[] {1, 8}, 0);
        Twin idxBase = contiguous(DType.INT64, indices(40, 50, rnd), 40);
        Twin idx = idxBase.view(new int[] {13}, new int[] {3}, 1);
        Twin out = output(DType.FLOAT32, 8, 13);
        both((b, c) -> b.gather(c ? out.tested() : out.ref(), c ? srcT.tested() : srcT.ref(), c ? idx.tested() : idx.ref(), 1));
        assertClose("gather from transposed source", out, 0, 0);
        releaseAll(base, idxBase, out);
    }

    @Test void embeddingLookupAndItsGradient() {
        Random rnd = new Random(32);
        int vocab = 1000, dim = 96, tokens = 4099;
        Twin table = randomContiguous(DType.FLOAT32, rnd, vocab, dim);
        Twin idx = contiguous(DType.INT64, indices(tokens, 37, rnd), tokens);   // many repeats
        Twin out = output(DType.FLOAT32, tokens, dim);
        both((b, c) -> b.gather(c ? out.tested() : out.ref(), c ? table.tested() : table.ref(), c ? idx.tested() : idx.ref(), 0));
        assertClose("embedding gather", out, 0, 0);
        Twin grad = output(DType.FLOAT32, vocab, dim);
        both((b, c) -> b.scatterAdd(c ? grad.tested() : grad.ref(), c ? idx.tested() : idx.ref(), c ? out.tested() : out.ref(), 0));
        assertClose("embedding scatter-add", grad, 1e-4, 1e-5);
        releaseAll(table, idx, out, grad);
    }

    @Test void scatterAddEveryAxisAndDtype() {
        Random rnd = new Random(33);
        int[] shape = {4, 7, 6};
        for (DType t : TYPES) {
            for (int axis = 0; axis < 3; axis++) {
                int count = 15;
                Twin idx = contiguous(DType.INT64, indices(count, shape[axis], rnd), count);
                int[] srcShape = shape.clone();
                srcShape[axis] = count;
                Twin base = randomContiguous(t, rnd, srcShape[2], srcShape[1], srcShape[0]);
                // A transposed source view (axes reversed) of logical shape srcShape.
                Twin src = base.view(srcShape, new int[] {1, srcShape[2], srcShape[2] * srcShape[1]}, 0);
                Twin out = randomContiguous(t, rnd, shape);
                int ax = axis;
                both((b, c) -> b.scatterAdd(c ? out.tested() : out.ref(), c ? idx.tested() : idx.ref(), c ? src.tested() : src.ref(), ax));
                double tol = t == DType.FLOAT32 ? 1e-5 : t == DType.FLOAT64 ? 1e-12 : 0;
                assertClose("scatterAdd " + t + " axis " + axis, out, tol, tol);
                releaseAll(idx, base, out);
            }
        }
    }
}
