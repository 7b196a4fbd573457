package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

import java.util.Arrays;

/**
 * What a kernel sees of a tensor: a backend buffer plus a strided layout over it. Element {@code (i0, i1, ...)} lives at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...} (in elements, not bytes). A stride of 0 is a broadcast axis.
 * Kernels must treat inputs as read-only and write only the elements the output view addresses.
 */
public record View(Buffer buffer, DType dtype, int[] shape, int[] strides, int offset) {

    public View {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("View: shape " + Arrays.toString(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in rank");
        }
    }

    /** A dense row-major view of a whole buffer. */
    public static View contiguous(Buffer buffer, int... shape) {
        return new View(buffer, buffer.dtype(), shape, rowMajorStrides(shape), 0);
    }

    public int rank() { return shape.length; }

    public int size() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Row-major and gap-free from {@link #offset()}: element i of the flattened view is at offset + i. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Buffer position of the element at flat row-major index {@code flat}. */
    public int positionOf(int flat) {
        int pos = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            int n = shape[d];
            pos += (flat % n) * strides[d];
            flat /= n;
        }
        return pos;
    }

    public static int[] rowMajorStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    @Override public String toString() {
        return "View[" + dtype + " " + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " +" + offset + "]";
    }

    @Override public boolean equals(Object o) {
        return o instanceof View v && v.buffer == buffer && v.dtype == dtype && Arrays.equals(v.shape, shape)
                && Arrays.equals(v.strides, strides) && v.offset == offset;
    }

    @Override public int hashCode() {
        return System.identityHashCode(buffer) * 31 + Arrays.hashCode(shape) * 17 + Arrays.hashCode(strides) + offset;
    }
}
