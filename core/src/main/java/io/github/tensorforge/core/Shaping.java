package io.github.tensorforge.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies that rearrange or extend a tensor: repeat/tile, pad, the triangles tril/triu and cumsum. All are built
 * from views, concatenation, index selection and element-wise ops, so they run on every backend and their gradients
 * come from those ops' rules.
 */
final class Shaping {
    private Shaping() {}

    static Tensor repeat(Tensor x, int[] reps) {
        if (reps.length < x.rank()) {
            throw new IllegalArgumentException("repeat: " + reps.length + " repeat counts for " + Shapes.str(x.shape)
                    + "; give one per axis (or use tile, which pads the counts with leading 1s)");
        }
        int n = reps.length, lead = n - x.rank();
        int[] split = new int[2 * n], expanded = new int[2 * n], out = new int[n];
        for (int i = 0; i < n; i++) {
            if (reps[i] < 0) throw new IllegalArgumentException("repeat: negative count in " + java.util.Arrays.toString(reps));
            int size = i < lead ? 1 : x.shape[i - lead];
            split[2 * i] = 1;
            split[2 * i + 1] = size;
            expanded[2 * i] = reps[i];
            expanded[2 * i + 1] = size;
            out[i] = reps[i] * size;
        }
        if (Shapes.size(out) == 0) return x.factory().zeros(x.dtype, out);
        // (1, s0, 1, s1, ...) -> (r0, s0, r1, s1, ...) -> (r0 s0, r1 s1, ...): each copy is a broadcast, read once.
        return x.reshape(split).expand(expanded).reshape(out);
    }

    static Tensor tile(Tensor x, int[] reps) {
        if (reps.length >= x.rank()) return repeat(x, reps);
        int[] full = new int[x.rank()];
        java.util.Arrays.fill(full, 1);
        System.arraycopy(reps, 0, full, x.rank() - reps.length, reps.length);
        return repeat(x, full);
    }

    static Tensor pad(Tensor x, int[] pads, PadMode mode, double value) {
        java.util.Objects.requireNonNull(mode, "pad: mode is null; use PadMode.CONSTANT, REFLECT, REPLICATE or CIRCULAR");
        if (pads.length % 2 != 0 || pads.length / 2 > x.rank()) {
            throw new IllegalArgumentException("pad: " + pads.length + " pad sizes for " + Shapes.str(x.shape)
                    + "; give (before, after) pairs starting from the last axis, at most one pair per axis");
        }
        Tensor out = x;
        for (int p = 0; p < pads.length / 2; p++) {
            int axis = x.rank() - 1 - p, before = pads[2 * p], after = pads[2 * p + 1], n = x.shape[axis];
            if (before < 0 || after < 0) {
                throw new IllegalArgumentException("pad: negative pad size in " + java.util.Arrays.toString(pads));
            }
            if (before == 0 && after == 0) continue;
            if (mode == PadMode.CONSTANT) {
                List<Tensor> parts = new ArrayList<>();
                int[] side = out.shape.clone();
                side[axis] = before;
                if (before > 0) parts.add(out.factory().full(out.dtype, value, side));
                parts.add(out);
                side = side.clone();
                side[axis] = after;
                if (after > 0) parts.add(out.factory().full(out.dtype, value, side));
                out = Tensor.cat(parts, axis);
                continue;
            }
            if (mode == PadMode.REFLECT && (before >= n || after >= n)) {
                throw new IllegalArgumentException("pad: reflect padding of " + before + ", " + after + " on axis " + axis
                        + " of " + Shapes.str(x.shape) + " must be smaller than the axis (" + n + ")");
            }
            if (n == 0) {
                throw new IllegalArgumentException("pad: " + mode.name().toLowerCase(java.util.Locale.ROOT)
                        + " padding needs a non-empty axis " + axis + " in " + Shapes.str(x.shape));
            }
            long[] index = new long[before + n + after];
            for (int j = 0; j < index.length; j++) {
                int i = j - before;
                index[j] = switch (mode) {
                    case REFLECT -> i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
                    case REPLICATE -> Math.min(Math.max(i, 0), n - 1);
                    case CIRCULAR -> Math.floorMod(i, n);
                    case CONSTANT -> throw new AssertionError();
                };
            }
            out = out.indexSelect(axis, out.factory().of(index));
        }
        return out == x ? x.copy() : out;
    }

    /** Keeps the elements with {@code column - row <= k} (lower) or {@code >= k} (upper) of the last two axes. */
    static Tensor triangle(Tensor x, int k, boolean lower) {
        String op = lower ? "tril" : "triu";
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": needs at least 2 axes (the matrix is the last two), got "
                    + Shapes.str(x.shape));
        }
        int rows = x.shape[x.rank() - 2], cols = x.shape[x.rank() - 1];
        Tensor mask;
        try (var g = GradMode.disable()) {
            Tensor offset = x.factory().arange(0, cols, 1).reshape(1, cols).sub(x.factory().arange(0, rows, 1).reshape(rows, 1));
            mask = lower ? offset.le(k) : offset.ge(k);
        }
        return Tensor.where(mask, x, 0.0);
    }

    static Tensor cumsum(Tensor x, int axis) {
        int a = Shapes.axis("cumsum", axis, x.rank());
        Tensor out = x.dtype == DType.BOOL || x.dtype == DType.INT32 ? x.to(DType.INT64) : x;
        int n = x.shape[a];
        if (n <= 1) return out == x ? x.copy() : out;
        // Hillis-Steele scan: log2(n) shifted additions, each a whole-tensor op, so it runs on every backend.
        for (int d = 1; d < n; d <<= 1) {
            int[] zerosShape = out.shape.clone();
            zerosShape[a] = d;
            Tensor shifted = Tensor.cat(List.of(out.factory().zeros(out.dtype, zerosShape), out.slice(a, 0, n - d)), a);
            out = out.add(shifted);
        }
        return out;
    }
}
