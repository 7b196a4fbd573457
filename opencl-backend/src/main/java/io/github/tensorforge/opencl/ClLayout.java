package io.github.tensorforge.opencl;

import io.github.tensorforge.spi.Coalesced;
import io.github.tensorforge.spi.View;

import java.util.Arrays;

/**
 * Host side of the kernels' {@code Layout} struct (common.cl): {@code {rank, offset, shape[8], strides[8]}} as 18
 * ints passed by value. Before packing, dimensions are collapsed jointly over all operands of a launch
 * ({@link Coalesced}), so contiguous views become rank 1 and most broadcasts rank 2.
 */
final class ClLayout {
    static final int MAX_RANK = 8;
    static final int INTS = 2 + 2 * MAX_RANK;

    private ClLayout() {}

    /** Collapses {@code shape} jointly for operands with the given strides (all of that shape), to at least rank 1. */
    static Coalesced collapse(int[] shape, int[]... strides) { return Coalesced.of(shape, strides).atLeast1d(); }

    /** The 18-int struct for a layout; throws when the rank exceeds 8 after collapsing. */
    static int[] pack(int[] shape, int[] strides, int offset, String op) {
        if (shape.length > MAX_RANK) {
            throw new UnsupportedOperationException("opencl: " + op + ": view of rank " + shape.length + " (shape "
                    + Arrays.toString(shape) + ", strides " + Arrays.toString(strides) + ") does not collapse to rank <= "
                    + MAX_RANK + "; make the tensor contiguous first");
        }
        int[] s = new int[INTS];
        s[0] = Math.max(shape.length, 1);
        s[1] = offset;
        if (shape.length == 0) {
            s[2] = 1;
            s[2 + MAX_RANK] = 0;
            return s;
        }
        for (int i = 0; i < shape.length; i++) {
            s[2 + i] = shape[i];
            s[2 + MAX_RANK + i] = strides[i];
        }
        for (int i = shape.length; i < MAX_RANK; i++) s[2 + i] = 1;
        return s;
    }

    /** Packs operand {@code o} of a collapsed launch with the given base offset. */
    static int[] pack(Coalesced c, int o, int offset, String op) {
        return pack(c.shape(), c.strides()[o], offset, op);
    }

    /** A view's own layout, collapsed alone. */
    static int[] of(View v, String op) {
        Coalesced c = collapse(v.shape(), v.strides());
        return pack(c, 0, v.offset(), op);
    }
}
