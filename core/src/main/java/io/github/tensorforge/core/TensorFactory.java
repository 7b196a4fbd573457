package io.github.tensorforge.core;

import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.Buffer;

/**
 * Creates tensors on one backend. Obtain with {@link Tensor#on(Backend)}; the static creators on {@link Tensor} use
 * {@link Backends#current()}. Random tensors are generated on the host from a seeded {@link Rng}, so a seed gives the
 * same values on every backend.
 */
public final class TensorFactory {
    private final Backend backend;

    TensorFactory(Backend backend) { this.backend = backend; }

    /**
     * The backend every tensor of this factory is created on.
     *
     * @return the backend
     */
    public Backend backend() { return backend; }

    /**
     * A new tensor with unspecified contents.
     *
     * @param dtype the element type
     * @param shape the shape; none for a 0-d tensor; copied
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or more than
     *                                  {@link Shapes#MAX_ELEMENTS} elements
     */
    public Tensor empty(DType dtype, int... shape) { return allocate("empty", dtype, shape.clone()); }

    /**
     * A new tensor of zeros.
     *
     * @param dtype the element type
     * @param shape the shape; none for a 0-d tensor
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or more than
     *                                  {@link Shapes#MAX_ELEMENTS} elements
     */
    public Tensor zeros(DType dtype, int... shape) { return filled("zeros", dtype, 0.0, shape); }
    /**
     * A new FLOAT32 tensor of zeros.
     *
     * @param shape the shape; none for a 0-d tensor
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or more than
     *                                  {@link Shapes#MAX_ELEMENTS} elements
     */
    public Tensor zeros(int... shape) { return zeros(DType.FLOAT32, shape); }
    /**
     * A new tensor of ones ({@code true} for BOOL).
     *
     * @param dtype the element type
     * @param shape the shape; none for a 0-d tensor
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or more than
     *                                  {@link Shapes#MAX_ELEMENTS} elements
     */
    public Tensor ones(DType dtype, int... shape) { return filled("ones", dtype, 1.0, shape); }
    /**
     * A new FLOAT32 tensor of ones.
     *
     * @param shape the shape; none for a 0-d tensor
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or more than
     *                                  {@link Shapes#MAX_ELEMENTS} elements
     */
    public Tensor ones(int... shape) { return ones(DType.FLOAT32, shape); }

    /**
     * A new tensor with every element set to {@code value}, converted to {@code dtype} (truncated toward zero for
     * integers, {@code value != 0} for BOOL).
     *
     * @param dtype the element type
     * @param value the value
     * @param shape the shape; none for a 0-d tensor
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or more than
     *                                  {@link Shapes#MAX_ELEMENTS} elements
     */
    public Tensor full(DType dtype, double value, int... shape) { return filled("full", dtype, value, shape); }

    private Tensor filled(String op, DType dtype, double value, int[] shape) {
        Tensor t = allocate(op, dtype, shape.clone());
        if (t.numel() > 0) backend.fill(t.view(), value);
        return t;
    }

    /** A new tensor; a shape that is negative or too large is reported under the name of the creating {@code op}. */
    private Tensor allocate(String op, DType dtype, int[] shape) {
        Shapes.checkShape(op, shape);
        return Ops.empty(backend, dtype, shape);
    }

    /**
     * A 0-d FLOAT32 tensor.
     *
     * @param value the value, rounded to float
     * @return a new tensor of shape {@code ()}
     */
    public Tensor scalar(double value) { return full(DType.FLOAT32, value); }

    /**
     * {@code start, start+step, ...} below {@code end}: INT64 when all three are whole numbers, else FLOAT32. For a
     * negative step the values count down and stay above {@code end}; empty when the step points away from end.
     *
     * @param start the first value
     * @param end   the bound, excluded
     * @param step  the difference between neighbours; not 0
     * @return a new 1-D tensor {@code (n)} with {@code n = max(0, ceil((end - start) / step))}
     * @throws IllegalArgumentException if {@code step} is 0 or NaN, or there would be too many elements
     */
    public Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        long n = (long) Math.max(0, Math.ceil((end - start) / step));
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("arange: " + n + " elements is too many");
        boolean whole = start == Math.rint(start) && end == Math.rint(end) && step == Math.rint(step);
        if (whole) {
            long[] v = new long[(int) n];
            for (int i = 0; i < n; i++) v[i] = (long) start + i * (long) step;
            return of(v, (int) n);
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
        return of(v, (int) n);
    }

