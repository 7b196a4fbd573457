package io.github.tensorforge.core;

import java.util.Arrays;

/** Shape arithmetic shared by every op: sizes, axis normalization and NumPy broadcasting, with errors that name the op. */
public final class Shapes {
    private Shapes() {}

    /**
     * The most elements one tensor may have: every tensor lives in one buffer, and the largest Java array the JVM
     * allocates has a few header words fewer than {@code Integer.MAX_VALUE}.
     */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** The element count of {@code shape}, checked exactly (no 64-bit wrap-around) against {@link #MAX_ELEMENTS}. */
    public static int size(int[] shape) { return size("shape", shape); }

    /** As {@link #size(int[])}, with errors that name {@code op}. */
    public static int size(String op, int[] shape) {
        long n = count(shape);
        if (n > MAX_ELEMENTS) {
            double approx = 1;
            for (int d : shape) approx *= d;
            String count = approx >= 0x1p62 ? String.format(java.util.Locale.ROOT, "%.1e", approx) : Long.toString((long) approx);
            throw new IllegalArgumentException(op + ": shape " + str(shape) + " has " + count
                    + " elements; a tensor holds at most " + MAX_ELEMENTS + " (the largest Java array); split the data"
                    + " into several tensors");
        }
        return (int) n;
    }

    /** The element count, exact up to {@link #MAX_ELEMENTS} and some count above it otherwise (never wrapped). */
    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) if (d == 0) return 0;
        for (int d : shape) {
            n *= d; // n <= MAX_ELEMENTS here and d < 2^31, so the product fits a long
            if (n > MAX_ELEMENTS) return n;
        }
        return n;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }

    public static void checkShape(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
        }
        size(op, shape);
    }

    /** Maps a possibly negative axis into [0, rank). */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank
                    + " (valid: " + (-rank) + " .. " + (rank - 1) + ")");
        }
        return a;
    }

    /** Normalized, sorted, distinct axes; an empty array means every axis. */
    public static int[] axes(String op, int[] axes, int rank) {
        if (axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) out[i] = axis(op, axes[i], rank);
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + out[i] + " given twice in " + Arrays.toString(axes));
            }
        }
        return out;
    }

    /** The NumPy broadcast of two shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        return broadcast(op, null, a, b);
    }

    /** As {@link #broadcast(String, int[], int[])}, with an error context that is built only when it is needed. */
    public static int[] broadcast(java.util.function.Supplier<String> op, int[] a, int[] b) {
        return broadcast(null, op, a, b);
    }

    /** The error context is {@code op}, or else {@code lazyOp}'s (so the String form allocates no lambda per call). */
    private static int[] broadcast(String op, java.util.function.Supplier<String> lazyOp, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException((op != null ? op : lazyOp.get()) + ": shapes " + str(a) + " and "
                        + str(b) + " cannot be broadcast together (axis " + (i - rank) + ": " + da + " vs " + db
                        + "); sizes must match or one of them must be 1");
            }
            out[i] = da == 1 ? db : da;
        }
        if (count(out) > MAX_ELEMENTS) size(op != null ? op : lazyOp.get(), out);
        return out;
    }

    public static int[] broadcast(String op, int[]... shapes) {
        int[] out = shapes[0];
        for (int i = 1; i < shapes.length; i++) out = broadcast(op, out, shapes[i]);
        return out;
    }

    static int[] remove(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != axis) out[j++] = shape[i];
        return out;
    }

    static int[] insert(int[] shape, int axis, int value) {
        int[] out = new int[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == axis ? value : shape[j++];
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
