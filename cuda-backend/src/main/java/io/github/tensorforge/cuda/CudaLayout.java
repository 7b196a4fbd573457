package io.github.tensorforge.cuda;

import io.github.tensorforge.spi.Coalesced;
import io.github.tensorforge.spi.View;

import java.util.Arrays;

/**
 * Builds the {@code Layout} and {@code RLayout} structs of common.cuh / reduce.cu as int arrays (passed by value as
 * kernel parameters). The axes are {@link Coalesced} first, so most launches see rank 1 or 2 and a contiguous launch
 * takes the fast path.
 */
final class CudaLayout {
    static final int MAX_RANK = 8;
    /** ints in struct Layout: rank, n, shape[8], stride[4][8], offset[4]. */
    static final int LAYOUT_INTS = 2 + MAX_RANK + 4 * MAX_RANK + 4;
    /** ints in struct RLayout: keepRank, keepShape[8], keepStride[8], redRank, redShape[8], redStride[8], offset. */
    static final int RLAYOUT_INTS = 1 + 2 * MAX_RANK + 1 + 2 * MAX_RANK + 1;

    private CudaLayout() {}

    /** A Layout struct plus whether every operand is dense row-major from its offset (the kernels' fast path). */
    record Packed(int[] struct, boolean contiguous, int n) {}

    /**
     * Packs {@code shape} iterated in row-major order with one stride set per operand. When {@code collapse}, size-1
     * axes are dropped and mergeable axes merged.
     */
    static Packed pack(String op, int[] shape, boolean collapse, View... operands) {
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        for (int o = 0; o < operands.length; o++) {
            strides[o] = operands[o].strides();
            offsets[o] = operands[o].offset();
        }
        return packStrides(op, shape, strides, offsets, collapse);
    }

    static Packed packStrides(String op, int[] shape, int[][] strides, int[] offsets, boolean collapse) {
        int ops = strides.length;
        int n = 1;
        for (int d : shape) n *= d;
        Coalesced c = collapse ? Coalesced.of(shape, strides) : new Coalesced(shape, strides);
        int rank = c.rank();
        if (rank > MAX_RANK) {
            throw new UnsupportedOperationException("cuda: " + op + ": shape " + Arrays.toString(shape)
                    + " has " + rank + " non-mergeable axes; the CUDA kernels take at most " + MAX_RANK
                    + " (make the tensor contiguous first)");
        }
        int[] s = new int[LAYOUT_INTS];
        s[0] = rank;
        s[1] = n;
        boolean contiguous = rank <= 1;
        for (int d = 0; d < rank; d++) {
            s[2 + d] = c.shape()[d];
            for (int o = 0; o < ops; o++) s[2 + MAX_RANK + o * MAX_RANK + d] = c.strides()[o][d];
        }
        if (rank == 1) for (int o = 0; o < ops; o++) contiguous &= c.strides()[o][0] == 1;
        for (int o = 0; o < ops; o++) s[2 + MAX_RANK + 4 * MAX_RANK + o] = offsets[o];
        return new Packed(s, contiguous, n);
    }

    /** An RLayout over {@code x}: kept axes (not in {@code axes}) and reduced axes, each collapsed. */
    record Reduction(int[] struct, int m, int k) {}

    static Reduction reduction(String op, View x, int[] axes) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) reduced[a] = true;
        int[][] keep = collapse(x, reduced, false);
        int[][] red = collapse(x, reduced, true);
        if (keep[0].length > MAX_RANK || red[0].length > MAX_RANK) {
            throw new UnsupportedOperationException("cuda: " + op + ": " + x + " over axes " + Arrays.toString(axes)
                    + " needs more than " + MAX_RANK + " non-mergeable axes (make the tensor contiguous first)");
        }
        int[] s = new int[RLAYOUT_INTS];
        int m = 1, k = 1;
        s[0] = keep[0].length;
        for (int d = 0; d < keep[0].length; d++) { s[1 + d] = keep[0][d]; s[1 + MAX_RANK + d] = keep[1][d]; m *= keep[0][d]; }
        int base = 1 + 2 * MAX_RANK;
        s[base] = red[0].length;
        for (int d = 0; d < red[0].length; d++) { s[base + 1 + d] = red[0][d]; s[base + 1 + MAX_RANK + d] = red[1][d]; k *= red[0][d]; }
        s[RLAYOUT_INTS - 1] = x.offset();
        return new Reduction(s, m, k);
    }

    /** The RLayout of the second pass over partial results: M rows of S contiguous partials. */
    static int[] partials(int m, int splits) {
        int[] s = new int[RLAYOUT_INTS];
        s[0] = 1; s[1] = m; s[1 + MAX_RANK] = splits;
        int base = 1 + 2 * MAX_RANK;
        s[base] = 1; s[base + 1] = splits; s[base + 1 + MAX_RANK] = 1;
        return s;
    }

    /** Shapes and strides of the axes selected by {@code want} (reduced or kept), coalesced. */
    private static int[][] collapse(View x, boolean[] reduced, boolean want) {
        int count = 0;
        for (int d = 0; d < x.rank(); d++) if (reduced[d] == want) count++;
        int[] shape = new int[count], strides = new int[count];
        for (int d = 0, i = 0; d < x.rank(); d++) {
            if (reduced[d] != want) continue;
            shape[i] = x.shape()[d];
            strides[i++] = x.strides()[d];
        }
        Coalesced c = Coalesced.of(shape, strides);
        return new int[][] {c.shape(), c.strides()[0]};
    }
}
