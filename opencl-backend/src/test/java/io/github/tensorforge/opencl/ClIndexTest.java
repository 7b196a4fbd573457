package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.github.tensorforge.opencl.ClTestSupport.*;

/** gather and scatterAdd along every axis, all dtypes, repeated indices, strided sources and index views. */
class ClIndexTest {

    private static List<DType> types() {
        List<DType> t = new ArrayList<>(List.of(DType.BOOL, DType.INT32, DType.INT64));
        t.addAll(floatTypes());
        return t;
    }

    private static long[] indices(int count, int bound, Random rnd) {
        long[] idx = new long[count];
        for (int i = 0; i < count; i++) idx[i] = rnd.nextInt(bound);
        if (count > 2) idx[count - 1] = idx[0]; // a guaranteed repeat
        return idx;
    }

    @Test void gatherAlongEachAxis() {
        Random rnd = new Random(11);
        int[] shape = {4, 7, 5};
        for (DType t : types()) {
            for (int axis = 0; axis < 3; axis++) {
                for (boolean permuted : new boolean[] {false, true}) {
                    int n = 4 * 7 * 5;
                    Object host = random(t, n, rnd);
                    // permuted: the same data viewed as the transpose (2, 1, 0) of a (5, 7, 4) array
                    Twin src = permuted ? pair(t, host, shape, new int[] {1, 4, 28}, 0) : contiguous(t, host, shape);
                    int count = 9;
                    long[] idx = indices(count, shape[axis], rnd);
                    Twin index = contiguous(DType.INT64, idx, count);
                    int[] os = shape.clone();
                    os[axis] = count;
                    Twin out = output(t, os);
                    REF.gather(out.ref(), src.ref(), index.ref(), axis);
                    cl().gather(out.tested(), src.tested(), index.tested(), axis);
                    assertSame("gather " + t + " axis " + axis + (permuted ? " permuted" : ""), out, 0, 0);
                    releaseAll(src, index, out);
                }
            }
        }
    }

    @Test void gatherWithStridedIndexView() {
        Random rnd = new Random(12);
        long[] idxHost = {9, 2, 9, 0, 9, 2, 9, 1};  // the view takes elements 1, 3, 5, 7: {2, 0, 2, 1}
        Twin index = pair(DType.INT64, idxHost, new int[] {4}, new int[] {2}, 1);
        Twin src = contiguous(DType.FLOAT32, random(DType.FLOAT32, 3 * 6, rnd), 3, 6);
        Twin out = output(DType.FLOAT32, 4, 6);
        REF.gather(out.ref(), src.ref(), index.ref(), 0);
        cl().gather(out.tested(), src.tested(), index.tested(), 0);
        assertSame("gather strided index", out, 0, 0);
        releaseAll(index, src, out);
    }

    @Test void scatterAddAlongEachAxisWithRepeats() {
        Random rnd = new Random(13);
        int[] outShape = {4, 7, 5};
        for (DType t : types()) {
            for (int axis = 0; axis < 3; axis++) {
                int count = 11;
                int[] ss = outShape.clone();
                ss[axis] = count;
                int n = ss[0] * ss[1] * ss[2];
                Object host = random(t, n, rnd);
                boolean permuted = axis == 1;
                Twin src = permuted ? pair(t, host, ss, new int[] {1, ss[0] * ss[2], ss[0]}, 0) : contiguous(t, host, ss);
                Twin index = contiguous(DType.INT64, indices(count, outShape[axis], rnd), count);
                Twin out = output(t, outShape);
                REF.scatterAdd(out.ref(), index.ref(), src.ref(), axis);
                cl().scatterAdd(out.tested(), index.tested(), src.tested(), axis);
                assertSame("scatterAdd " + t + " axis " + axis + (permuted ? " strided src" : ""), out, atol(t) * 4, rtol(t) * 4);
                releaseAll(src, index, out);
            }
        }
    }

    @Test void bucketedAndPlainScatterAgreeBitForBit() {
        Random rnd = new Random(15);
        for (DType t : types()) {
            for (int axis = 0; axis < 2; axis++) {
                int targets = 37, other = 6, count = 150;
                int[] outShape = axis == 0 ? new int[] {targets, other} : new int[] {other, targets};
                int[] srcShape = axis == 0 ? new int[] {count, other} : new int[] {other, count};
                Twin src = contiguous(t, random(t, count * other, rnd), srcShape);
                long[] idx = indices(count, targets, rnd);
                for (int i = 0; i < count; i += 3) idx[i] = 5; // one heavy bucket, like a padding token
                Twin index = contiguous(DType.INT64, idx, count);
                Twin out = output(t, outShape);
                Object init = cl().download(out.testedBuf());
                REF.scatterAdd(out.ref(), index.ref(), src.ref(), axis);
                cl().scatterAdd(out.tested(), index.tested(), src.tested(), axis, true);
                assertSame("bucketed scatterAdd " + t + " axis " + axis, out, atol(t) * 8, rtol(t) * 8);
                Object bucketed = cl().download(out.testedBuf());
                cl().upload(out.testedBuf(), init);
                cl().scatterAdd(out.tested(), index.tested(), src.tested(), axis, false);
                assertArrays("plain vs bucketed scatterAdd " + t + " axis " + axis, bucketed, cl().download(out.testedBuf()), 0, 0);
                releaseAll(src, index, out);
            }
        }
    }

    @Test void embeddingShapedScatterIsDeterministic() {
        Random rnd = new Random(14);
        int vocab = 500, dim = 32, tokens = 400; // large enough for the bucketed path
        Twin src = contiguous(DType.FLOAT32, random(DType.FLOAT32, tokens * dim, rnd), tokens, dim);
        Twin index = contiguous(DType.INT64, indices(tokens, vocab, rnd), tokens);
        Twin out = output(DType.FLOAT32, vocab, dim);
        REF.scatterAdd(out.ref(), index.ref(), src.ref(), 0);
        cl().fill(out.tested(), 0);
        cl().scatterAdd(out.tested(), index.tested(), src.tested(), 0);
        float[] first = (float[]) cl().download(out.testedBuf());
        cl().fill(out.tested(), 0);
        cl().scatterAdd(out.tested(), index.tested(), src.tested(), 0);
        float[] second = (float[]) cl().download(out.testedBuf());
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, second, "scatterAdd must be bit-for-bit reproducible");
        REF.fill(out.ref(), 0);
        REF.scatterAdd(out.ref(), index.ref(), src.ref(), 0);
        assertArrays("embedding scatter", REF.download(out.refBuf()), second, 1e-5, 1e-5);
        releaseAll(src, index, out);
    }
}