    /**
     * {@code steps} evenly spaced FLOAT32 values from start to end inclusive.
     *
     * @param start the first value
     * @param end   the last value (when {@code steps > 1})
     * @param steps the number of values, at least 0; 1 gives just {@code start}
     * @return a new 1-D tensor {@code (steps)}
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        float[] v = new float[steps];
        for (int i = 0; i < steps; i++) v[i] = (float) (steps == 1 ? start : start + (end - start) * i / (steps - 1));
        return of(v, steps);
    }

    /**
     * The n x n FLOAT32 identity.
     *
     * @param n the number of rows and columns
     * @return a new tensor {@code (n, n)}
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Tensor eye(int n) {
        float[] v = new float[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1f;
        return of(v, n, n);
    }

    /**
     * A new FLOAT32 tensor holding a copy of {@code data} in row-major order.
     *
     * @param data  the values; copied
     * @param shape the shape, whose element count must equal {@code data.length}; none for a 1-D tensor
     *              {@code (data.length)} (0-d tensors come from {@link #scalar(double)} or {@link #fromArray})
     * @return a new contiguous FLOAT32 tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or its element count is not
     *                                  {@code data.length}
     */
    public Tensor of(float[] data, int... shape) { return fromHost(DType.FLOAT32, data.clone(), shapeFor("of", data.length, shape)); }
    /**
     * A new FLOAT64 tensor holding a copy of {@code data} in row-major order.
     *
     * @param data  the values; copied
     * @param shape the shape, whose element count must equal {@code data.length}; none for a 1-D tensor
     *              {@code (data.length)} (0-d tensors come from {@link #scalar(double)} or {@link #fromArray})
     * @return a new contiguous FLOAT64 tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or its element count is not
     *                                  {@code data.length}
     */
    public Tensor of(double[] data, int... shape) { return fromHost(DType.FLOAT64, data.clone(), shapeFor("of", data.length, shape)); }
    /**
     * A new INT32 tensor holding a copy of {@code data} in row-major order.
     *
     * @param data  the values; copied
     * @param shape the shape, whose element count must equal {@code data.length}; none for a 1-D tensor
     *              {@code (data.length)} (0-d tensors come from {@link #scalar(double)} or {@link #fromArray})
     * @return a new contiguous INT32 tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or its element count is not
     *                                  {@code data.length}
     */
    public Tensor of(int[] data, int... shape) { return fromHost(DType.INT32, data.clone(), shapeFor("of", data.length, shape)); }
    /**
     * A new INT64 tensor holding a copy of {@code data} in row-major order.
     *
     * @param data  the values; copied
     * @param shape the shape, whose element count must equal {@code data.length}; none for a 1-D tensor
     *              {@code (data.length)} (0-d tensors come from {@link #scalar(double)} or {@link #fromArray})
     * @return a new contiguous INT64 tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or its element count is not
     *                                  {@code data.length}
     */
    public Tensor of(long[] data, int... shape) { return fromHost(DType.INT64, data.clone(), shapeFor("of", data.length, shape)); }
    /**
     * A new BOOL tensor holding a copy of {@code data} in row-major order.
     *
     * @param data  the values; copied
     * @param shape the shape, whose element count must equal {@code data.length}; none for a 1-D tensor
     *              {@code (data.length)} (0-d tensors come from {@link #scalar(double)} or {@link #fromArray})
     * @return a new contiguous BOOL tensor
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or its element count is not
     *                                  {@code data.length}
     */
    public Tensor of(boolean[] data, int... shape) { return fromHost(DType.BOOL, data.clone(), shapeFor("of", data.length, shape)); }

    /**
     * A (rows, cols) FLOAT32 matrix; rows must have equal lengths.
     *
     * @param rows the rows, copied; none gives shape {@code (0, 0)}
     * @return a new tensor {@code (rows.length, rows[0].length)}
     * @throws IllegalArgumentException if the rows differ in length
     */
    public Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("of: row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return fromHost(DType.FLOAT32, flat, new int[] {rows.length, cols});
    }

    /**
     * Uniform in [0, 1), drawn from {@code rng} on the host (the same values on every backend). FLOAT32 values are
     * rounded from double draws.
     *
     * @param rng   the generator; advanced by one draw per element
     * @param dtype FLOAT32 or FLOAT64
     * @param shape the shape; none for a 0-d tensor
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code dtype} is not floating or {@code shape} has too many elements
     */
    public Tensor rand(Rng rng, DType dtype, int... shape) {
        requireFloating("rand", dtype);
        Shapes.checkShape("rand", shape);
        int n = Shapes.size("rand", shape);
        if (dtype == DType.FLOAT32) {
            float[] v = new float[n];
            rng.fillUniform(v);
            return fromHost(dtype, v, shape.clone());
        }
        double[] v = new double[n];
        rng.fillUniform(v);
        return fromHost(dtype, v, shape.clone());
    }

