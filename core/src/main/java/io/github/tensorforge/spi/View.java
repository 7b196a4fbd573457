package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

import java.util.Arrays;

/**
 * What a kernel sees of a tensor: a backend buffer plus a strided layout over it. Element {@code (i0, i1, ...)} lives
 * at {@code offset + i0*strides[0] + i1*strides[1] + ...} (in elements, not bytes). A stride of 0 is a broadcast axis.
 * Kernels must treat inputs as read-only and write only the elements the output view addresses.
 *
 * <p>The arrays are not copied: neither the creator nor a kernel may modify them after construction. The views core
 * passes to kernels address only positions inside their buffer.
 *
 * @param buffer  the memory the elements live in
 * @param dtype   the element type, the buffer's
 * @param shape   the size of each axis; rank 0 for a scalar
 * @param strides the step in elements between neighbours along each axis, one per axis of {@code shape}; 0 broadcasts
 * @param offset  the buffer position of element {@code (0, 0, ...)}
 */
public record View(Buffer buffer, DType dtype, int[] shape, int[] strides, int offset) {

    /**
     * Checks that shape and strides have the same rank; nothing else is validated.
     *
     * @param buffer  the memory the elements live in
     * @param dtype   the element type
     * @param shape   the size of each axis
     * @param strides the step between neighbours along each axis, in elements
     * @param offset  the buffer position of the first element
     * @throws IllegalArgumentException if {@code shape} and {@code strides} differ in length
     */
    public View {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("View: shape " + Arrays.toString(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in rank");
        }
    }

    /**
     * A dense row-major view of a whole buffer.
     *
     * @param buffer the buffer, whose dtype the view takes
     * @param shape  the view's shape; its element count should be {@code buffer.size()} (not checked)
     * @return a view with {@link #rowMajorStrides(int[])} and offset 0
     */
    public static View contiguous(Buffer buffer, int... shape) {
        return new View(buffer, buffer.dtype(), shape, rowMajorStrides(shape), 0);
    }

    /**
     * The number of axes.
     *
     * @return {@code shape.length}
     */
    public int rank() { return shape.length; }

    /**
     * The number of elements the view addresses (broadcast positions counted each time).
     *
     * @return the product of the shape; 1 for rank 0
     */
    public int size() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /**
     * Row-major and gap-free from {@link #offset()}: element i of the flattened view is at offset + i. Strides of
     * size-1 axes are ignored.
     *
     * @return whether the view is contiguous
     */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /**
     * Buffer position of the element at flat row-major index {@code flat}.
     *
     * @param flat the element's index in row-major order, in {@code [0, size())} (not checked)
     * @return the position in the buffer, in elements
     */
    public int positionOf(int flat) {
        int pos = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            int n = shape[d];
            pos += (flat % n) * strides[d];
            flat /= n;
        }
        return pos;
    }

    /**
     * The strides of a dense row-major layout of {@code shape}. Axes of size 0 count as size 1, so no stride is 0.
     *
     * @param shape the shape
     * @return a new array: 1 for the last axis, each earlier one the product of the sizes after it
     */
    public static int[] rowMajorStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /**
     * A description for error messages.
     *
     * @return dtype, shape, strides and offset, for example {@code View[float32 [2, 3] strides [3, 1] +0]}
     */
    @Override public String toString() {
        return "View[" + dtype + " " + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " +" + offset + "]";
    }

    /**
     * Whether {@code o} is a view of the same buffer (by identity) with equal dtype, shape, strides and offset.
     *
     * @param o the object to compare with
     * @return true when both views address the same elements in the same layout
     */
    @Override public boolean equals(Object o) {
        return o instanceof View v && v.buffer == buffer && v.dtype == dtype && Arrays.equals(v.shape, shape)
                && Arrays.equals(v.strides, strides) && v.offset == offset;
    }

    /**
     * A hash consistent with {@link #equals(Object)}: the buffer's identity hash and the layout's contents.
     *
     * @return the hash code
     */
    @Override public int hashCode() {
        return System.identityHashCode(buffer) * 31 + Arrays.hashCode(shape) * 17 + Arrays.hashCode(strides) + offset;
    }
}
