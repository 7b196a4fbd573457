package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A recipe for one input of a conformance check: dtype, shape and how its values are drawn. The host values depend
 * only on the recipe and a seed, so the same input is created on the reference backend and on the backend under test.
 * An optional view (transpose, strided slice, expand...) is applied to the created leaf, and {@link #grad()} marks the
 * leaf as requiring gradients.
 */
public final class In {
    /** Draws the value of element {@code i}. */
    @FunctionalInterface
    public interface Gen {
        double next(SplittableRandom random, int i);
    }

    final DType dtype;
    final int[] shape;
    private final Gen gen;
    private final long[] longs;
    final UnaryOperator<Tensor> view;
    final boolean grad;
    private final String label;

    private In(DType dtype, int[] shape, Gen gen, long[] longs, UnaryOperator<Tensor> view, boolean grad, String label) {
        this.dtype = dtype;
        this.shape = shape;
        this.gen = gen;
        this.longs = longs;
        this.view = view;
        this.grad = grad;
        this.label = label;
    }

    public static In gen(DType dtype, String label, Gen gen, int... shape) {
        return new In(dtype, shape.clone(), gen, null, null, false, label);
    }

    /** Standard normal values. */
    public static In randn(DType dtype, int... shape) {
        return gen(dtype, "randn", (r, i) -> gaussian(r), shape);
    }

    /** Normal values scaled by {@code scale}. */
    public static In randn(DType dtype, double scale, int... shape) {
        return gen(dtype, "randn*" + scale, (r, i) -> scale * gaussian(r), shape);
    }

    /** Uniform in [lo, hi). */
    public static In uniform(DType dtype, double lo, double hi, int... shape) {
        return gen(dtype, "uniform[" + lo + "," + hi + ")", (r, i) -> lo + (hi - lo) * r.nextDouble(), shape);
    }

    /** Normal values at least {@code margin} away from 0 (for ops with a kink at 0: abs, relu, sign). */
    public static In awayFromZero(DType dtype, double margin, int... shape) {
        return gen(dtype, "randn|>" + margin + "|", (r, i) -> {
            double v = gaussian(r);
            return v >= 0 ? v + margin : v - margin;
        }, shape);
    }

    /** Uniform integers in [lo, hi) (as the dtype: INT32, INT64, or floats holding whole numbers). */
    public static In ints(DType dtype, long lo, long hi, int... shape) {
        return gen(dtype, "int[" + lo + "," + hi + ")", (r, i) -> r.nextLong(lo, hi), shape);
    }

    public static In bools(int... shape) {
        return gen(DType.BOOL, "bool", (r, i) -> r.nextBoolean() ? 1 : 0, shape);
    }

    /** Fixed values. */
    public static In values(DType dtype, double[] values, int... shape) {
        double[] v = values.clone();
        In in = gen(dtype, "values", (r, i) -> v[i], shape);
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != v.length) {
            throw new IllegalArgumentException(v.length + " values for shape " + Arrays.toString(shape));
        }
        return in;
    }

    /** Fixed INT64 values (exact beyond 2^53). */
    public static In longs(long[] values, int... shape) {
        return new In(DType.INT64, shape.clone(), null, values.clone(), null, false, "longs");
    }

    private static double gaussian(SplittableRandom r) {
        double u1;
        do { u1 = r.nextDouble(); } while (u1 <= 1e-300);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** This recipe with {@code f} applied to the created leaf (composed after any earlier view). */
    public In view(UnaryOperator<Tensor> f) {
        UnaryOperator<Tensor> prev = view;
        UnaryOperator<Tensor> both = prev == null ? f : t -> f.apply(prev.apply(t));
        return new In(dtype, shape, gen, longs, both, grad, label + "+view");
    }

    /** Transposed view of the last two axes (created with the two axes swapped, so the result has {@code shape}). */
    public static In transposed(In in) {
        int[] s = in.shape.clone();
        int r = s.length;
        int tmp = s[r - 1];
        s[r - 1] = s[r - 2];
        s[r - 2] = tmp;
        return new In(in.dtype, s, in.gen, in.longs, in.view, in.grad, in.label + "^T").view(t -> t.transpose(-1, -2));
    }

    public In grad() { return new In(dtype, shape, gen, longs, view, true, label); }

    public In dtype(DType d) { return new In(d, shape, gen, longs, view, grad, label); }

    /** The host array (of the dtype's Java type) for {@code seed}. */
    Object host(long seed) {
        int n = 1;
        for (int d : shape) n *= d;
        if (longs != null) return longs.clone();
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = gen.next(r, i);
        return switch (dtype) {
            case FLOAT64 -> v;
            case FLOAT32 -> { float[] f = new float[n]; for (int i = 0; i < n; i++) f[i] = (float) v[i]; yield f; }
            case INT32 -> { int[] f = new int[n]; for (int i = 0; i < n; i++) f[i] = (int) v[i]; yield f; }
            case INT64 -> { long[] f = new long[n]; for (int i = 0; i < n; i++) f[i] = (long) v[i]; yield f; }
            case BOOL -> { boolean[] f = new boolean[n]; for (int i = 0; i < n; i++) f[i] = v[i] != 0; yield f; }
        };
    }

    /** The leaf tensor on {@code backend} (requiring gradients when {@link #grad()} was asked for). */
    Tensor leaf(Backend backend, long seed) {
        Object h = host(seed);
        var f = Tensor.on(backend);
        Tensor t = switch (dtype) {
            case FLOAT64 -> f.of((double[]) h, shape);
            case FLOAT32 -> f.of((float[]) h, shape);
            case INT32 -> f.of((int[]) h, shape);
            case INT64 -> f.of((long[]) h, shape);
            case BOOL -> f.of((boolean[]) h, shape);
        };
        return grad ? t.requiresGrad() : t;
    }

    /** The leaf with the view applied. */
    Tensor apply(Tensor leaf) { return view == null ? leaf : view.apply(leaf); }

    @Override public String toString() { return dtype + Arrays.toString(shape) + " " + label; }
}