    /**
     * Standard normal, drawn from {@code rng} on the host (the same values on every backend).
     *
     * @param rng   the generator; advanced by one Gaussian per element
     * @param dtype FLOAT32 or FLOAT64
     * @param shape the shape; none for a 0-d tensor
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code dtype} is not floating or {@code shape} has too many elements
     */
    public Tensor randn(Rng rng, DType dtype, int... shape) {
        requireFloating("randn", dtype);
        Shapes.checkShape("randn", shape);
        int n = Shapes.size("randn", shape);
        double[] v = new double[n];
        rng.fillGaussian(v);
        return fromDoubles(dtype, v, shape);
    }

    /**
     * Uniform INT64 integers in [low, high), drawn from {@code rng} on the host.
     *
     * @param rng   the generator; advanced by one draw per element
     * @param low   the smallest value
     * @param high  one more than the largest value
     * @param shape the shape; none for a 0-d tensor
     * @return a new contiguous INT64 tensor
     * @throws IllegalArgumentException if {@code low >= high} or {@code shape} has too many elements
     */
    public Tensor randint(Rng rng, long low, long high, int... shape) {
        if (low >= high) throw new IllegalArgumentException("randint: low " + low + " must be below high " + high);
        Shapes.checkShape("randint", shape);
        int n = Shapes.size("randint", shape);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = rng.integer(low, high);
        return fromHost(DType.INT64, v, shape.clone());
    }

    private Tensor fromDoubles(DType dtype, double[] v, int[] shape) {
        if (dtype == DType.FLOAT64) return fromHost(dtype, v, shape.clone());
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return fromHost(DType.FLOAT32, f, shape.clone());
    }

    private static void requireFloating(String op, DType dtype) {
        if (!dtype.isFloating()) throw new IllegalArgumentException(op + ": dtype must be float32 or float64, got " + dtype);
    }

    /**
     * Creates a tensor from a host array that the caller hands over (it is not copied on the host, and must not be
     * modified afterwards): float[], double[], int[], long[] or boolean[] matching {@code dtype}. {@code shape} may be
     * empty for a 0-d tensor. Data loaders use this to upload a batch with a single copy.
     *
     * @param dtype the element type
     * @param array the values in row-major order, of {@link DType#hostArrayType()}; taken over, not copied
     * @param shape the shape, whose element count must equal the array's length; none for a 0-d tensor
     * @return a new contiguous tensor
     * @throws IllegalArgumentException if {@code array} is null or not of the dtype's host type, {@code shape} has a
     *                                  negative dimension, or its element count differs from the array's length
     */
    public Tensor fromArray(DType dtype, Object array, int... shape) {
        if (!dtype.hostArrayType().isInstance(array)) {
            throw new IllegalArgumentException("fromArray: a " + dtype + " tensor needs a "
                    + dtype.hostArrayType().getSimpleName() + ", got " + (array == null ? "null" : array.getClass().getSimpleName()));
        }
        int length = java.lang.reflect.Array.getLength(array);
        Shapes.checkShape("fromArray", shape);
        if (Shapes.size(shape) != length) {
            throw new IllegalArgumentException("fromArray: " + length + " values do not fill shape " + Shapes.str(shape));
        }
        return fromHost(dtype, array, shape.clone());
    }

    /** Wraps host data (taken over, not copied again) as a new tensor. */
    Tensor fromHost(DType dtype, Object array, int[] shape) {
        Shapes.checkShape("of", shape);
        Buffer buffer = backend.allocate(dtype, Shapes.size(shape));
        try {
            backend.upload(buffer, array);
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        return new Tensor(new Storage(buffer), shape, io.github.tensorforge.spi.View.rowMajorStrides(shape), 0);
    }

    /** The shape to use for {@code length} values: the given one (checked), or 1-D when none is given. */
    private static int[] shapeFor(String op, int length, int[] shape) {
        if (shape.length == 0) return new int[] {length}; // 0-d tensors come from scalar()
        Shapes.checkShape(op, shape);
        if (Shapes.size(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shapes.str(shape)
                    + " (" + Shapes.size(shape) + " elements)");
        }
        return shape.clone();
    }
}
