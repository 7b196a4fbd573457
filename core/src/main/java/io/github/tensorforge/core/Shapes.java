package io.github.tensorforge.core;

import java.util.Arrays;

/**
 * Shape arithmetic shared by every op: sizes, axis normalization and NumPy broadcasting, with errors that name the
 * op. No method modifies its arguments.
 */
public final class Shapes {
    private Shapes() {}

    /**
     * The most elements one tensor may have: every tensor lives in one buffer, and the largest Java array the JVM
     * allocates has a few header words fewer than {@code Integer.MAX_VALUE}.
     */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * The element count of {@code shape}, checked exactly (no 64-bit wrap-around) against {@link #MAX_ELEMENTS}.
     * Negative dimensions are not checked here (see {@link #checkShape(String, int[])}).
     *
     * @param shape the shape
     * @return the product of the dimensions; 1 for rank 0, 0 when any dimension is 0
     * @throws IllegalArgumentException if the count exceeds {@link #MAX_ELEMENTS}
     */
    public static int size(int[] shape) { return size("shape", shape); }

    /**
     * As {@link #size(int[])}, with errors that name {@code op}.
     *
     * @param op    the operation, named in the error message
     * @param shape the shape
     * @return the product of the dimensions
     * @throws IllegalArgumentException if the count exceeds {@link #MAX_ELEMENTS}
     */
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

    /**
     * The shape as messages print it.
     *
     * @param shape the shape
     * @return for example {@code "[2, 3]"}; {@code "[]"} for rank 0
     */
    public static String str(int[] shape) { return Arrays.toString(shape); }

    /**
     * Checks that {@code shape} can describe a tensor: no negative dimension, at most {@link #MAX_ELEMENTS} elements.
     *
     * @param op    the operation, named in the error message
     * @param shape the shape
     * @throws IllegalArgumentException if a dimension is negative or the element count is too large
     */
    public static void checkShape(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
        }
        size(op, shape);
    }

    /**
     * Maps a possibly negative axis into [0, rank): -1 is the last axis.
     *
     * @param op   the operation, named in the error message
     * @param axis the axis, in {@code [-rank, rank)}
     * @param rank the tensor's rank
     * @return the axis in {@code [0, rank)}
     * @throws IllegalArgumentException if {@code axis} is out of range (always for rank 0)
     */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank
                    + " (valid: " + (-rank) + " .. " + (rank - 1) + ")");
        }
        return a;
    }

    /**
     * Normalized, sorted, distinct axes; an empty array means every axis.
     *
     * @param op   the operation, named in the error message
     * @param axes the axes, each in {@code [-rank, rank)}; not modified
     * @param rank the tensor's rank
     * @return a new array of axes in {@code [0, rank)}, ascending
     * @throws IllegalArgumentException if an axis is out of range, or two name the same axis (such as -1 and
     *                                  {@code rank - 1})
     */
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

    /**
     * The NumPy broadcast of two shapes: aligned at the trailing axis, each pair of sizes equal or one of them 1.
     *
     * @param op the operation, named in the error message
     * @param a  one shape
     * @param b  the other shape
     * @return a new array, the broadcast shape, of the larger rank
     * @throws IllegalArgumentException if the shapes are incompatible or the result has too many elements
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        return broadcast(op, null, a, b);
    }

    /**
     * As {@link #broadcast(String, int[], int[])}, with an error context that is built only when it is needed.
     *
     * @param op supplies the operation's name for the error message; called only on failure
     * @param a  one shape
     * @param b  the other shape
     * @return a new array, the broadcast shape
     * @throws IllegalArgumentException if the shapes are incompatible or the result has too many elements
     */
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

    /**
     * The NumPy broadcast of several shapes, folded left to right.
     *
     * @param op     the operation, named in the error message
     * @param shapes at least one shape
     * @return the broadcast shape (the first shape itself when only one is given)
     * @throws IllegalArgumentException if the shapes are incompatible or the result has too many elements
     */
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
