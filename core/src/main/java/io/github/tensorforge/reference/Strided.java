package io.github.tensorforge.reference;

import io.github.tensorforge.spi.View;

/** Walks the elements of one or more same-shaped strided views in row-major order without divisions. */
final class Strided {
    private final int[] shape;
    private final int[][] strides;
    private final int[] index;
    /** Current buffer position in each view. */
    final int[] pos;

    Strided(int[] shape, View... views) {
        this.shape = shape;
        this.strides = new int[views.length][];
        this.pos = new int[views.length];
        for (int v = 0; v < views.length; v++) {
            strides[v] = views[v].strides();
            pos[v] = views[v].offset();
        }
        this.index = new int[shape.length];
    }

    /** Moves to the next element in row-major order. */
    void next() {
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d]++;
            for (int v = 0; v < pos.length; v++) pos[v] += strides[v][d];
            if (index[d] < shape[d]) return;
            for (int v = 0; v < pos.length; v++) pos[v] -= strides[v][d] * shape[d];
            index[d] = 0;
        }
    }
}
