package io.github.tensorforge.reference;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.MemoryStats;
import io.github.tensorforge.spi.MemoryTracker;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.ScalarMath;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;

import java.util.Arrays;

/**
 * The oracle: plain scalar loops over Java arrays, no threads, no Vector API. Floating-point math is done in double
 * and rounded once on store, integer math in long. Every other backend is tested against this one. Stateless apart
 * from memory counters, so it is thread-safe. Kernels trust the {@link Backend} contract and do not validate their
 * arguments again. It has no fused kernels ({@link Backend#fused()} is null), so core runs every composite from
 * primitives here.
 */
public final class ReferenceBackend implements Backend {
    private final MemoryTracker memory = new MemoryTracker();

    /** {@inheritDoc} Always {@code "reference"}. */
    @Override public String name() { return "reference"; }

    /** {@inheritDoc} A fixed text: there is no device or thread pool to describe. */
    @Override public String description() {
        return "reference: scalar Java loops (the oracle; slow, for tests and as a last resort)";
    }

    /** {@inheritDoc} A zero-filled {@link HeapBuffer} on the Java heap, counted in {@link #memoryStats()}. */
    @Override public Buffer allocate(DType dtype, int size) { return new HeapBuffer(this, dtype, size, memory); }

    /** {@inheritDoc} Copies {@code dst.size()} elements with {@link System#arraycopy}. */
    @Override public void upload(Buffer dst, Object hostArray) {
        Object array = ((HeapBuffer) dst).array();
        System.arraycopy(hostArray, 0, array, 0, dst.size());
    }

    /** {@inheritDoc} Kernels run synchronously, so there is nothing to wait for. */
    @Override public Object download(Buffer src) {
        Object array = ((HeapBuffer) src).array();
        Object copy = HeapBuffer.newArray(src.dtype(), src.size());
        System.arraycopy(array, 0, copy, 0, src.size());
        return copy;
    }

    /** {@inheritDoc} There is no allocator cache: cached bytes are always 0. */
    @Override public MemoryStats memoryStats() { return memory.stats(0); }

    // ---- element access: floating values as double, integers as long ----------------------------------------------

    static double getD(HeapBuffer b, int i) {
        return switch (b.dtype()) {
            case BOOL -> b.bools()[i] ? 1 : 0;
            case INT32 -> b.ints()[i];
            case INT64 -> b.longs()[i];
            case FLOAT32 -> b.floats()[i];
            case FLOAT64 -> b.doubles()[i];
        };
    }

    static long getL(HeapBuffer b, int i) {
        return switch (b.dtype()) {
            case BOOL -> b.bools()[i] ? 1 : 0;
            case INT32 -> b.ints()[i];
            case INT64 -> b.longs()[i];
            case FLOAT32 -> (long) b.floats()[i];
            case FLOAT64 -> (long) b.doubles()[i];
        };
    }

    static void setD(HeapBuffer b, int i, double v) {
        switch (b.dtype()) {
            case BOOL -> b.bools()[i] = v != 0;
            case INT32 -> b.ints()[i] = (int) (long) v;
            case INT64 -> b.longs()[i] = (long) v;
            case FLOAT32 -> b.floats()[i] = (float) v;
            case FLOAT64 -> b.doubles()[i] = v;
        }
    }

    static void setL(HeapBuffer b, int i, long v) {
        switch (b.dtype()) {
            case BOOL -> b.bools()[i] = v != 0;
            case INT32 -> b.ints()[i] = (int) v;
            case INT64 -> b.longs()[i] = v;
            case FLOAT32 -> b.floats()[i] = v;
            case FLOAT64 -> b.doubles()[i] = v;
        }
    }

    private static HeapBuffer heap(View v) { return (HeapBuffer) v.buffer(); }

    // ---- kernels ------------------------------------------------------------------------------------------------

    /** {@inheritDoc} One element at a time, in row-major order. */
    @Override public void fill(View out, double value) {
        HeapBuffer o = heap(out);
        Strided it = new Strided(out.shape(), out);
        for (int n = out.size(), i = 0; i < n; i++, it.next()) setD(o, it.pos[0], value);
    }

    /** {@inheritDoc} Between integer or BOOL dtypes values pass through long, otherwise through double. */
    @Override public void copy(View out, View x) {
        HeapBuffer o = heap(out), a = heap(x);
        boolean integral = !x.dtype().isFloating() && !out.dtype().isFloating();
        Strided it = new Strided(out.shape(), out, x);
        for (int n = out.size(), i = 0; i < n; i++, it.next()) {
            if (integral) setL(o, it.pos[0], getL(a, it.pos[1]));
            else setD(o, it.pos[0], getD(a, it.pos[1]));
        }
    }

