package io.github.tensorforge.cpu;

import io.github.tensorforge.spi.Coalesced;
import io.github.tensorforge.spi.View;

/**
 * A joint layout of several same-shaped strided views, {@link Coalesced} (a contiguous tensor is one long row, a
 * row-broadcast bias rows of {@code (outer stride 0, inner stride 1)}), with each view's offset. Kernels walk it as
 * segments: runs along the innermost axis, each given by the start position in every view and a length; within a
 * segment view {@code v} advances by {@link #innerStride(int)}.
 */
final class CpuLayout {
    /** Processes one run of {@code len} elements starting at buffer positions {@code pos[v]}. */
    @FunctionalInterface
    interface Segment {
        void run(int[] pos, int len);
    }

    final int[] shape;
    final int[][] strides;
    final int[] offsets;
    final long size;

    private CpuLayout(int[] shape, int[][] strides, int[] offsets) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        long n = 1;
        for (int d : shape) n *= d;
        this.size = n;
    }

    static CpuLayout of(int[] shape, View... views) {
        Coalesced c = Coalesced.ofViews(shape, views).atLeast1d();
        int[] offs = new int[views.length];
        for (int v = 0; v < views.length; v++) offs[v] = views[v].offset();
        for (int d : c.shape()) {
            if (d == 0) return new CpuLayout(new int[] {0}, new int[views.length][1], offs); // empty: no runs
        }
        return new CpuLayout(c.shape(), c.strides(), offs);
    }

    int inner() { return shape[shape.length - 1]; }

    int innerStride(int view) { return strides[view][shape.length - 1]; }

    /** Calls {@code seg} for the runs covering flat (row-major) elements {@code [start, end)}. */
    void forEach(long start, long end, Segment seg) {
        forEach(start, end, 0, seg);
    }

    /** As {@link #forEach(long, long, Segment)} with {@code base} added to every view's position. */
    void forEach(long start, long end, int base, Segment seg) {
        int[] bases = new int[offsets.length];
        java.util.Arrays.fill(bases, base);
        forEach(start, end, bases, seg);
    }

    /** As {@link #forEach(long, long, Segment)} with {@code bases[v]} added to view v's position. */
    void forEach(long start, long end, int[] bases, Segment seg) {
        if (start >= end) return;
        int rank = shape.length, nv = offsets.length;
        int[] idx = new int[rank];
        int[] pos = offsets.clone();
        for (int v = 0; v < nv; v++) pos[v] += bases[v];
        long rem = start;
        for (int d = rank - 1; d >= 0; d--) {
            int i = (int) (rem % shape[d]);
            rem /= shape[d];
            idx[d] = i;
            for (int v = 0; v < nv; v++) pos[v] += i * strides[v][d];
        }
        int last = rank - 1;
        int inner = shape[last];
        long left = end - start;
        while (true) {
            int len = (int) Math.min(inner - idx[last], left);
            seg.run(pos, len);
            left -= len;
            if (left <= 0) return;
            // Back to the start of this row, then step the outer odometer to the next row.
            for (int v = 0; v < nv; v++) pos[v] -= idx[last] * strides[v][last];
            idx[last] = 0;
            int d = last - 1;
            for (; d >= 0; d--) {
                idx[d]++;
                for (int v = 0; v < nv; v++) pos[v] += strides[v][d];
                if (idx[d] < shape[d]) break;
                for (int v = 0; v < nv; v++) pos[v] -= strides[v][d] * shape[d];
                idx[d] = 0;
            }
        }
    }
}
