package io.github.tensorforge.cpu;

import io.github.tensorforge.spi.View;

import java.util.Arrays;

/**
 * A joint layout of several same-shaped strided views with size-1 axes dropped and adjacent axes merged wherever every
 * view allows it, so a contiguous tensor becomes one long row and a row-broadcast bias becomes rows of
 * {@code (outer stride 0, inner stride 1)}. Kernels walk it as segments: runs along the innermost axis, each given by
 * the start position in every view and a length; within a segment view {@code v} advances by {@link #innerStride(int)}.
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
        int nv = views.length;
        int rank = shape.length;
        int[] sh = new int[rank];
        int[][] st = new int[nv][rank];
        int r = 0;
        boolean empty = false;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 0) empty = true;
            if (shape[d] == 1) continue;
            if (r > 0) {
                boolean merge = true;
                for (int v = 0; v < nv; v++) {
                    if (st[v][r - 1] != views[v].strides()[d] * shape[d]) {
                        merge = false;
                        break;
                    }
                }
                if (merge) {
                    sh[r - 1] *= shape[d];
                    for (int v = 0; v < nv; v++) st[v][r - 1] = views[v].strides()[d];
                    continue;
                }
            }
            sh[r] = shape[d];
            for (int v = 0; v < nv; v++) st[v][r] = views[v].strides()[d];
            r++;
        }
        if (empty) {
            r = 1;
            sh[0] = 0;
        } else if (r == 0) {  // scalar
            r = 1;
            sh = new int[] {1};
            st = new int[nv][1];
            for (int v = 0; v < nv; v++) st[v][0] = 1;
        }
        int[] offs = new int[nv];
        int[][] stt = new int[nv][];
        for (int v = 0; v < nv; v++) {
            offs[v] = views[v].offset();
            stt[v] = Arrays.copyOf(st[v], r);
        }
        return new CpuLayout(Arrays.copyOf(sh, r), stt, offs);
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