    /** {@inheritDoc} Computed with {@link ScalarMath}: in double for floating dtypes, in long for integers. */
    @Override public void unary(UnaryOp op, View out, View x) {
        HeapBuffer o = heap(out), a = heap(x);
        boolean floating = x.dtype().isFloating();
        Strided it = new Strided(out.shape(), out, x);
        for (int n = out.size(), i = 0; i < n; i++, it.next()) {
            if (floating) setD(o, it.pos[0], ScalarMath.unary(op, getD(a, it.pos[1])));
            else setL(o, it.pos[0], ScalarMath.unary(op, getL(a, it.pos[1])));
        }
    }

    /** {@inheritDoc} Computed with {@link ScalarMath}: in double for floating dtypes, in long for integers. */
    @Override public void binary(BinaryOp op, View out, View a, View b) {
        HeapBuffer o = heap(out), x = heap(a), y = heap(b);
        boolean floating = a.dtype().isFloating();
        Strided it = new Strided(out.shape(), out, a, b);
        for (int n = out.size(), i = 0; i < n; i++, it.next()) {
            if (floating) setD(o, it.pos[0], ScalarMath.binary(op, getD(x, it.pos[1]), getD(y, it.pos[2])));
            else setL(o, it.pos[0], ScalarMath.binary(op, getL(x, it.pos[1]), getL(y, it.pos[2])));
        }
    }

    /** {@inheritDoc} Values are copied, not recomputed, so the result is exact. */
    @Override public void where(View out, View cond, View a, View b) {
        HeapBuffer o = heap(out), c = heap(cond), x = heap(a), y = heap(b);
        boolean floating = out.dtype().isFloating();
        Strided it = new Strided(out.shape(), out, cond, a, b);
        for (int n = out.size(), i = 0; i < n; i++, it.next()) {
            boolean take = c.bools()[it.pos[1]];
            HeapBuffer src = take ? x : y;
            int p = take ? it.pos[2] : it.pos[3];
            if (floating) setD(o, it.pos[0], getD(src, p));
            else setL(o, it.pos[0], getL(src, p));
        }
    }

    /**
     * {@inheritDoc} Accumulates in double (floating) or long (integer) in row-major order and rounds once on store.
     */
    @Override public void reduce(ReduceOp op, View out, View x, int[] axes) {
        HeapBuffer o = heap(out), a = heap(x);
        int outSize = out.size();
        boolean floating = x.dtype().isFloating();
        // Map every input element to its output slot: the output view with the reduced axes given stride 0.
        int[] outStrides = View.rowMajorStrides(out.shape()).clone();
        for (int ax : axes) outStrides[ax] = 0;
        View outMap = new View(out.buffer(), out.dtype(), x.shape(), outStrides, 0);
        int axisLen = axes.length == 1 ? x.shape()[axes[0]] : 0;
        int axisStride = axes.length == 1 ? View.rowMajorStrides(x.shape())[axes[0]] : 0;

        double[] accD = new double[outSize];
        long[] accL = new long[outSize];
        long[] argIdx = new long[outSize];
        boolean[] seen = new boolean[outSize];
        Strided it = new Strided(x.shape(), outMap, x);
        for (int n = x.size(), i = 0; i < n; i++, it.next()) {
            int slot = it.pos[0];
            double vd = floating ? getD(a, it.pos[1]) : 0;
            long vl = floating ? 0 : getL(a, it.pos[1]);
            switch (op) {
                case SUM -> { if (floating) accD[slot] += vd; else accL[slot] += vl; }
                case MAX, MIN -> {
                    boolean max = op == ReduceOp.MAX;
                    if (!seen[slot]) { accD[slot] = vd; accL[slot] = vl; }
                    else if (floating) accD[slot] = max ? Math.max(accD[slot], vd) : Math.min(accD[slot], vd);
                    else accL[slot] = max ? Math.max(accL[slot], vl) : Math.min(accL[slot], vl);
                }
                case ARGMAX, ARGMIN -> {
                    boolean max = op == ReduceOp.ARGMAX;
                    long along = (i / axisStride) % axisLen;
                    boolean better;
                    if (!seen[slot]) better = true;
                    else if (floating) {
                        double cur = accD[slot];
                        // The first NaN wins and stays.
                        better = !Double.isNaN(cur) && (Double.isNaN(vd) || (max ? vd > cur : vd < cur));
                    } else better = max ? vl > accL[slot] : vl < accL[slot];
                    if (better) { accD[slot] = vd; accL[slot] = vl; argIdx[slot] = along; }
                }
            }
            seen[slot] = true;
        }
        for (int s = 0; s < outSize; s++) {
            switch (op) {
                case SUM, MAX, MIN -> { if (floating) setD(o, s, accD[s]); else setL(o, s, accL[s]); }
                case ARGMAX, ARGMIN -> setL(o, s, argIdx[s]);
            }
        }
    }

