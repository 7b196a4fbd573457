package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.MemoryTracker;
import io.github.tensorforge.spi.View;
import org.junit.jupiter.api.Test;

import static io.github.tensorforge.cuda.CudaLayout.MAX_RANK;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Host-side launch geometry, checked without a GPU: axis collapsing of element-wise layouts and reductions, and the
 * allocator's size buckets. The kernels trust these structs, so a mistake here would be a wrong answer on the GPU.
 */
class CudaLayoutTest {
    private static final HeapBuffer BUF = new HeapBuffer(null, DType.FLOAT32, 10_000, new MemoryTracker());

    private static View view(int[] shape, int[] strides, int offset) { return new View(BUF, DType.FLOAT32, shape, strides, offset); }

    private static int stride(int[] s, int op, int d) { return s[2 + MAX_RANK + op * MAX_RANK + d]; }

    /** Walks a packed layout like tf_positions() in common.cuh does and checks every position of every operand. */
    private static void assertWalksLike(CudaLayout.Packed p, View... ops) {
        int[] s = p.struct();
        int rank = s[0];
        for (int i = 0; i < p.n(); i++) {
            for (int o = 0; o < ops.length; o++) {
                long pos = s[2 + MAX_RANK + 4 * MAX_RANK + o];
                int rem = i;
                for (int d = rank - 1; d >= 0; d--) {
                    int c = rem % s[2 + d];
                    rem /= s[2 + d];
                    pos += (long) c * stride(s, o, d);
                }
                assertEquals(ops[o].positionOf(i), pos, "operand " + o + " element " + i);
            }
        }
    }

    @Test void contiguousOperandsCollapseToTheFastPath() {
        View a = view(new int[] {4, 5, 6}, new int[] {30, 6, 1}, 3);
        View b = view(new int[] {4, 5, 6}, new int[] {30, 6, 1}, 0);
        CudaLayout.Packed p = CudaLayout.pack("t", a.shape(), true, a, b);
        assertEquals(1, p.struct()[0]);
        assertTrue(p.contiguous());
        assertEquals(120, p.n());
        assertWalksLike(p, a, b);
    }

    @Test void broadcastTransposedAndSizeOneAxes() {
        View out = view(new int[] {3, 1, 4, 5}, new int[] {20, 20, 5, 1}, 0);
        View bcast = view(new int[] {3, 1, 4, 5}, new int[] {0, 7, 0, 1}, 2);
        View trans = view(new int[] {3, 1, 4, 5}, new int[] {1, 9, 15, 3}, 1);
        CudaLayout.Packed p = CudaLayout.pack("t", out.shape(), true, out, bcast, trans);
        assertFalse(p.contiguous());
        assertWalksLike(p, out, bcast, trans);
        CudaLayout.Packed scalar = CudaLayout.pack("t", new int[0], true, view(new int[0], new int[0], 5));
        assertEquals(1, scalar.n());
        assertEquals(0, scalar.struct()[0]);
    }

    @Test void uncollapsedLayoutKeepsEveryAxis() {
        View out = view(new int[] {2, 3, 4}, new int[] {12, 4, 1}, 0);
        CudaLayout.Packed p = CudaLayout.pack("gather", out.shape(), false, out, out);
        assertEquals(3, p.struct()[0]);
        assertWalksLike(p, out, out);
    }

    @Test void tooManyAxesIsAClearError() {
        int[] shape = new int[9];
        int[] strides = new int[9];
        for (int i = 0; i < 9; i++) { shape[i] = 2; strides[i] = 1 << (2 * (8 - i)); }
        View v = view(shape, strides, 0);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> CudaLayout.pack("unary EXP", shape, true, v, v));
        assertTrue(e.getMessage().contains("unary EXP") && e.getMessage().contains("at most 8"), e.getMessage());
    }

    @Test void reductionSplitsKeptAndReducedAxes() {
        View x = view(new int[] {4, 5, 6, 7}, new int[] {210, 42, 7, 1}, 11);
        CudaLayout.Reduction r = CudaLayout.reduction("sum", x, new int[] {1, 3});
        assertEquals(4 * 6, r.m());
        assertEquals(5 * 7, r.k());
        int[] s = r.struct();
        // Every (m, k) pair must address the element x[m0, k0, m1, k1].
        for (int m = 0; m < r.m(); m++) {
            for (int k = 0; k < r.k(); k++) {
                int i0 = m / 6, i2 = m % 6, i1 = k / 7, i3 = k % 7;
                long expected = 11 + 210L * i0 + 42L * i1 + 7L * i2 + i3;
                assertEquals(expected, position(s, m, k), "m " + m + " k " + k);
            }
        }
        // Adjacent reduced axes of a contiguous tensor merge into one.
        CudaLayout.Reduction tail = CudaLayout.reduction("sum", x, new int[] {2, 3});
        assertEquals(1, tail.struct()[1 + 2 * MAX_RANK]);
        assertEquals(20, tail.m());
        assertEquals(42, tail.k());
    }

    private static long position(int[] s, int m, int k) {
        long pos = s[CudaLayout.RLAYOUT_INTS - 1];
        for (int d = s[0] - 1; d >= 0; d--) { pos += (long) (m % s[1 + d]) * s[1 + MAX_RANK + d]; m /= s[1 + d]; }
        int base = 1 + 2 * MAX_RANK;
        for (int d = s[base] - 1; d >= 0; d--) { pos += (long) (k % s[base + 1 + d]) * s[base + 1 + MAX_RANK + d]; k /= s[base + 1 + d]; }
        return pos;
    }

    @Test void partialsLayoutWalksRowsOfSplits() {
        int[] s = CudaLayout.partials(3, 5);
        for (int m = 0; m < 3; m++) for (int k = 0; k < 5; k++) assertEquals(m * 5L + k, position(s, m, k));
    }

    @Test void allocatorBuckets() {
        assertEquals(512, CudaAllocator.bucket(0));
        assertEquals(512, CudaAllocator.bucket(512));
        assertEquals(1024, CudaAllocator.bucket(513));
        assertEquals(1 << 20, CudaAllocator.bucket((1 << 19) + 1));
        assertEquals(1 << 20, CudaAllocator.bucket(1 << 20));
        assertEquals(2 << 20, CudaAllocator.bucket((1 << 20) + 1));
        assertEquals(6 << 20, CudaAllocator.bucket((4 << 20) + 1));
        for (long b = 1; b < 50_000_000; b = b * 3 + 1) assertTrue(CudaAllocator.bucket(b) >= b);
    }
}
