package io.github.tensorforge.spi;

import java.util.Arrays;

/**
 * The joint layout of several same-shaped strided operands with every axis that can go removed: size-1 axes are
 * dropped and each axis is merged into the one before it wherever every operand is contiguous across the two
 * ({@code stride[d-1] == stride[d] * shape[d]}). A contiguous tensor becomes one axis, a row-broadcast bias two
 * ({@code (outer stride 0, inner stride 1)}). The element order (row-major over the original shape) is unchanged, so
 * kernels may walk the result instead of the original. This is the one implementation of it; every backend's launch
 * layout is built from it.
 *
 * @param shape   the remaining axes (rank 0 when the shape had only size-1 axes: one element)
 * @param strides per operand, the strides of the remaining axes
 */
public record Coalesced(int[] shape, int[][] strides) {
    /**
     * Coalesces {@code shape} for operands with the given strides (each of {@code shape}'s rank).
     *
     * @param shape   the operands' common shape; not modified
     * @param strides per operand, its strides along each axis of {@code shape}; not modified
     * @return the coalesced layout, with the operands' strides in the order given
     */
    public static Coalesced of(int[] shape, int[]... strides) {
        int ops = strides.length;
        int[] sh = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (r > 0) {
                boolean merge = true;
                for (int o = 0; o < ops && merge; o++) merge = st[o][r - 1] == strides[o][d] * shape[d];
                if (merge) {
                    sh[r - 1] *= shape[d];
                    for (int o = 0; o < ops; o++) st[o][r - 1] = strides[o][d];
                    continue;
                }
            }
            sh[r] = shape[d];
            for (int o = 0; o < ops; o++) st[o][r] = strides[o][d];
            r++;
        }
        int[][] out = new int[ops][];
        for (int o = 0; o < ops; o++) out[o] = Arrays.copyOf(st[o], r);
        return new Coalesced(Arrays.copyOf(sh, r), out);
    }

    /**
     * Coalesces views of {@code shape} (for example broadcast operands given their broadcast strides). Only the views'
     * strides are read; their offsets stay with the views.
     *
     * @param shape the shape to walk, of each view's rank
     * @param views the operands
     * @return the coalesced layout, with the views' strides in the order given
     */
    public static Coalesced ofViews(int[] shape, View... views) {
        int[][] strides = new int[views.length][];
        for (int v = 0; v < views.length; v++) strides[v] = views[v].strides();
        return of(shape, strides);
    }

    /**
     * The number of remaining axes.
     *
     * @return {@code shape.length}; 0 when the shape had only size-1 axes
     */
    public int rank() { return shape.length; }

    /**
     * This layout, or for rank 0 one axis of size 1 with stride 1 (for kernels that walk at least one axis).
     *
     * @return this when the rank is at least 1, else a new rank-1 layout
     */
    public Coalesced atLeast1d() {
        if (shape.length > 0) return this;
        int[][] st = new int[strides.length][];
        for (int o = 0; o < st.length; o++) st[o] = new int[] {1};
        return new Coalesced(new int[] {1}, st);
    }

    /**
     * Whether operand {@code o} is one dense run (rank 1 with stride 1, or a single element).
     *
     * @param o the operand's index, in the order the strides were given
     * @return true when the operand's elements are consecutive in its buffer
     */
    public boolean unitStride(int o) { return shape.length == 0 || (shape.length == 1 && strides[o][0] == 1); }
}