    /** {@inheritDoc} The triple loop, each dot product accumulated in double and rounded once on store. */
    @Override public void matmul(View out, View a, View b) {
        HeapBuffer o = heap(out), x = heap(a), y = heap(b);
        int r = out.rank();
        int m = out.shape()[r - 2], n = out.shape()[r - 1], k = a.shape()[r - 1];
        int batch = out.size() / Math.max(1, m * n);
        if (m * n == 0) return;
        int[] batchShape = Arrays.copyOf(out.shape(), r - 2);
        View aBatch = new View(a.buffer(), a.dtype(), batchShape, Arrays.copyOf(a.strides(), r - 2), a.offset());
        View bBatch = new View(b.buffer(), b.dtype(), batchShape, Arrays.copyOf(b.strides(), r - 2), b.offset());
        int as0 = a.strides()[r - 2], as1 = a.strides()[r - 1], bs0 = b.strides()[r - 2], bs1 = b.strides()[r - 1];
        int os0 = out.strides()[r - 2], os1 = out.strides()[r - 1];
        int[] outBatchStrides = Arrays.copyOf(out.strides(), r - 2);
        View oBatch = new View(out.buffer(), out.dtype(), batchShape, outBatchStrides, out.offset());
        Strided it = new Strided(batchShape, oBatch, aBatch, bBatch);
        for (int bi = 0; bi < batch; bi++, it.next()) {
            int ob = it.pos[0], ab = it.pos[1], bb = it.pos[2];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        acc += getD(x, ab + i * as0 + p * as1) * getD(y, bb + p * bs0 + j * bs1);
                    }
                    setD(o, ob + i * os0 + j * os1, acc);
                }
            }
        }
    }

    /** {@inheritDoc} Values are copied, so the result is exact. */
    @Override public void gather(View out, View src, View index, int axis) {
        HeapBuffer o = heap(out), s = heap(src), idx = heap(index);
        // Walk the output; replace the coordinate along axis by index[coordinate].
        int[] shape = out.shape();
        int[] coord = new int[shape.length];
        for (int n = out.size(), i = 0; i < n; i++) {
            int rem = i;
            for (int d = shape.length - 1; d >= 0; d--) { coord[d] = rem % shape[d]; rem /= shape[d]; }
            int srcPos = src.offset(), outPos = out.offset();
            for (int d = 0; d < shape.length; d++) {
                int c = coord[d];
                outPos += c * out.strides()[d];
                if (d == axis) c = (int) getL(idx, index.offset() + c * index.strides()[0]);
                srcPos += c * src.strides()[d];
            }
            if (out.dtype().isFloating()) setD(o, outPos, getD(s, srcPos));
            else setL(o, outPos, getL(s, srcPos));
        }
    }

    /** {@inheritDoc} Adds the elements of {@code src} one at a time, in row-major order. */
    @Override public void scatterAdd(View out, View index, View src, int axis) {
        HeapBuffer o = heap(out), s = heap(src), idx = heap(index);
        int[] shape = src.shape();
        int[] coord = new int[shape.length];
        for (int n = src.size(), i = 0; i < n; i++) {
            int rem = i;
            for (int d = shape.length - 1; d >= 0; d--) { coord[d] = rem % shape[d]; rem /= shape[d]; }
            int srcPos = src.offset(), outPos = out.offset();
            for (int d = 0; d < shape.length; d++) {
                int c = coord[d];
                srcPos += c * src.strides()[d];
                if (d == axis) c = (int) getL(idx, index.offset() + c * index.strides()[0]);
                outPos += c * out.strides()[d];
            }
            if (out.dtype().isFloating()) setD(o, outPos, getD(o, outPos) + getD(s, srcPos));
            else setL(o, outPos, getL(o, outPos) + getL(s, srcPos));
        }
    }
}
