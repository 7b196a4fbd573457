package io.github.tensorforge.opencl;

import io.github.tensorforge.spi.View;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Host side of the kernels' {@code Layout} struct (common.cl): {@code {rank, offset, shape[8], strides[8]}} as 18
 * ints passed by value. Before packing, dimensions are collapsed jointly over all operands of a launch (size-1 axes
 * dropped; neighbours merged where every operand is contiguous across them), so contiguous views become rank 1 and
 * most broadcasts rank 2.
 */
final class ClLayout {
    static final int MAX_RANK = 8;
    static final int INTS = 2 + 2 * MAX_RANK;

    private ClLayout() {}

    /** Shape plus one strides array per operand, after joint collapsing. */
    record Collapsed(int[] shape, int[][] strides) {
        boolean unitStride(int operand) { return shape.length == 1 && strides[operand][0] == 1; }
    }

    /** Collapses {@code shape} jointly for operands with the given strides (all of that shape). */
    static Collapsed collapse(int[] shape, int[]... strides) {
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) if (shape[d] != 1) dims.add(d);
        int ops = strides.length;
        List<int[]> outShape = new ArrayList<>();
        List<int[]> outStrides = new ArrayList<>();
        for (int d : dims) {
            if (!outShape.isEmpty()) {
                int[] last = outShape.get(outShape.size() - 1);
                int[] lastStrides = outStrides.get(outStrides.size() - 1);
                boolean merge = true;
                for (int o = 0; o < ops; o++) {
                    if (lastStrides[o] != strides[o][d] * shape[d]) { merge = false; break; }
                }
                if (merge) {
                    last[0] *= shape[d];
                    for (int o = 0; o < ops; o++) lastStrides[o] = strides[o][d];
                    continue;
                }
            }
            outShape.add(new int[] {shape[d]});
            int[] s = new int[ops];
            for (int o = 0; o < ops; o++) s[o] = strides[o][d];
            outStrides.add(s);
        }
        if (outShape.isEmpty()) { // a scalar or all-ones shape: one element
            int[][] st = new int[ops][1];
            for (int o = 0; o < ops; o++) st[o][0] = 1;
            return new Collapsed(new int[] {1}, st);
        }
        int r = outShape.size();
        int[] sh = new int[r];
        int[][] st = new int[ops][r];
        for (int i = 0; i < r; i++) {
            sh[i] = outShape.get(i)[0];
            for (int o = 0; o < ops; o++) st[o][i] = outStrides.get(i)[o];
        }
        return new Collapsed(sh, st);
    }

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
    static int[] pack(Collapsed c, int o, int offset, String op) {
        return pack(c.shape(), c.strides()[o], offset, op);
    }

    /** A view's own layout, collapsed alone. */
    static int[] of(View v, String op) {
        Collapsed c = collapse(v.shape(), v.strides());
        return pack(c, 0, v.offset(), op);
    }
}
