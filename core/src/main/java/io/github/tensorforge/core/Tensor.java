package io.github.tensorforge.core;

import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An n-dimensional array on a backend, with autograd.
 *
 * <p>A tensor is a strided view (shape, strides, offset) over a reference-counted backend buffer. Movement ops
 * (reshape, permute, transpose, expand, slice, select, squeeze, unsqueeze) return views that share the buffer; every
 * other op returns a new tensor and never modifies its inputs, except the methods whose names say so
 * ({@link #assign}, {@link #fill}, {@link #zeroGrad}, {@link #requiresGrad(boolean)}). Element-wise ops follow NumPy
 * broadcasting and the dtype rules of {@link DType}.
 *
 * <p>Autograd: an op documented as differentiable records a backward rule when {@link GradMode} is enabled on the
 * calling thread and one of its inputs requires gradients; its result then requires gradients too. Comparisons,
 * arg-reductions, one-hot encoding and integer conversions record nothing. Shapes in these comments are written
 * {@code (B, T, C)}; an axis argument may be negative, counting from the end.
 *
 * <p>Memory: a tensor holds its buffer until {@link #close()} is called on it and on every view of it, or until the
 * {@link TensorScope} it was created in closes; a {@link java.lang.ref.Cleaner} frees forgotten buffers as a safety
 * net. Backends count live buffers ({@link Backend#memoryStats()}).
 *
 * <p>Thread-safety: reading a tensor and using it as an input of ops from several threads is safe (for example
 * concurrent inference on shared weights under {@link GradMode#disable()}). Each thread may build its own graph on
 * shared weights and call {@link #backward()} on it: gradients accumulate into the shared leaves under a lock. One
 * graph, and in-place methods, must be confined to one thread.
 */
public final class Tensor implements AutoCloseable {
    final Storage storage;
    final DType dtype;
    final int[] shape;
    final int[] strides;
    final int offset;

    private volatile boolean closed;
    private TensorScope scope;

    boolean requiresGrad;
    Tensor grad;
    Node gradFn;

    Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.dtype = storage.buffer.dtype();
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.scope = TensorScope.current();
        if (scope != null) scope.register(this);
    }

    // =================================================================================================================
    // Creation (on the current backend; see Backends.current() and on(Backend))
    // =================================================================================================================

    /**
     * Creation functions for an explicit backend: {@code Tensor.on(cuda).zeros(64, 64)}.
     *
     * @param backend the backend the factory creates tensors on
     * @return a factory for {@code backend}
     */
    public static TensorFactory on(Backend backend) { return new TensorFactory(backend); }

    /**
     * Creation functions for the backend called {@code backendName}: {@code Tensor.on("cpu").zeros(64, 64)}.
     *
     * @param backendName a provider name such as {@code "reference"} or {@code "cpu"} (case and surrounding blanks
     *         ignored)
     * @return a factory for that backend, which is created on first use
     * @throws BackendUnavailableException if the backend is unknown, cannot run here, or fails to start
     */
    public static TensorFactory on(String backendName) { return new TensorFactory(Backends.get(backendName)); }

    private static TensorFactory here() { return new TensorFactory(Backends.current()); }

    /**
     * A new FLOAT32 tensor of zeros on the current backend.
     *
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape has more than {@link Shapes#MAX_ELEMENTS}
     *         elements
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor zeros(int... shape) { return here().zeros(DType.FLOAT32, shape); }
    /**
     * A new tensor of zeros of {@code dtype} on the current backend.
     *
     * @param dtype the element type
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape has more than {@link Shapes#MAX_ELEMENTS}
     *         elements
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor zeros(DType dtype, int... shape) { return here().zeros(dtype, shape); }
    /**
     * A new FLOAT32 tensor of ones on the current backend.
     *
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape has more than {@link Shapes#MAX_ELEMENTS}
     *         elements
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor ones(int... shape) { return here().ones(DType.FLOAT32, shape); }
    /**
     * A new tensor of ones of {@code dtype} on the current backend.
     *
     * @param dtype the element type
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape has more than {@link Shapes#MAX_ELEMENTS}
     *         elements
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor ones(DType dtype, int... shape) { return here().ones(dtype, shape); }
    /**
     * A new FLOAT32 tensor with every element set to {@code value}, on the current backend.
     *
     * @param value the fill value
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape has more than {@link Shapes#MAX_ELEMENTS}
     *         elements
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor full(double value, int... shape) { return here().full(DType.FLOAT32, value, shape); }
    /**
     * A new tensor of {@code dtype} with every element set to {@code value} (converted to the dtype by the backend), on
     * the current backend.
     *
     * @param dtype the element type
     * @param value the fill value
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape has more than {@link Shapes#MAX_ELEMENTS}
     *         elements
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor full(DType dtype, double value, int... shape) { return here().full(dtype, value, shape); }
    /**
     * A new 0-d FLOAT32 tensor holding {@code value}, on the current backend.
     *
     * @param value the value
     * @return a new 0-d tensor (shape {@code ()})
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor scalar(double value) { return here().scalar(value); }
    /**
     * A new 0-d tensor of {@code dtype} holding {@code value} (converted to the dtype), on the current backend.
     *
     * @param dtype the element type
     * @param value the value
     * @return a new 0-d tensor (shape {@code ()})
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor scalar(DType dtype, double value) { return here().full(dtype, value); }
    /**
     * The INT64 sequence {@code 0, 1, ..., end - 1} on the current backend (empty when {@code end <= 0}).
     *
     * @param end the exclusive upper bound
     * @return a new 1-D INT64 tensor {@code (max(end, 0))}
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor arange(int end) { return here().arange(0, end, 1); }
    /**
     * The sequence {@code start, start + step, ...} up to, not including, {@code end}, on the current backend: INT64
     * when {@code start}, {@code end} and {@code step} are all whole numbers, else FLOAT32.
     *
     * @param start the first value
     * @param end the exclusive bound
     * @param step the spacing, negative for a decreasing sequence
     * @return a new 1-D tensor of {@code max(0, ceil((end - start) / step))} elements
     * @throws IllegalArgumentException if {@code step} is 0 or NaN, or the sequence has more than
     *         {@code Integer.MAX_VALUE} elements
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor arange(double start, double end, double step) { return here().arange(start, end, step); }
    /**
     * {@code steps} evenly spaced FLOAT32 values from {@code start} to {@code end}, both included, on the current
     * backend ({@code steps == 1} gives just {@code start}).
     *
     * @param start the first value
     * @param end the last value
     * @param steps the number of values
     * @return a new 1-D FLOAT32 tensor {@code (steps)}
     * @throws IllegalArgumentException if {@code steps} is negative
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor linspace(double start, double end, int steps) { return here().linspace(start, end, steps); }
    /**
     * The {@code (n, n)} FLOAT32 identity matrix on the current backend.
     *
     * @param n the number of rows and columns
     * @return a new tensor {@code (n, n)}
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor eye(int n) { return here().eye(n); }
    /**
     * A new FLOAT32 tensor holding a copy of {@code data} in row-major order, on the current backend.
     *
     * @param data the elements; the array is copied, so later changes to it do not show
     * @param shape the shape to give them; none gives a 1-D tensor {@code (data.length)}
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape's element count differs from
     *         {@code data.length}
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor of(float[] data, int... shape) { return here().of(data, shape); }
    /**
     * A new FLOAT64 tensor holding a copy of {@code data} in row-major order, on the current backend.
     *
     * @param data the elements; the array is copied, so later changes to it do not show
     * @param shape the shape to give them; none gives a 1-D tensor {@code (data.length)}
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape's element count differs from
     *         {@code data.length}
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor of(double[] data, int... shape) { return here().of(data, shape); }
    /**
     * A new INT32 tensor holding a copy of {@code data} in row-major order, on the current backend.
     *
     * @param data the elements; the array is copied, so later changes to it do not show
     * @param shape the shape to give them; none gives a 1-D tensor {@code (data.length)}
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape's element count differs from
     *         {@code data.length}
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor of(int[] data, int... shape) { return here().of(data, shape); }
    /**
     * A new INT64 tensor holding a copy of {@code data} in row-major order, on the current backend.
     *
     * @param data the elements; the array is copied, so later changes to it do not show
     * @param shape the shape to give them; none gives a 1-D tensor {@code (data.length)}
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape's element count differs from
     *         {@code data.length}
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor of(long[] data, int... shape) { return here().of(data, shape); }
    /**
     * A new BOOL tensor holding a copy of {@code data} in row-major order, on the current backend.
     *
     * @param data the elements; the array is copied, so later changes to it do not show
     * @param shape the shape to give them; none gives a 1-D tensor {@code (data.length)}
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if a size is negative or the shape's element count differs from
     *         {@code data.length}
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor of(boolean[] data, int... shape) { return here().of(data, shape); }
    /**
     * A new FLOAT32 matrix {@code (rows.length, rows[0].length)} copied from {@code rows}, on the current backend
     * ({@code (0, 0)} when there are no rows).
     *
     * @param rows the rows, all of one length
     * @return a new 2-D tensor, not requiring gradients
     * @throws IllegalArgumentException if the rows differ in length
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor of(float[][] rows) { return here().of(rows); }
    /**
     * A new FLOAT32 tensor of values uniform in [0, 1), drawn on the host from {@code rng} (so a seed gives the same
     * values on every backend), on the current backend.
     *
     * @param rng the generator; it advances by one value per element
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if the shape has more than {@link Shapes#MAX_ELEMENTS} elements (its sizes are
     *         validated)
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor rand(Rng rng, int... shape) { return here().rand(rng, DType.FLOAT32, shape); }
    /**
     * A new FLOAT32 tensor of standard normal values, drawn on the host from {@code rng} (so a seed gives the same
     * values on every backend), on the current backend.
     *
     * @param rng the generator
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new tensor, not requiring gradients
     * @throws IllegalArgumentException if the shape has more than {@link Shapes#MAX_ELEMENTS} elements (its sizes are
     *         validated)
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor randn(Rng rng, int... shape) { return here().randn(rng, DType.FLOAT32, shape); }
    /**
     * A new INT64 tensor of integers uniform in [{@code low}, {@code high}), drawn on the host from {@code rng}, on the
     * current backend.
     *
     * @param rng the generator
     * @param low the smallest value
     * @param high the exclusive upper bound
     * @param shape the sizes of the axes; none gives a 0-d tensor
     * @return a new INT64 tensor
     * @throws IllegalArgumentException if {@code low >= high} or the shape has more than {@link Shapes#MAX_ELEMENTS}
     *         elements
     * @throws BackendUnavailableException if the default backend cannot be resolved (see {@link Backends#current()})
     */
    public static Tensor randint(Rng rng, long low, long high, int... shape) { return here().randint(rng, low, high, shape); }

    /**
     * Zeros with this tensor's dtype, shape and backend.
     *
     * @return a new tensor, not requiring gradients (this tensor is only read for its layout, not its data)
     */
    public Tensor zerosLike() { return factory().zeros(dtype, shape); }
    /**
     * Ones with this tensor's dtype, shape and backend.
     *
     * @return a new tensor, not requiring gradients
     */
    public Tensor onesLike() { return factory().ones(dtype, shape); }
    /**
     * A tensor with this tensor's dtype, shape and backend, every element set to {@code value} (converted to the
     * dtype).
     *
     * @param value the fill value
     * @return a new tensor, not requiring gradients
     */
    public Tensor fullLike(double value) { return factory().full(dtype, value, shape); }

    TensorFactory factory() { return new TensorFactory(backend()); }

    // =================================================================================================================
    // Properties
    // =================================================================================================================

    /**
     * The sizes of the axes.
     *
     * @return a copy of the shape ({@code rank()} entries; empty for a 0-d tensor)
     */
    public int[] shape() { return shape.clone(); }
    /**
     * The size of one axis.
     *
     * @param axis the axis, negative counting from the end ({@code -1} is the last)
     * @return the size of that axis
     * @throws IllegalArgumentException if {@code axis} is out of range for the rank
     */
    public int shape(int axis) { return shape[Shapes.axis("shape", axis, shape.length)]; }
    /**
     * The strides of the layout, in elements (not bytes): how far the buffer position moves per step along each axis.
     *
     * @return a copy of the strides; 0 on broadcast axes
     */
    public int[] strides() { return strides.clone(); }
    /**
     * Where this tensor's first element lies in the shared buffer, in elements (non-zero for some slices and selects).
     *
     * @return the offset
     */
    public int offset() { return offset; }
    /**
     * The number of axes.
     *
     * @return the rank; 0 for a scalar
     */
    public int rank() { return shape.length; }
    /**
     * The number of elements (the product of the shape), as PyTorch's {@code numel()}.
     *
     * @return the element count; 1 for a 0-d tensor
     */
    public int numel() { return Shapes.size(shape); }
    /**
     * The element type.
     *
     * @return the dtype
     */
    public DType dtype() { return dtype; }
    /**
     * The backend whose buffer holds the data.
     *
     * @return the backend
     */
    public Backend backend() { return storage.buffer.backend(); }
    /**
     * Whether {@link #close()} was called on this tensor (directly or by its scope).
     *
     * @return true once closed
     */
    public boolean isClosed() { return closed; }

    /**
     * Whether the layout is row-major and gap-free, so kernels can treat it as a flat array (size-1 axes may have any
     * stride).
     *
     * @return true when contiguous
     * @throws IllegalStateException if this tensor is closed
     */
    public boolean isContiguous() { return view().isContiguous(); }

    /**
     * What a kernel sees: the buffer and this tensor's layout. Core's alone: kernels are reached through the ops, and
     * the SPI's {@link View} is not part of the user's API.
     */
    View view() {
        ensureOpen("view");
        return new View(storage.buffer, dtype, shape, strides, offset);
    }

    void ensureOpen(String op) {
        if (closed || storage.isReleased()) {
            throw new IllegalStateException(op + ": tensor " + Shapes.str(shape) + " (" + dtype
                    + ") was closed and its memory released; keep it alive (Tensor.keep() / outside the scope)");
        }
    }

    // =================================================================================================================
    // Memory
    // =================================================================================================================

    /**
     * Releases this tensor's hold on its buffer; the buffer is freed when no view of it remains. Idempotent. Using the
     * tensor afterwards throws {@link IllegalStateException}. The tensor leaves its {@link TensorScope}, drops its
     * graph node, and the gradient it holds ({@link #grad()}) is closed too.
     */
    @Override public void close() {
        if (closed) return;
        closed = true;
        if (scope != null) {
            scope.unregister(this);
            scope = null;
        }
        storage.release();
        gradFn = null;
        Tensor g = grad;
        grad = null;
        if (g != null) g.close();
    }

    /**
     * Takes this tensor out of the {@link TensorScope} it was created in, into the enclosing scope (or to the caller
     * when there is none), so it survives the inner scope's close. Does nothing for a tensor that is in no scope.
     *
     * @return this tensor
     */
    public Tensor keep() {
        TensorScope s = scope;
        if (s != null) s.keep(this);
        return this;
    }

    void setScope(TensorScope s) { scope = s; }

    /**
     * Removes this tensor from every {@link TensorScope}: whoever holds it (a module holding a parameter, an optimizer
     * holding its state) closes it.
     *
     * @return this tensor
     */
    public Tensor unscoped() {
        TensorScope s = scope;
        if (s != null) {
            s.unregister(this);
            scope = null;
        }
        return this;
    }

    // =================================================================================================================
    // Reading back
    // =================================================================================================================

    /**
     * The elements in row-major order as float[], converted from the dtype. Waits for pending kernels; runs without
     * recording gradients.
     *
     * @return a new host array of {@code size()} elements
     * @throws IllegalStateException if this tensor is closed
     */
    public float[] toFloatArray() { return (float[]) hostArray(DType.FLOAT32); }
    /**
     * The elements in row-major order as double[], converted from the dtype. Waits for pending kernels; runs without
     * recording gradients.
     *
     * @return a new host array of {@code size()} elements
     * @throws IllegalStateException if this tensor is closed
     */
    public double[] toDoubleArray() { return (double[]) hostArray(DType.FLOAT64); }
    /**
     * The elements in row-major order as int[], converted from the dtype (floating values truncate toward zero). Waits
     * for pending kernels; runs without recording gradients.
     *
     * @return a new host array of {@code size()} elements
     * @throws IllegalStateException if this tensor is closed
     */
    public int[] toIntArray() { return (int[]) hostArray(DType.INT32); }
    /**
     * The elements in row-major order as long[], converted from the dtype (floating values truncate toward zero). Waits
     * for pending kernels; runs without recording gradients.
     *
     * @return a new host array of {@code size()} elements
     * @throws IllegalStateException if this tensor is closed
     */
    public long[] toLongArray() { return (long[]) hostArray(DType.INT64); }
    /**
     * The elements in row-major order as boolean[], converted from the dtype (non-zero is true). Waits for pending
     * kernels; runs without recording gradients.
     *
     * @return a new host array of {@code size()} elements
     * @throws IllegalStateException if this tensor is closed
     */
    public boolean[] toBooleanArray() { return (boolean[]) hostArray(DType.BOOL); }

    private Object hostArray(DType as) {
        ensureOpen("read");
        try (var g = GradMode.disable()) {
            boolean whole = isContiguous() && offset == 0 && numel() == storage.buffer.size();
            if (as == dtype && whole) return backend().download(storage.buffer);
            try (Tensor dense = copyAs(as)) {
                return backend().download(dense.storage.buffer);
            }
        }
    }

    /**
     * The value of a one-element tensor (of any rank) as double.
     *
     * @return the only element, converted to double
     * @throws IllegalArgumentException if the tensor does not have exactly one element
     * @throws IllegalStateException if this tensor is closed
     */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor " + Shapes.str(shape) + " has " + numel()
                    + " elements; item() needs exactly one (reduce it first, e.g. sum() or mean())");
        }
        return toDoubleArray()[0];
    }

    /**
     * The value of a one-element integer tensor as long (exact for int64; a floating value truncates toward zero).
     *
     * @return the only element, converted to long
     * @throws IllegalArgumentException if the tensor does not have exactly one element
     * @throws IllegalStateException if this tensor is closed
     */
    public long itemLong() {
        if (numel() != 1) {
            throw new IllegalArgumentException("itemLong: tensor " + Shapes.str(shape) + " has " + numel()
                    + " elements; it needs exactly one");
        }
        return toLongArray()[0];
    }

    /**
     * NumPy-style text of the values with shape, dtype, backend and, when set, grad_fn or requires_grad; a tensor of
     * over 1000 elements shows only the first and last 3 entries of each longer axis. Reads the data back to the host.
     * A closed tensor prints as {@code tensor(<closed>, shape=..., dtype=...)} instead of throwing.
     *
     * @return the text
     */
    @Override public String toString() { return TensorFormat.format(this); }

    // =================================================================================================================
    // Autograd
    // =================================================================================================================

    /**
     * Marks this (leaf) tensor as a parameter whose gradient {@link #backward()} computes, or unmarks it. Changes only
     * this tensor's flag (in place).
     *
     * @param value whether gradients are computed for this tensor
     * @return this tensor
     * @throws IllegalArgumentException if {@code value} is true and the dtype is not FLOAT32 or FLOAT64
     * @throws IllegalStateException if {@code value} is false and this tensor is the result of a recorded op (use
     *         {@link #detach()})
     */
    public Tensor requiresGrad(boolean value) {
        if (value && !dtype.isFloating()) {
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, this is "
                    + dtype);
        }
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false): this tensor is the result of an op; use detach()");
        }
        requiresGrad = value;
        return this;
    }

    /**
     * Marks this (leaf) tensor as a parameter whose gradient {@link #backward()} computes: {@code requiresGrad(true)}.
     *
     * @return this tensor
     * @throws IllegalArgumentException if the dtype is not FLOAT32 or FLOAT64
     */
    public Tensor requiresGrad() { return requiresGrad(true); }

    /**
     * Whether gradients flow to this tensor: set by {@link #requiresGrad(boolean)} on a leaf, and on the result of
     * every op recorded while an input required gradients.
     *
     * @return true when this tensor takes part in autograd
     */
    public boolean isRequiresGrad() { return requiresGrad; }

    /**
     * True when no recorded op produced this tensor (a parameter, an input, or a result computed without recording).
     *
     * @return whether this tensor is a leaf of the graph
     */
    public boolean isLeaf() { return gradFn == null; }

    /**
     * The gradient accumulated by {@link #backward()}: same shape as this tensor, dense, owned by this tensor (closed
     * with it, in no scope).
     *
     * @return the gradient, or null before the first backward pass and after {@link #zeroGrad()}
     */
    public Tensor grad() { return grad; }

    /**
     * In place: clears the accumulated gradient, closing it, so {@link #grad()} returns null and the next backward pass
     * starts from nothing.
     */
    public void zeroGrad() {
        Tensor g = grad;
        grad = null;
        if (g != null) g.close();
    }

    /**
     * Name of the op that produced this tensor, as recorded in the graph ({@code "add"}, {@code "matmul"},
     * {@code "reshape"}...).
     *
     * @return the op name, or null for a leaf
     */
    public String gradFnName() { return gradFn == null ? null : gradFn.op; }

    /**
     * A view of the same data that is cut from the graph: it does not require gradients and no gradient flows through
     * it. It shares the buffer, so in-place writes to either show in both; close it like any other tensor.
     *
     * @return a new tensor with this tensor's shape, strides and offset
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor detach() {
        ensureOpen("detach");
        storage.retain();
        return new Tensor(storage, shape, strides, offset);
    }

    /**
     * Back-propagates from this one-element tensor (seed 1), accumulating ({@code +=}) into the {@link #grad()} of
     * every leaf that requires gradients, then frees the graph. Runs without recording a graph itself.
     *
     * @throws IllegalArgumentException if this tensor does not have exactly one element (pass a gradient to
     *         {@link #backward(Tensor)})
     * @throws IllegalStateException if this tensor is closed or does not require gradients, if the graph was already
     *         freed by an earlier backward pass, or if a tensor the graph saved was modified in place since
     */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalArgumentException("backward: output " + Shapes.str(shape)
                    + " is not a scalar; pass the output gradient: backward(grad)");
        }
        backward(null, false);
    }

    /**
     * Back-propagates with the given gradient of this tensor, accumulating ({@code +=}) into the {@link #grad()} of
     * every leaf that requires gradients, then frees the graph.
     *
     * @param gradOutput the gradient of this tensor, of its shape (converted to its dtype); null seeds ones
     * @throws IllegalArgumentException if {@code gradOutput}'s shape differs from this tensor's
     * @throws IllegalStateException if this tensor is closed or does not require gradients, if the graph was already
     *         freed by an earlier backward pass, or if a tensor the graph saved was modified in place since
     */
    public void backward(Tensor gradOutput) { backward(gradOutput, false); }

    /**
     * Back-propagates, accumulating ({@code +=}) into the {@link #grad()} of every leaf that requires gradients. The
     * graph is freed afterwards unless {@code retainGraph}. Leaf gradients are added under a lock on the leaf, so
     * threads may run backward passes of their own graphs into shared weights.
     *
     * @param gradOutput the gradient of this tensor, of its shape (converted to its dtype); null seeds ones
     * @param retainGraph whether to keep the graph for another backward pass through it
     * @throws IllegalArgumentException if {@code gradOutput}'s shape differs from this tensor's
     * @throws IllegalStateException if this tensor is closed or does not require gradients, if the graph was already
     *         freed by an earlier backward pass, or if a tensor the graph saved was modified in place since
     */
    public void backward(Tensor gradOutput, boolean retainGraph) { Autograd.backward(this, gradOutput, retainGraph); }

    // =================================================================================================================
    // Conversion and movement between backends
    // =================================================================================================================

    /**
     * This tensor converted to {@code target}, as a new dense tensor, or this when the dtype already matches. Float to
     * integer truncates toward zero; anything to BOOL is {@code != 0}. Differentiable only between FLOAT32 and FLOAT64
     * (the gradient is cast back); other conversions are not recorded.
     *
     * @param target the dtype to convert to
     * @return this tensor or a new converted copy
     * @throws IllegalStateException if this tensor is closed and a conversion is needed
     */
    public Tensor to(DType target) {
        if (target == dtype) return this;
        Tensor out = copyAs(target);
        if (dtype.isFloating() && target.isFloating()) {
            Autograd.record(out, "cast", g -> new Tensor[] {g.to(dtype)}, this);
        }
        return out;
    }

    /**
     * A copy on {@code target} (this when already there), with the same dtype and shape; data crosses through the host.
     * Differentiable: the gradient is moved back to this tensor's backend.
     *
     * @param target the backend to copy to
     * @return this tensor or a new dense copy on {@code target}
     * @throws IllegalStateException if this tensor is closed and a copy is needed
     */
    public Tensor to(Backend target) {
        if (target == backend()) return this;
        ensureOpen("to");
        Tensor src = isContiguous() && offset == 0 && numel() == storage.buffer.size() ? this : contiguous();
        Object host = backend().download(src.storage.buffer);
        Tensor out = new TensorFactory(target).fromHost(dtype, host, shape);
        Backend from = backend();
        return Autograd.record(out, "to", g -> new Tensor[] {g.to(from)}, this);
    }

    /**
     * A copy on the backend called {@code backendName} (this when already there); see {@link #to(Backend)}.
     *
     * @param backendName a provider name such as {@code "cpu"}
     * @return this tensor or a new dense copy on that backend
     * @throws BackendUnavailableException if the backend is unknown, cannot run here, or fails to start
     * @throws IllegalStateException if this tensor is closed and a copy is needed
     */
    public Tensor to(String backendName) { return to(Backends.get(backendName)); }

    /**
     * A dense row-major copy, or this when already contiguous. Differentiable (the gradient passes through).
     *
     * @return this tensor or a new contiguous copy of the same dtype
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor contiguous() {
        if (isContiguous()) return this;
        return Autograd.record(copyAs(dtype), "contiguous", g -> new Tensor[] {g}, this);
    }

    /**
     * A fresh dense copy with the same dtype and shape, which never shares this tensor's buffer. Differentiable (the
     * gradient passes through).
     *
     * @return a new tensor
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor copy() {
        return Autograd.record(copyAs(dtype), "copy", g -> new Tensor[] {g}, this);
    }

    /** Untracked dense copy converted to {@code target}. */
    Tensor copyAs(DType target) {
        ensureOpen("copy");
        Tensor out = Ops.empty(backend(), target, shape);
        backend().copy(out.view(), view());
        return out;
    }

    /**
     * In place: overwrites this tensor's elements with {@code src} (broadcast to this shape, converted to this dtype).
     * The write goes through this view, so every tensor sharing the buffer sees it, and it bumps the buffer's version,
     * so a later backward pass through a graph that saved this buffer throws. A source that shares the buffer is copied
     * first. Refused while gradients are recorded for this tensor or {@code src}; use it under
     * {@link GradMode#disable()} (optimizers do).
     *
     * @param src the values, on the same backend, broadcastable to this shape
     * @return this tensor
     * @throws IllegalStateException if this tensor or {@code src} is closed, or if gradient recording is on and either
     *         of them requires gradients
     * @throws IllegalArgumentException if {@code src} is on another backend or does not broadcast to this shape
     */
    public Tensor assign(Tensor src) {
        ensureOpen("assign");
        Ops.sameBackend("assign", this, src);
        if (GradMode.isEnabled() && (requiresGrad || src.requiresGrad)) {
            throw new IllegalStateException("assign: in-place update of a tensor that takes part in autograd; "
                    + "wrap it in try (var g = GradMode.disable()) { ... }");
        }
        if (!Arrays.equals(Shapes.broadcast("assign", shape, src.shape), shape)) {
            throw new IllegalArgumentException("assign: source " + Shapes.str(src.shape)
                    + " does not broadcast to destination " + Shapes.str(shape));
        }
        Tensor s = src;
        if (src.storage == storage) s = src.copyAs(src.dtype); // never let copy read what it overwrites
        backend().copy(view(), s.expandedView(shape));
        storage.bumpVersion();
        if (s != src) s.close();
        return this;
    }

    /**
     * In place: sets every element to {@code value} (converted to the dtype). The write goes through this view, so
     * every tensor sharing the buffer sees it, and it bumps the buffer's version, so a later backward pass through a
     * graph that saved this buffer throws.
     *
     * @param value the value
     * @return this tensor
     * @throws IllegalStateException if this tensor is closed, or if gradient recording is on and it requires gradients
     */
    public Tensor fill(double value) {
        ensureOpen("fill");
        if (GradMode.isEnabled() && requiresGrad) {
            throw new IllegalStateException("fill: in-place update of a tensor that requires grad; use GradMode.disable()");
        }
        backend().fill(view(), value);
        storage.bumpVersion();
        return this;
    }

    // =================================================================================================================
    // Views
    // =================================================================================================================

    Tensor viewOf(int[] newShape, int[] newStrides, int newOffset) {
        ensureOpen("view");
        storage.retain();
        return new Tensor(storage, newShape, newStrides, newOffset);
    }

    /** Layout of this tensor broadcast to {@code target} (stride 0 on broadcast axes). */
    View expandedView(int[] target) {
        int[] st = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) st[i] = 0;
            else st[i] = shape[i - lead] == 1 && target[i] != 1 ? 0 : strides[i - lead];
        }
        ensureOpen("broadcast");
        return new View(storage.buffer, dtype, target, st, offset);
    }

    /**
     * Same data with a new shape; one axis may be -1 to infer its size. Returns a view sharing the buffer when the
     * layout allows it (this itself when nothing changes), else a contiguous copy. Differentiable.
     *
     * @param newShape the new sizes, with as many elements in all as this tensor
     * @return a tensor of shape {@code newShape}
     * @throws IllegalArgumentException if more than one size is -1, a size is otherwise negative, or the element count
     *         differs from {@code numel()}
     * @throws IllegalStateException if this tensor is closed and a new view or copy is needed
     */
    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape, true); }

    /**
     * Like {@link #reshape} but never copies: the result always shares the buffer (this itself when nothing changes).
     * Differentiable.
     *
     * @param newShape the new sizes; one may be -1
     * @return a view of shape {@code newShape}
     * @throws IllegalArgumentException if more than one size is -1, a size is otherwise negative, the element count
     *         differs from {@code size()}, or this layout cannot be viewed with {@code newShape} without copying (use
     *         {@link #reshape})
     * @throws IllegalStateException if this tensor is closed and a new view is needed
     */
    public Tensor view(int... newShape) { return Views.reshape(this, newShape, false); }

    /**
     * Reorders axes, as a view: axis {@code i} of the result is axis {@code order[i]} of this tensor, so
     * {@code permute(0, 2, 1)} turns {@code (B, T, C)} into {@code (B, C, T)}. Differentiable.
     *
     * @param order a permutation of the axes; negative entries count from the end
     * @return a view sharing the buffer
     * @throws IllegalArgumentException if {@code order} does not have {@code rank()} entries, or an entry is out of
     *         range or repeated
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor permute(int... order) { return Views.permute(this, order); }

    /**
     * Swaps two axes, as a view: {@code transpose(-1, -2)} turns {@code (..., m, n)} into {@code (..., n, m)}.
     * Differentiable.
     *
     * @param axis0 one axis, negative counting from the end
     * @param axis1 the other axis
     * @return a view sharing the buffer
     * @throws IllegalArgumentException if an axis is out of range
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor transpose(int axis0, int axis1) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int a = Shapes.axis("transpose", axis0, rank()), b = Shapes.axis("transpose", axis1, rank());
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /**
     * Transpose of a 2-D tensor, as a view: {@code (m, n) -> (n, m)}. Differentiable.
     *
     * @return a view sharing the buffer
     * @throws IllegalArgumentException if this tensor is not 2-D (use {@link #transpose(int, int)} or {@link #permute})
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor t() {
        if (rank() != 2) {
            throw new IllegalArgumentException("t: expects a 2-D tensor, got " + Shapes.str(shape)
                    + "; use transpose(a, b) or permute");
        }
        return transpose(0, 1);
    }

    /**
     * Broadcasts to {@code newShape} without copying (stride 0 on expanded axes): new axes are added at the front and
     * size-1 axes are repeated, as in NumPy. A -1 keeps a size. Differentiable: the gradient is summed over the
     * expanded axes. The result shares one element among many positions, so do not write to it in place.
     *
     * @param newShape the target sizes, with at least {@code rank()} axes
     * @return a view of shape {@code newShape}
     * @throws IllegalArgumentException if {@code newShape} has fewer axes than this tensor, gives -1 for a new leading
     *         axis, changes an axis whose size is not 1, or is negative or too large
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor expand(int... newShape) { return Views.expand(this, newShape); }

    /**
     * Same as {@link #expand}: broadcasts to {@code newShape} without copying. Differentiable.
     *
     * @param newShape the target sizes, with at least {@code rank()} axes; -1 keeps a size
     * @return a view of shape {@code newShape}
     * @throws IllegalArgumentException if {@code newShape} has fewer axes than this tensor, gives -1 for a new leading
     *         axis, changes an axis whose size is not 1, or is negative or too large
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor broadcastTo(int... newShape) { return expand(newShape); }

    /**
     * Elements {@code start, start+step, ...} below {@code end} along {@code axis}, as a view; negative indices count
     * from the end, and indices beyond the axis are clamped to it (as in Python), so the result may be empty.
     * Differentiable: the gradient is zero outside the slice.
     *
     * @param axis the axis to slice, negative counting from the end
     * @param start the first index (inclusive)
     * @param end the stop index (exclusive)
     * @param step the stride between taken indices, positive
     * @return a view with that axis shortened to {@code ceil((end - start) / step)} (after clamping), other axes
     *         unchanged
     * @throws IllegalArgumentException if {@code axis} is out of range or {@code step <= 0}
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor slice(int axis, int start, int end, int step) { return Views.slice(this, axis, start, end, step); }

    /**
     * Elements {@code start} to {@code end - 1} along {@code axis}, as a view: {@code slice(axis, start, end, 1)}.
     * Negative indices count from the end; out-of-range ones are clamped. Differentiable.
     *
     * @param axis the axis to slice, negative counting from the end
     * @param start the first index (inclusive)
     * @param end the stop index (exclusive)
     * @return a view with that axis shortened
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor slice(int axis, int start, int end) { return slice(axis, start, end, 1); }

    /**
     * The sub-tensor at {@code index} along {@code axis}, with that axis removed, as a view:
     * {@code (B, T, C).select(1, t) -> (B, C)}. Differentiable: the gradient is zero elsewhere.
     *
     * @param axis the axis, negative counting from the end
     * @param index the position along it, negative counting from the end
     * @return a view of rank {@code rank() - 1}
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IndexOutOfBoundsException if {@code index} is out of range for that axis
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor select(int axis, int index) { return Views.select(this, axis, index); }

    /**
     * Removes every axis of size 1 (through {@link #reshape}, so a view). Differentiable.
     *
     * @return a tensor of the same elements without size-1 axes (0-d when every axis has size 1)
     * @throws IllegalStateException if this tensor is closed and a new view is needed
     */
    public Tensor squeeze() {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < rank(); i++) if (shape[i] != 1) keep.add(i);
        int[] ns = new int[keep.size()];
        for (int i = 0; i < ns.length; i++) ns[i] = shape[keep.get(i)];
        return reshape(ns);
    }

    /**
     * Removes {@code axis}, which must have size 1 (through {@link #reshape}, so a view): {@code (B, 1, C) -> (B, C)}.
     * Differentiable.
     *
     * @param axis the axis to remove, negative counting from the end
     * @return a tensor of rank {@code rank() - 1}
     * @throws IllegalArgumentException if {@code axis} is out of range or its size is not 1
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, rank());
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of " + Shapes.str(shape) + " has size "
                    + shape[a] + ", not 1");
        }
        return reshape(Shapes.remove(shape, a));
    }

    /**
     * Inserts an axis of size 1 at {@code axis} (through {@link #reshape}, so a view): {@code unsqueeze(0)} turns
     * {@code (T, C)} into {@code (1, T, C)}. Differentiable.
     *
     * @param axis the position of the new axis in the result, from {@code -(rank() + 1)} to {@code rank()} (which
     *         appends)
     * @return a tensor of rank {@code rank() + 1}
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor unsqueeze(int axis) {
        int a = Shapes.axis("unsqueeze", axis, rank() + 1);
        return reshape(Shapes.insert(shape, a, 1));
    }

    /**
     * Flattens to 1-D: {@code (..., ) -> (size())}; a view when the layout allows it, else a copy (see
     * {@link #reshape}). Differentiable.
     *
     * @return a 1-D tensor of {@code size()} elements (this itself when already 1-D)
     * @throws IllegalStateException if this tensor is closed and a new view or copy is needed
     */
    public Tensor flatten() { return reshape(numel()); }

    /**
     * Flattens axes {@code start..end} (inclusive) into one: {@code flatten(0, 1)} turns {@code (B, T, C)} into
     * {@code (B*T, C)}. A view when the layout allows it, else a copy (see {@link #reshape}). Differentiable.
     *
     * @param start the first axis to merge, negative counting from the end
     * @param end the last axis to merge (inclusive), negative counting from the end
     * @return a tensor of rank {@code rank() - (end - start)}
     * @throws IllegalArgumentException if an axis is out of range or {@code start} comes after {@code end}
     * @throws IllegalStateException if this tensor is closed and a new view or copy is needed
     */
    public Tensor flatten(int start, int end) {
        int s = Shapes.axis("flatten", start, rank()), e = Shapes.axis("flatten", end, rank());
        if (s > e) throw new IllegalArgumentException("flatten: start axis " + start + " is after end axis " + end);
        int[] ns = new int[rank() - (e - s)];
        int m = 1;
        for (int i = s; i <= e; i++) m *= shape[i];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i < s || i > e) ns[j++] = shape[i];
            else if (i == s) ns[j++] = m;
        }
        return reshape(ns);
    }

    /**
     * Joins tensors along an existing axis into a new tensor (a copy, not a view), as {@code torch.cat}:
     * {@code (2, C)} and {@code (3, C)} along axis 0 give {@code (5, C)}. The result has the promoted dtype of all
     * inputs. Differentiable: each input gets its slice of the gradient, converted back to its dtype.
     *
     * @param tensors the tensors, of one rank and equal sizes on every other axis
     * @param axis the axis to join along, negative counting from the end
     * @return a new tensor
     * @throws IllegalArgumentException if there is no tensor, the tensors are 0-d or on different backends,
     *         {@code axis} is out of range, or their shapes differ on an axis other than {@code axis}
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor cat(List<Tensor> tensors, int axis) { return Views.cat(axis, tensors.toArray(new Tensor[0])); }

    /**
     * Joins tensors of one shape along a new axis into a new tensor, as {@code torch.stack}: N tensors
     * {@code (T, C)} stacked at axis 0 give {@code (N, T, C)}. The result has the promoted dtype of all inputs.
     * Differentiable.
     *
     * @param tensors the tensors, all of one shape
     * @param axis the position of the new axis in the result, from {@code -(rank + 1)} to {@code rank}
     * @return a new tensor
     * @throws IllegalArgumentException if there is no tensor, the shapes differ, {@code axis} is out of range, or the
     *         tensors are on different backends
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor stack(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: needs at least one tensor");
        Tensor[] expanded = new Tensor[tensors.size()];
        Tensor first = tensors.get(0);
        int a = Shapes.axis("stack", axis, first.rank() + 1);
        for (int i = 0; i < expanded.length; i++) {
            Tensor t = tensors.get(i);
            if (!Arrays.equals(t.shape, first.shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shapes.str(t.shape)
                        + " but tensor 0 has " + Shapes.str(first.shape) + "; all must match");
            }
            expanded[i] = t.unsqueeze(a);
        }
        return Views.cat(a, expanded);
    }

    /**
     * Splits along {@code axis} into pieces of the given sizes, as views (slices) sharing the buffer, as
     * {@code torch.split} with a list of sizes. Differentiable.
     *
     * @param sizes the size of each piece, adding up to the size of the axis
     * @param axis the axis to split, negative counting from the end
     * @return the pieces, in order
     * @throws IllegalArgumentException if {@code axis} is out of range, a size is negative, or the sizes do not add up
     *         to the size of the axis
     * @throws IllegalStateException if this tensor is closed
     */
    public List<Tensor> split(int[] sizes, int axis) {
        int a = Shapes.axis("split", axis, rank());
        int total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            total += s;
        }
        if (total != shape[a]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + total
                    + " but axis " + axis + " of " + Shapes.str(shape) + " has " + shape[a]);
        }
        List<Tensor> out = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            out.add(slice(a, start, start + s));
            start += s;
        }
        return out;
    }

    /**
     * Splits along {@code axis} into pieces of {@code size} elements, the last one smaller when the axis does not
     * divide evenly, as views, as {@code torch.split} with one size. Differentiable.
     *
     * @param size the size of each piece, positive
     * @param axis the axis to split, negative counting from the end
     * @return the pieces, in order; none for an empty axis
     * @throws IllegalArgumentException if {@code size <= 0} or {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed and the axis is not empty
     */
    public List<Tensor> split(int size, int axis) {
        if (size <= 0) throw new IllegalArgumentException("split: piece size must be positive, got " + size);
        int a = Shapes.axis("split", axis, rank());
        List<Tensor> out = new ArrayList<>();
        for (int start = 0; start < shape[a]; start += size) out.add(slice(a, start, Math.min(shape[a], start + size)));
        return out;
    }

    /**
     * Splits along {@code axis} into pieces of {@code ceil(n / chunks)} elements, where {@code n} is the axis size, as
     * views: the last piece may be smaller, and there are fewer than {@code chunks} pieces when {@code n} runs out
     * first (none for an empty axis). Differentiable.
     *
     * @param chunks the most pieces to make, positive
     * @param axis the axis to split, negative counting from the end
     * @return the pieces, in order
     * @throws IllegalArgumentException if {@code chunks <= 0} or {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed and the axis is not empty
     */
    public List<Tensor> chunk(int chunks, int axis) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        int n = shape[Shapes.axis("chunk", axis, rank())];
        return n == 0 ? new ArrayList<>() : split((n + chunks - 1) / chunks, axis);
    }

    // =================================================================================================================
    // Element-wise math (NumPy broadcasting; scalar overloads)
    // =================================================================================================================

    /**
     * Element-wise sum {@code this + other}, as a new tensor.
     *
     * <p>Shapes broadcast as in NumPy: {@code (B, T, C)} with {@code (C)} gives {@code (B, T, C)}. The operands are
     * promoted to the higher dtype ({@link DType}); BOOL with BOOL computes in INT32. Differentiable.
     *
     * @param other the right operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor add(Tensor other) { return Ops.binary(BinaryOp.ADD, this, other); }
    /**
     * Element-wise difference {@code this - other}, as a new tensor.
     *
     * <p>Shapes broadcast as in NumPy: {@code (B, T, C)} with {@code (C)} gives {@code (B, T, C)}. The operands are
     * promoted to the higher dtype ({@link DType}); BOOL with BOOL computes in INT32. Differentiable.
     *
     * @param other the right operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor sub(Tensor other) { return Ops.binary(BinaryOp.SUB, this, other); }
    /**
     * Element-wise product {@code this * other}, as a new tensor.
     *
     * <p>Shapes broadcast as in NumPy: {@code (B, T, C)} with {@code (C)} gives {@code (B, T, C)}. The operands are
     * promoted to the higher dtype ({@link DType}); BOOL with BOOL computes in INT32. Differentiable.
     *
     * @param other the right operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor mul(Tensor other) { return Ops.binary(BinaryOp.MUL, this, other); }
    /**
     * Element-wise quotient {@code this / other} (true division), as a new tensor.
     *
     * <p>Shapes broadcast as in NumPy: {@code (B, T, C)} with {@code (C)} gives {@code (B, T, C)}. The operands are
     * promoted to the higher dtype ({@link DType}), and to FLOAT32 when that is an integer or BOOL dtype.
     * Differentiable.
     *
     * @param other the divisor
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor div(Tensor other) { return Ops.binary(BinaryOp.DIV, this, other); }
    /**
     * Element-wise power {@code this ^ exponent}, as a new tensor.
     *
     * <p>Shapes broadcast as in NumPy: {@code (B, T, C)} with {@code (C)} gives {@code (B, T, C)}. The operands are
     * promoted to the higher dtype ({@link DType}), and to FLOAT32 when that is an integer or BOOL dtype. The gradient
     * with respect to the exponent is taken as 0 where the base is not positive. Differentiable.
     *
     * @param exponent the exponent
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor pow(Tensor exponent) { return Ops.binary(BinaryOp.POW, this, exponent); }
    /**
     * Element-wise maximum, as a new tensor (NaN propagates).
     *
     * <p>Shapes broadcast as in NumPy: {@code (B, T, C)} with {@code (C)} gives {@code (B, T, C)}. The operands are
     * promoted to the higher dtype ({@link DType}); BOOL with BOOL computes in INT32. Where the operands tie, each gets
     * half the gradient. Differentiable.
     *
     * @param other the other operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor maximum(Tensor other) { return Ops.binary(BinaryOp.MAX, this, other); }
    /**
     * Element-wise minimum, as a new tensor (NaN propagates).
     *
     * <p>Shapes broadcast as in NumPy: {@code (B, T, C)} with {@code (C)} gives {@code (B, T, C)}. The operands are
     * promoted to the higher dtype ({@link DType}); BOOL with BOOL computes in INT32. Where the operands tie, each gets
     * half the gradient. Differentiable.
     *
     * @param other the other operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor minimum(Tensor other) { return Ops.binary(BinaryOp.MIN, this, other); }

    /**
     * Adds the scalar {@code s} to every element, as a new tensor: {@code this + s}.
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a
     * whole number (INT64 for a whole {@code s} on a BOOL tensor); the tensor ops' promotion then applies.
     * Differentiable with respect to this tensor.
     *
     * @param s the scalar to add
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor add(double s) { return add(Ops.scalarFor(this, s)); }
    /**
     * Subtracts the scalar {@code s} from every element, as a new tensor: {@code this - s}.
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a
     * whole number (INT64 for a whole {@code s} on a BOOL tensor); the tensor ops' promotion then applies.
     * Differentiable with respect to this tensor.
     *
     * @param s the scalar to subtract
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor sub(double s) { return sub(Ops.scalarFor(this, s)); }
    /**
     * Multiplies every element by the scalar {@code s}, as a new tensor: {@code this * s}.
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a
     * whole number (INT64 for a whole {@code s} on a BOOL tensor); the tensor ops' promotion then applies.
     * Differentiable with respect to this tensor.
     *
     * @param s the factor
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor mul(double s) { return mul(Ops.scalarFor(this, s)); }
    /**
     * Divides every element by the scalar {@code s}, as a new tensor: {@code this / s}.
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a
     * whole number (INT64 for a whole {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Integer
     * results are computed in FLOAT32. Differentiable with respect to this tensor.
     *
     * @param s the divisor
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor div(double s) { return div(Ops.scalarFor(this, s)); }
    /**
     * Raises every element to the scalar {@code exponent}, as a new tensor: {@code this ^ exponent}.
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code exponent} is
     * not a whole number (INT64 for a whole {@code exponent} on a BOOL tensor); the tensor ops' promotion then applies.
     * Integer results are computed in FLOAT32. Differentiable with respect to this tensor.
     *
     * @param exponent the exponent
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor pow(double exponent) { return pow(Ops.scalarFor(this, exponent)); }
    /**
     * Element-wise {@code max(this, s)}, as a new tensor (NaN propagates).
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a
     * whole number (INT64 for a whole {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Elements
     * equal to {@code s} get half the gradient. Differentiable with respect to this tensor.
     *
     * @param s the lower bound
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor maximum(double s) { return maximum(Ops.scalarFor(this, s)); }
    /**
     * Element-wise {@code min(this, s)}, as a new tensor (NaN propagates).
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a
     * whole number (INT64 for a whole {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Elements
     * equal to {@code s} get half the gradient. Differentiable with respect to this tensor.
     *
     * @param s the upper bound
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor minimum(double s) { return minimum(Ops.scalarFor(this, s)); }
    /**
     * {@code s - this}, element-wise, as a new tensor.
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a
     * whole number (INT64 for a whole {@code s} on a BOOL tensor); the tensor ops' promotion then applies.
     * Differentiable with respect to this tensor.
     *
     * @param s the scalar to subtract from
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor rsub(double s) { return Ops.scalarFor(this, s).sub(this); }
    /**
     * {@code s / this}, element-wise, as a new tensor.
     *
     * <p>The scalar is a 0-d tensor of this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a
     * whole number (INT64 for a whole {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Integer
     * results are computed in FLOAT32. Differentiable with respect to this tensor.
     *
     * @param s the dividend
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor rdiv(double s) { return Ops.scalarFor(this, s).div(this); }

    /**
     * Any op of the element-wise table, as a new tensor: {@code x.apply(UnaryOp.EXP)} is {@code x.exp()}. For code
     * that chooses the op at run time (a layer configured by name, a test over the whole table). Ops that are not
     * {@link UnaryOp#acceptsIntegers() defined on integers} compute integer and BOOL input in FLOAT32. Differentiable.
     *
     * @param op the op
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor apply(UnaryOp op) { return Ops.unary(Objects.requireNonNull(op, "apply: op is null"), this); }

    /**
     * Element-wise negation {@code -x}, as a new tensor. INT32 and INT64 keep their dtype; BOOL is computed in FLOAT32.
     * Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor neg() { return Ops.unary(UnaryOp.NEG, this); }
    /**
     * Element-wise absolute value, as a new tensor. INT32 and INT64 keep their dtype; BOOL is computed in FLOAT32.
     * Differentiable (gradient {@code sign(x)}, so 0 at 0).
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor abs() { return Ops.unary(UnaryOp.ABS, this); }
    /**
     * Element-wise sign: -1, 0 or 1, as a new tensor. INT32 and INT64 keep their dtype; BOOL is computed in FLOAT32.
     * Its gradient is zero.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor sign() { return Ops.unary(UnaryOp.SIGN, this); }
    /**
     * Element-wise {@code e^x}, as a new tensor. Integer and BOOL inputs are computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor exp() { return Ops.unary(UnaryOp.EXP, this); }
    /**
     * Element-wise natural logarithm, as a new tensor. Integer and BOOL inputs are computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor log() { return Ops.unary(UnaryOp.LOG, this); }
    /**
     * Element-wise square root, as a new tensor. Integer and BOOL inputs are computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor sqrt() { return Ops.unary(UnaryOp.SQRT, this); }
    /**
     * Element-wise reciprocal square root {@code 1 / sqrt(x)}, as a new tensor. Integer and BOOL inputs are computed in
     * FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor rsqrt() { return Ops.unary(UnaryOp.RSQRT, this); }
    /**
     * Element-wise reciprocal {@code 1 / x}, as a new tensor. Integer and BOOL inputs are computed in FLOAT32.
     * Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor reciprocal() { return Ops.unary(UnaryOp.RECIP, this); }
    /**
     * Element-wise sine (radians), as a new tensor. Integer and BOOL inputs are computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor sin() { return Ops.unary(UnaryOp.SIN, this); }
    /**
     * Element-wise cosine (radians), as a new tensor. Integer and BOOL inputs are computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor cos() { return Ops.unary(UnaryOp.COS, this); }
    /**
     * Element-wise hyperbolic tangent, as a new tensor. Integer and BOOL inputs are computed in FLOAT32.
     * Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor tanh() { return Ops.unary(UnaryOp.TANH, this); }
    /**
     * Element-wise Gauss error function, as a new tensor. Integer and BOOL inputs are computed in FLOAT32.
     * Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor erf() { return Ops.unary(UnaryOp.ERF, this); }
    /**
     * Element-wise logistic sigmoid {@code 1 / (1 + e^-x)}, as a new tensor. Integer and BOOL inputs are computed in
     * FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor sigmoid() { return Ops.unary(UnaryOp.SIGMOID, this); }
    /**
     * {@code max(x, 0)} element-wise, as a new tensor, with gradient {@code where(x > 0, g, 0)} (0 at 0). INT32 and
     * INT64 keep their dtype; BOOL is computed in FLOAT32.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor relu() { return Ops.unary(UnaryOp.RELU, this); }
    /**
     * Exact GELU {@code 0.5 x (1 + erf(x / sqrt 2))}, element-wise, as a new tensor. Integer and BOOL inputs are
     * computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor gelu() { return Ops.unary(UnaryOp.GELU, this); }
    /**
     * GELU's tanh approximation {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} (as in GPT-2 and BERT's
     * original code), element-wise, as a new tensor. Integer and BOOL inputs are computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor geluTanh() { return Ops.unary(UnaryOp.GELU_TANH, this); }
    /**
     * {@code x * sigmoid(x)} (a.k.a. swish), element-wise, as a new tensor. Integer and BOOL inputs are computed in
     * FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor silu() { return Ops.unary(UnaryOp.SILU, this); }
    /**
     * {@code log(1 + e^x)} element-wise, and {@code x} itself above 20 (PyTorch's {@code softplus} with its default
     * beta 1 and threshold 20), as a new tensor. Integer and BOOL inputs are computed in FLOAT32. Differentiable: the
     * gradient is {@code sigmoid(x)}, and 1 above the threshold.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor softplus() { return Ops.unary(UnaryOp.SOFTPLUS, this); }
    /**
     * {@code log(1 + x)} element-wise, accurate for {@code x} near 0 where {@code add(1).log()} loses digits, as a new
     * tensor. NaN below -1. Integer and BOOL inputs are computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor log1p() { return Ops.unary(UnaryOp.LOG1P, this); }
    /**
     * {@code e^x - 1} element-wise, accurate for {@code x} near 0, as a new tensor. Integer and BOOL inputs are
     * computed in FLOAT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor expm1() { return Ops.unary(UnaryOp.EXPM1, this); }
    /**
     * The largest integer value not above each element, as a new floating tensor (integer and BOOL inputs are
     * computed in FLOAT32). Its gradient is zero everywhere, as in PyTorch.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor floor() { return Ops.unary(UnaryOp.FLOOR, this); }
    /**
     * The smallest integer value not below each element, as a new floating tensor (integer and BOOL inputs are
     * computed in FLOAT32). Its gradient is zero everywhere, as in PyTorch.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor ceil() { return Ops.unary(UnaryOp.CEIL, this); }
    /**
     * The nearest integer value of each element, halves to even (2.5 rounds to 2, as {@code torch.round} and
     * {@link Math#rint}), as a new floating tensor (integer and BOOL inputs are computed in FLOAT32). Its gradient is
     * zero everywhere.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor round() { return Ops.unary(UnaryOp.ROUND, this); }
    /**
     * Element-wise {@code x * x}, as a new tensor. The dtype is kept; BOOL computes in INT32. Differentiable.
     *
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor square() { return mul(this); }

    /**
     * {@code x} where {@code x > 0}, else {@code slope * x}, element-wise, as a new tensor. The dtype follows the
     * scalar rule of {@link #mul(double)}. Differentiable.
     *
     * @param slope the factor for elements that are not positive
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor leakyRelu(double slope) {
        return where(gt(0.0), this, mul(slope));
    }

    /**
     * Limits every element to {@code [min, max]}, as a new tensor ({@code maximum(min).minimum(max)}, so NaN
     * propagates). The dtype follows the scalar rule of {@link #maximum(double)}. Differentiable: the gradient passes
     * inside the range, is 0 outside it, and is split where an element ties a bound.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return a new tensor of this shape
     * @throws IllegalArgumentException if {@code min > max}
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor clamp(double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        return maximum(min).minimum(max);
    }

    /**
     * Limits every element from below, {@code max(x, min)}, as {@code torch.clamp(x, min=...)}; see
     * {@link #clamp(double, double)}. Differentiable.
     *
     * @param min the lower bound
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor clampMin(double min) { return maximum(min); }

    /**
     * Limits every element from above, {@code min(x, max)}, as {@code torch.clamp(x, max=...)}; see
     * {@link #clamp(double, double)}. Differentiable.
     *
     * @param max the upper bound
     * @return a new tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor clampMax(double max) { return minimum(max); }

    /**
     * The lower triangle of the last two axes, as {@code torch.tril}: elements with {@code column - row <= k} are kept,
     * the rest are 0 ({@code k = 0} keeps the diagonal, {@code k = -1} drops it). With {@code triu} this builds causal
     * attention masks. Differentiable.
     *
     * @param k the diagonal offset
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException if the tensor has fewer than 2 axes
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor tril(int k) { return Shaping.triangle(this, k, true); }
    /**
     * The lower triangle with the diagonal, {@code tril(0)}.
     *
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException if the tensor has fewer than 2 axes
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor tril() { return tril(0); }
    /**
     * The upper triangle of the last two axes, as {@code torch.triu}: elements with {@code column - row >= k} are kept,
     * the rest are 0. Differentiable.
     *
     * @param k the diagonal offset
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException if the tensor has fewer than 2 axes
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor triu(int k) { return Shaping.triangle(this, k, false); }
    /**
     * The upper triangle with the diagonal, {@code triu(0)}.
     *
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException if the tensor has fewer than 2 axes
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor triu() { return triu(0); }

    /**
     * This tensor repeated along each axis, as {@code torch.Tensor.repeat} (NumPy's {@code tile}): shape
     * {@code (2, 3)} repeated {@code (2, 1, 2)} gives {@code (2, 2, 6)}. Extra leading counts add axes. A copy.
     * Differentiable (the gradient sums the copies).
     *
     * @param reps one count per axis, at least as many as the rank, each {@code >= 0}
     * @return a new tensor
     * @throws IllegalArgumentException if there are fewer counts than axes or a count is negative
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor repeat(int... reps) { return Shaping.repeat(this, reps); }
    /**
     * As {@link #repeat(int...)}, but fewer counts than axes are allowed and apply to the last axes, as
     * {@code torch.tile}.
     *
     * @param reps the counts, each {@code >= 0}
     * @return a new tensor
     * @throws IllegalArgumentException if a count is negative
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor tile(int... reps) { return Shaping.tile(this, reps); }

    /**
     * Pads with a constant, as {@code F.pad(x, pads, value=value)}: {@code pads} holds (before, after) pairs starting
     * from the last axis, so {@code {1, 2}} adds one column on the left and two on the right, and {@code {1, 1, 2, 2}}
     * also two rows above and below. Differentiable.
     *
     * @param pads pairs of non-negative sizes, at most one pair per axis
     * @param value the fill value
     * @return a new, larger tensor of this dtype
     * @throws IllegalArgumentException if {@code pads} has an odd length, too many pairs or a negative size
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor pad(int[] pads, double value) { return Shaping.pad(this, pads, PadMode.CONSTANT, value); }
    /**
     * Pads by {@code mode} (constant 0, reflect, replicate or circular), as {@code F.pad(x, pads, mode)}; see
     * {@link #pad(int[], double)} for the order of {@code pads}. Reflect padding must be smaller than its axis.
     * Differentiable.
     *
     * @param pads pairs of non-negative sizes, at most one pair per axis
     * @param mode how the border is filled
     * @return a new, larger tensor of this dtype
     * @throws IllegalArgumentException if {@code pads} does not fit the tensor or the mode (named in the message)
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor pad(int[] pads, PadMode mode) { return Shaping.pad(this, pads, mode, 0.0); }

    // comparisons: BOOL results, no gradient
    /**
     * Element-wise {@code this < other}, as a new BOOL tensor. Shapes broadcast as in NumPy and the operands are
     * compared in their promoted dtype ({@link DType}). Not differentiable: no gradient is recorded.
     *
     * @param other the right operand
     * @return a new BOOL tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor lt(Tensor other) { return Ops.binary(BinaryOp.CMPLT, this, other); }
    /**
     * Element-wise {@code this <= other}, as a new BOOL tensor. Shapes broadcast as in NumPy and the operands are
     * compared in their promoted dtype ({@link DType}). Not differentiable: no gradient is recorded.
     *
     * @param other the right operand
     * @return a new BOOL tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor le(Tensor other) { return Ops.binary(BinaryOp.CMPLE, this, other); }
    /**
     * Element-wise {@code this > other}, as a new BOOL tensor. Shapes broadcast as in NumPy and the operands are
     * compared in their promoted dtype ({@link DType}). Not differentiable: no gradient is recorded.
     *
     * @param other the right operand
     * @return a new BOOL tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor gt(Tensor other) { return Ops.binary(BinaryOp.CMPLT, other, this); }
    /**
     * Element-wise {@code this >= other}, as a new BOOL tensor. Shapes broadcast as in NumPy and the operands are
     * compared in their promoted dtype ({@link DType}). Not differentiable: no gradient is recorded.
     *
     * @param other the right operand
     * @return a new BOOL tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor ge(Tensor other) { return Ops.binary(BinaryOp.CMPLE, other, this); }
    /**
     * Element-wise {@code this == other}, as a new BOOL tensor. Shapes broadcast as in NumPy and the operands are
     * compared in their promoted dtype ({@link DType}). Not differentiable: no gradient is recorded.
     *
     * @param other the right operand
     * @return a new BOOL tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor eq(Tensor other) { return Ops.binary(BinaryOp.CMPEQ, this, other); }
    /**
     * Element-wise {@code this != other}, as a new BOOL tensor. Shapes broadcast as in NumPy and the operands are
     * compared in their promoted dtype ({@link DType}). Not differentiable: no gradient is recorded.
     *
     * @param other the right operand
     * @return a new BOOL tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor ne(Tensor other) { return Ops.binary(BinaryOp.CMPNE, this, other); }
    /**
     * Element-wise {@code this < s} against the scalar {@code s}, as a new BOOL tensor. The scalar is a 0-d tensor of
     * this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a whole number (INT64 for a whole
     * {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Not differentiable.
     *
     * @param s the scalar to compare with
     * @return a new BOOL tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor lt(double s) { return lt(Ops.scalarFor(this, s)); }
    /**
     * Element-wise {@code this <= s} against the scalar {@code s}, as a new BOOL tensor. The scalar is a 0-d tensor of
     * this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a whole number (INT64 for a whole
     * {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Not differentiable.
     *
     * @param s the scalar to compare with
     * @return a new BOOL tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor le(double s) { return le(Ops.scalarFor(this, s)); }
    /**
     * Element-wise {@code this > s} against the scalar {@code s}, as a new BOOL tensor. The scalar is a 0-d tensor of
     * this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a whole number (INT64 for a whole
     * {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Not differentiable.
     *
     * @param s the scalar to compare with
     * @return a new BOOL tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor gt(double s) { return gt(Ops.scalarFor(this, s)); }
    /**
     * Element-wise {@code this >= s} against the scalar {@code s}, as a new BOOL tensor. The scalar is a 0-d tensor of
     * this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a whole number (INT64 for a whole
     * {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Not differentiable.
     *
     * @param s the scalar to compare with
     * @return a new BOOL tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor ge(double s) { return ge(Ops.scalarFor(this, s)); }
    /**
     * Element-wise {@code this == s} against the scalar {@code s}, as a new BOOL tensor. The scalar is a 0-d tensor of
     * this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a whole number (INT64 for a whole
     * {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Not differentiable.
     *
     * @param s the scalar to compare with
     * @return a new BOOL tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor eq(double s) { return eq(Ops.scalarFor(this, s)); }
    /**
     * Element-wise {@code this != s} against the scalar {@code s}, as a new BOOL tensor. The scalar is a 0-d tensor of
     * this dtype, or FLOAT32 when this is an integer tensor and {@code s} is not a whole number (INT64 for a whole
     * {@code s} on a BOOL tensor); the tensor ops' promotion then applies. Not differentiable.
     *
     * @param s the scalar to compare with
     * @return a new BOOL tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor ne(double s) { return ne(Ops.scalarFor(this, s)); }

    /**
     * Element-wise logical and of two masks (any dtype: non-zero is true), as a new BOOL tensor. Shapes broadcast as in
     * NumPy. Not differentiable.
     *
     * @param other the other mask
     * @return a new BOOL tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor and(Tensor other) { return Ops.asInt(this).minimum(Ops.asInt(other)).ne(0.0); }

    /**
     * Element-wise logical or of two masks (any dtype: non-zero is true), as a new BOOL tensor. Shapes broadcast as in
     * NumPy. Not differentiable.
     *
     * @param other the other mask
     * @return a new BOOL tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor or(Tensor other) { return Ops.asInt(this).maximum(Ops.asInt(other)).ne(0.0); }

    /**
     * Element-wise logical not of a mask (any dtype: non-zero is true), as a new BOOL tensor. Not differentiable.
     *
     * @return a new BOOL tensor of this shape
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor not() { return Ops.asMask(this).eq(0.0); }

    /**
     * {@code cond ? a : b} element-wise, as a new tensor, broadcasting all three; {@code cond} is converted to BOOL
     * ({@code != 0}) if needed. The result has the promoted dtype of {@code a} and {@code b}. Differentiable with
     * respect to {@code a} and {@code b}: each gets the gradient where it was chosen, 0 elsewhere.
     *
     * @param cond the condition mask
     * @param a the values where {@code cond} is true
     * @param b the values where {@code cond} is false
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the three shapes do not broadcast together or the tensors are on different
     *         backends
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Ops.where(cond, a, b); }

    /**
     * {@code cond ? a : b} element-wise with a scalar {@code b}, as a new tensor; see
     * {@link #where(Tensor, Tensor, Tensor)}. The scalar takes {@code a}'s dtype, or FLOAT32 when {@code a} is an
     * integer tensor and {@code b} is not a whole number (INT64 for a whole {@code b} with a BOOL {@code a}).
     * Differentiable with respect to {@code a}.
     *
     * @param cond the condition mask (converted to BOOL with {@code != 0} if needed)
     * @param a the values where {@code cond} is true
     * @param b the value where {@code cond} is false
     * @return a new tensor of the broadcast shape of {@code cond} and {@code a}
     * @throws IllegalArgumentException if the three shapes do not broadcast together or the tensors are on different
     *         backends
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor where(Tensor cond, Tensor a, double b) { return Ops.where(cond, a, Ops.scalarFor(a, b)); }

    /**
     * This tensor with {@code value} where {@code mask} is true, as a new tensor (this one is not modified):
     * {@code where(mask, value, this)}. The mask broadcasts with this shape (an attention mask {@code (T, T)} on scores
     * {@code (B, H, T, T)}); the dtype follows the scalar rule of {@link #add(double)}. Differentiable with respect to
     * this tensor: the gradient is 0 at the filled positions.
     *
     * @param mask a BOOL mask, as comparisons return
     * @param value the fill value
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if {@code mask} is not BOOL, the shapes do not broadcast, or the tensors are on
     *         different backends
     * @throws IllegalStateException if this tensor or {@code mask} is closed
     */
    public Tensor maskedFill(Tensor mask, double value) {
        if (mask.dtype != DType.BOOL) {
            throw new IllegalArgumentException("maskedFill: mask must be bool (from a comparison), got " + mask.dtype);
        }
        return Ops.where(mask, Ops.scalarFor(this, value), this);
    }

    // =================================================================================================================
    // Reductions (axes may be negative; no axes = all)
    // =================================================================================================================

    /**
     * The sum of all elements, as a new 0-d tensor (0 for an empty tensor). Floating dtypes are kept; integer and BOOL
     * elements sum in INT64. Differentiable.
     *
     * @return a new 0-d tensor
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor sum() { return Reductions.sum(this, new int[0], false); }
    /**
     * Sums along one axis, as a new tensor: {@code (B, T, C).sum(1, false) -> (B, C)}. Floating dtypes are kept;
     * integer and BOOL elements sum in INT64. Differentiable.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with that axis removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, new int[] {axis}, keepDim); }
    /**
     * Sums along several axes, as a new tensor. Floating dtypes are kept; integer and BOOL elements sum in INT64.
     * Differentiable.
     *
     * @param axes the axes to reduce, negative counting from the end; empty means every axis
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with those axes removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor sum(int[] axes, boolean keepDim) { return Reductions.sum(this, axes, keepDim); }
    /**
     * The mean of all elements, as a new 0-d tensor. FLOAT32 and FLOAT64 are kept; integer and BOOL inputs give
     * FLOAT32. Differentiable.
     *
     * @return a new 0-d tensor
     * @throws IllegalArgumentException if this tensor has no elements
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor mean() { return Reductions.mean(this, new int[0], false); }
    /**
     * The mean along one axis, as a new tensor: {@code (B, T, C).mean(-1, true) -> (B, T, 1)}. FLOAT32 and FLOAT64 are
     * kept; integer and BOOL inputs give FLOAT32. Differentiable.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with that axis removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor mean(int axis, boolean keepDim) { return Reductions.mean(this, new int[] {axis}, keepDim); }
    /**
     * The mean along several axes, as a new tensor. FLOAT32 and FLOAT64 are kept; integer and BOOL inputs give FLOAT32.
     * Differentiable.
     *
     * @param axes the axes to reduce, negative counting from the end; empty means every axis
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with those axes removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if an axis is out of range or repeated, or the reduced axes hold no element
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor mean(int[] axes, boolean keepDim) { return Reductions.mean(this, axes, keepDim); }
    /**
     * The maximum of all elements, as a new 0-d tensor. The dtype is kept (BOOL gives INT32). Differentiable: the
     * gradient goes to the extreme elements, split evenly among ties.
     *
     * @return a new 0-d tensor
     * @throws IllegalArgumentException if this tensor has no elements
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor max() { return Reductions.extreme(ReduceOp.MAX, this, new int[0], false); }
    /**
     * The maximum along one axis, as a new tensor (values only; see {@code argmax} for indices). The dtype is kept
     * (BOOL gives INT32). Differentiable: the gradient goes to the extreme elements, split evenly among ties.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with that axis removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor max(int axis, boolean keepDim) { return Reductions.extreme(ReduceOp.MAX, this, new int[] {axis}, keepDim); }
    /**
     * The maximum along several axes, as a new tensor. The dtype is kept (BOOL gives INT32). Differentiable: the
     * gradient goes to the extreme elements, split evenly among ties.
     *
     * @param axes the axes to reduce, negative counting from the end; empty means every axis
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with those axes removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if an axis is out of range, repeated or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor max(int[] axes, boolean keepDim) { return Reductions.extreme(ReduceOp.MAX, this, axes, keepDim); }
    /**
     * The minimum of all elements, as a new 0-d tensor. The dtype is kept (BOOL gives INT32). Differentiable: the
     * gradient goes to the extreme elements, split evenly among ties.
     *
     * @return a new 0-d tensor
     * @throws IllegalArgumentException if this tensor has no elements
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor min() { return Reductions.extreme(ReduceOp.MIN, this, new int[0], false); }
    /**
     * The minimum along one axis, as a new tensor (values only; see {@code argmin} for indices). The dtype is kept
     * (BOOL gives INT32). Differentiable: the gradient goes to the extreme elements, split evenly among ties.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with that axis removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor min(int axis, boolean keepDim) { return Reductions.extreme(ReduceOp.MIN, this, new int[] {axis}, keepDim); }
    /**
     * The minimum along several axes, as a new tensor. The dtype is kept (BOOL gives INT32). Differentiable: the
     * gradient goes to the extreme elements, split evenly among ties.
     *
     * @param axes the axes to reduce, negative counting from the end; empty means every axis
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with those axes removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if an axis is out of range, repeated or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor min(int[] axes, boolean keepDim) { return Reductions.extreme(ReduceOp.MIN, this, axes, keepDim); }
    /**
     * Index (INT64) of the first maximum along {@code axis}, as a new tensor:
     * {@code (B, T, V).argmax(-1, false) -> (B, T)}. Not differentiable.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new INT64 tensor with that axis removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor argmax(int axis, boolean keepDim) { return Reductions.arg(ReduceOp.ARGMAX, this, axis, keepDim); }
    /**
     * Index (INT64) of the first maximum along {@code axis}, which is removed: {@code argmax(axis, false)}. Not
     * differentiable.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @return a new INT64 tensor of rank {@code rank() - 1}
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor argmax(int axis) { return argmax(axis, false); }
    /**
     * Index (INT64) of the first maximum of the flattened tensor (row-major order). Not differentiable.
     *
     * @return a new 0-d INT64 tensor
     * @throws IllegalArgumentException if this tensor has no elements
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor argmax() { return flatten().argmax(0, false); }
    /**
     * Index (INT64) of the first minimum along {@code axis}, as a new tensor:
     * {@code (B, T, V).argmin(-1, false) -> (B, T)}. Not differentiable.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new INT64 tensor with that axis removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor argmin(int axis, boolean keepDim) { return Reductions.arg(ReduceOp.ARGMIN, this, axis, keepDim); }
    /**
     * Index (INT64) of the first minimum along {@code axis}, which is removed: {@code argmin(axis, false)}. Not
     * differentiable.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @return a new INT64 tensor of rank {@code rank() - 1}
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor argmin(int axis) { return argmin(axis, false); }
    /**
     * Index (INT64) of the first minimum of the flattened tensor (row-major order). Not differentiable.
     *
     * @return a new 0-d INT64 tensor
     * @throws IllegalArgumentException if this tensor has no elements
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor argmin() { return flatten().argmin(0, false); }
    /**
     * Variance along {@code axes}, as a new tensor: the sum of squared deviations from the mean divided by
     * {@code n - correction}, where {@code n} counts the reduced elements ({@code correction} 1 is Bessel's correction,
     * 0 the population variance). Integer and BOOL inputs give FLOAT32. Differentiable.
     *
     * @param axes the axes to reduce, negative counting from the end; empty means every axis
     * @param correction subtracted from the element count in the divisor, at least 0
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with those axes removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code correction} is negative, an axis is out of range or repeated, or
     *         {@code n - correction <= 0}
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor var(int[] axes, int correction, boolean keepDim) { return Reductions.var(this, axes, correction, keepDim); }
    /**
     * Sample variance (Bessel's correction) of all elements, as a new 0-d tensor. Integer and BOOL inputs give FLOAT32.
     * Differentiable.
     *
     * @return a new 0-d tensor
     * @throws IllegalArgumentException if this tensor has fewer than two elements
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor var() { return var(new int[0], 1, false); }
    /**
     * Standard deviation along {@code axes}: the square root of {@link #var(int[], int, boolean)}. Integer and BOOL
     * inputs give FLOAT32. Differentiable.
     *
     * @param axes the axes to reduce, negative counting from the end; empty means every axis
     * @param correction subtracted from the element count in the divisor, at least 0 (1: Bessel's correction)
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with those axes removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code correction} is negative, an axis is out of range or repeated, or
     *         {@code n - correction <= 0}
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor std(int[] axes, int correction, boolean keepDim) { return var(axes, correction, keepDim).sqrt(); }
    /**
     * Sample standard deviation (Bessel's correction) of all elements, as a new 0-d tensor. Integer and BOOL inputs
     * give FLOAT32. Differentiable.
     *
     * @return a new 0-d tensor
     * @throws IllegalArgumentException if this tensor has fewer than two elements
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor std() { return var().sqrt(); }
    /**
     * {@code log(sum(exp(x)))} along {@code axis}, as a new tensor, computed stably by shifting by the maximum (rows
     * whose maximum is infinite are not shifted, so they give an infinity rather than NaN). Integer and BOOL inputs
     * give FLOAT32. Differentiable.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep each reduced axis with size 1 (so the result broadcasts against this tensor)
     * @return a new tensor with that axis removed, or of size 1 when {@code keepDim}
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor logSumExp(int axis, boolean keepDim) { return Reductions.logSumExp(this, new int[] {axis}, keepDim); }
    /**
     * {@code log(sum(exp(x)))} over several axes at once (every axis for an empty array), as {@code torch.logsumexp}
     * with a tuple of dims; computed as {@link #logSumExp(int, boolean)}. Differentiable.
     *
     * @param axes the axes to reduce, negative counting from the end; empty for all
     * @param keepDim whether to keep each reduced axis with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if an axis is out of range, repeated or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor logSumExp(int[] axes, boolean keepDim) { return Reductions.logSumExp(this, axes, keepDim); }
    /**
     * The vector p-norm over {@code axes} (every axis for an empty array), as {@code torch.linalg.vector_norm}:
     * {@code sum(|x|^p)^(1/p)}; p = 1 is the sum of magnitudes, p = 2 the Euclidean length, p = infinity
     * ({@link Double#POSITIVE_INFINITY}) the largest magnitude. Integer and BOOL inputs give FLOAT32. Differentiable,
     * with gradient 0 at a zero vector (as PyTorch).
     *
     * @param p the order, positive
     * @param axes the axes to reduce, negative counting from the end; empty for all
     * @param keepDim whether to keep each reduced axis with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if {@code p <= 0} or NaN, or an axis is out of range or repeated
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor norm(double p, int[] axes, boolean keepDim) { return Reductions.norm(this, p, axes, keepDim); }
    /**
     * The Euclidean (2-) norm of all elements, as a 0-d tensor. Differentiable.
     *
     * @return a new 0-d tensor
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor norm() { return norm(2, new int[0], false); }

    /**
     * The elements along {@code axis} at the positions {@code index} gives, as PyTorch's {@code gather} and NumPy's
     * {@code take_along_axis}: {@code out[i][j] = this[index[i][j]][j]} for axis 0 of a matrix. {@code index} has this
     * tensor's rank and is no larger on the other axes; the result has its shape. Differentiable in this tensor (the
     * gradient is scattered back and adds up where an index repeats).
     *
     * @param axis the axis to pick along, negative counting from the end
     * @param index INT32 or INT64 positions, each in {@code [0, shape(axis))}
     * @return a new tensor of {@code index}'s shape and this tensor's dtype
     * @throws IllegalArgumentException if the ranks differ, {@code index} is larger on another axis, is not an integer
     *         tensor, or lives on another backend
     * @throws IndexOutOfBoundsException if an index value is out of range
     * @throws IllegalStateException if a tensor is closed
     */
    public Tensor gather(int axis, Tensor index) { return Sorting.gather(this, axis, index); }
    /**
     * Sorts along {@code axis}, as {@code torch.sort(stable=True)}: equal values keep their order, NaN sorts above
     * every number. The order is computed on the host on every backend (the values are downloaded, sorted and the
     * indices uploaded); the values are then gathered on the backend, so they are differentiable.
     *
     * @param axis the axis to sort, negative counting from the end
     * @param descending largest first when true
     * @return the sorted values and, INT64, the positions they came from
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed
     */
    public ValuesAndIndices sort(int axis, boolean descending) { return Sorting.sort(this, axis, descending); }
    /**
     * The positions that sort this tensor along {@code axis} (see {@link #sort(int, boolean)}), as INT64.
     *
     * @param axis the axis to sort, negative counting from the end
     * @param descending largest first when true
     * @return a new INT64 tensor of this shape
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor argsort(int axis, boolean descending) { return Sorting.argsort(this, axis, descending); }
    /**
     * The {@code k} largest (or smallest) elements along {@code axis}, in order, and their positions, as
     * {@code torch.topk}; ties keep their order. Ordered on the host as {@link #sort(int, boolean)}.
     *
     * @param k how many, from 0 to the axis size
     * @param axis the axis, negative counting from the end
     * @param largest the largest first when true, else the smallest first
     * @return values and INT64 positions, each with {@code k} along {@code axis}
     * @throws IllegalArgumentException if {@code k} or {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed
     */
    public ValuesAndIndices topk(int k, int axis, boolean largest) { return Sorting.topk(this, k, axis, largest); }
    /**
     * The maximum along {@code axis} and the position of its first occurrence, as {@code torch.max(x, dim)}: the
     * backend's argmax kernel finds the positions, the values are gathered from them. Differentiable in the values:
     * the whole gradient goes to that first position (PyTorch's rule for {@code max(dim)}).
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep the axis with size 1
     * @return the maxima and their INT64 positions
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public ValuesAndIndices maxWithIndices(int axis, boolean keepDim) {
        return Sorting.extremeWithIndex(this, axis, keepDim, true);
    }
    /**
     * The minimum along {@code axis} and the position of its first occurrence, as {@code torch.min(x, dim)}; see
     * {@link #maxWithIndices(int, boolean)}.
     *
     * @param axis the axis to reduce, negative counting from the end
     * @param keepDim whether to keep the axis with size 1
     * @return the minima and their INT64 positions
     * @throws IllegalArgumentException if {@code axis} is out of range or empty
     * @throws IllegalStateException if this tensor is closed
     */
    public ValuesAndIndices minWithIndices(int axis, boolean keepDim) {
        return Sorting.extremeWithIndex(this, axis, keepDim, false);
    }

    /**
     * Running sums along {@code axis}, as {@code torch.cumsum}: {@code out[i] = x[0] + ... + x[i]}. INT32 and BOOL
     * give INT64 (as PyTorch), other dtypes are kept. Computed as log2(n) shifted additions, so it runs on every
     * backend. Differentiable (the gradient is the reversed running sum).
     *
     * @param axis the axis, negative counting from the end
     * @return a new tensor of this shape
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor cumsum(int axis) { return Shaping.cumsum(this, axis); }

    /**
     * Two-operand (or one-operand) Einstein summation, as {@code torch.einsum}: {@code einsum("bij,bjk->bik", a, b)}
     * is a batched matmul, {@code "i,j->ij"} an outer product, {@code "ij->ji"} a transpose, {@code "ij->"} a sum.
     * Without {@code ->} the output is the letters that occur once, alphabetically. Runs as one batched matmul after
     * permutes and reshapes. A leading {@code ...} covers the same axes in every operand ({@code "...qd,...kd->...qk"};
     * their sizes must be equal, not broadcast). Differentiable. Not supported yet: a letter repeated within one
     * operand (diagonals), an ellipsis that is not leading, more than two operands.
     *
     * @param equation the subscripts, such as {@code "bhqd,bhkd->bhqk"}
     * @param operands one or two tensors, one letter per axis
     * @return a new tensor with the output's axes
     * @throws IllegalArgumentException if the equation does not fit the operands (named in the message) or uses what
     *         is not supported
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor einsum(String equation, Tensor... operands) { return Einsum.einsum(equation, operands); }

    // =================================================================================================================
    // Linear algebra
    // =================================================================================================================

    /**
     * Matrix product with NumPy's rules: 1-D x 1-D is a dot product, 2-D x 2-D a matrix product, higher ranks are
     * batches of matrices whose batch axes broadcast: {@code (..., m, k) x (..., k, n) -> (..., m, n)}. A 1-D left
     * operand is treated as {@code (1, k)} and a 1-D right one as {@code (k, 1)}, and the added axis is removed from
     * the result. Transposed (permuted) operands are passed to the kernel as strides, without a copy.
     *
     * <p>Dtypes: integer and BOOL operands are converted to FLOAT32, then both to the higher of the two (FLOAT32 with
     * FLOAT64 runs in FLOAT64). Differentiable with respect to both operands.
     *
     * @param other the right operand, on the same backend
     * @return a new tensor; 0-d for two vectors
     * @throws IllegalArgumentException if an operand is 0-d, the inner dimensions differ, the batch axes do not
     *         broadcast, or the operands are on different backends
     * @throws IllegalStateException if either operand is closed
     */
    public Tensor matmul(Tensor other) { return Ops.matmul(this, other); }

    // =================================================================================================================
    // Indexing
    // =================================================================================================================

    /**
     * Picks entries along {@code axis} by integer {@code index} (any shape), as a new tensor: the result has
     * {@code shape[:axis] + index.shape + shape[axis+1:]} and this dtype. With a (V, D) table and (B, T) token ids,
     * axis 0 gives the (B, T, D) embedding lookup. Differentiable with respect to this tensor: the gradient is
     * scattered back and added up where an index repeats.
     *
     * @param axis the axis to index, negative counting from the end
     * @param index INT32 or INT64 positions in {@code [0, shape(axis))}
     * @return a new tensor
     * @throws IllegalArgumentException if {@code index} is not INT32 or INT64, {@code axis} is out of range, the
     *         tensors are on different backends, or this tensor is 0-d
     * @throws IndexOutOfBoundsException if an index value is outside {@code [0, shape(axis))}
     * @throws IllegalStateException if this tensor or {@code index} is closed
     */
    public Tensor indexSelect(int axis, Tensor index) { return Indexing.indexSelect(this, axis, index); }

    /**
     * A copy of this tensor with {@code src} slices added at {@code index} along {@code axis} (repeated indices
     * accumulate); this tensor is not modified. Slice {@code i} of {@code src} along {@code axis} is added at position
     * {@code index[i]} of the flattened index. The result has the promoted dtype of this tensor and {@code src}.
     * Differentiable: this tensor gets the whole gradient, {@code src} the gradient gathered at {@code index}.
     *
     * @param axis the axis to scatter along, negative counting from the end
     * @param index INT32 or INT64 positions in {@code [0, shape(axis))}, of any shape (flattened)
     * @param src the values: this shape with {@code axis} replaced by {@code index.numel()}
     * @return a new tensor of this shape
     * @throws IllegalArgumentException if {@code index} is not INT32 or INT64, {@code axis} is out of range, the
     *         tensors are on different backends, or {@code src} does not have the shape described above
     * @throws IndexOutOfBoundsException if an index value is outside {@code [0, shape(axis))}
     * @throws IllegalStateException if a tensor is closed
     */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) { return Indexing.scatterAdd(this, axis, index, src); }

    /**
     * One-hot FLOAT32 encoding of this integer tensor, as a new tensor: shape {@code shape + [numClasses]}, so
     * {@code (B, T)} labels give {@code (B, T, numClasses)}. Not differentiable.
     *
     * @param numClasses the number of classes, positive
     * @return a new FLOAT32 tensor of 0s and 1s
     * @throws IllegalArgumentException if {@code numClasses <= 0} or this tensor is not INT32 or INT64
     * @throws IndexOutOfBoundsException if a value is outside {@code [0, numClasses)}
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses, DType.FLOAT32); }

    /**
     * One-hot encoding of this integer tensor in {@code dtype}, as a new tensor: shape {@code shape + [numClasses]}.
     * Not differentiable.
     *
     * @param numClasses the number of classes, positive
     * @param dtype the element type of the result
     * @return a new tensor of 0s and 1s (false and true for BOOL)
     * @throws IllegalArgumentException if {@code numClasses <= 0} or this tensor is not INT32 or INT64
     * @throws IndexOutOfBoundsException if a value is outside {@code [0, numClasses)}
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor oneHot(int numClasses, DType dtype) { return Indexing.oneHot(this, numClasses, dtype); }

    // =================================================================================================================
    // Composites (written once from primitives; backends may run fused kernels)
    // =================================================================================================================

    /**
     * {@code exp(x) / sum(exp(x))} along {@code axis}, as a new tensor of this shape, computed stably (shifted by the
     * maximum). Integer and BOOL inputs give FLOAT32. A 0-d tensor gives 1. Differentiable; backends may run a fused
     * kernel on the last axis.
     *
     * @param axis the axis to normalize, negative counting from the end
     * @return a new tensor whose entries along {@code axis} add up to 1
     * @throws IllegalArgumentException if {@code axis} is out of range (a 0-d tensor accepts any axis)
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor softmax(int axis) { return Functional.softmax(this, axis); }
    /**
     * {@code x - logSumExp(x)} along {@code axis}, as a new tensor of this shape, computed stably: more accurate than
     * {@code softmax(axis).log()}. Integer and BOOL inputs give FLOAT32. A 0-d tensor gives 0. Differentiable; backends
     * may run a fused kernel on the last axis.
     *
     * @param axis the axis to normalize, negative counting from the end
     * @return a new tensor of log-probabilities
     * @throws IllegalArgumentException if {@code axis} is out of range (a 0-d tensor accepts any axis)
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor logSoftmax(int axis) { return Functional.logSoftmax(this, axis); }

    /**
     * Layer norm over the last axis, as a new tensor: {@code x: (..., C) -> (..., C)}, computing
     * {@code (x - mean) / sqrt(var + eps) * gamma + beta} with the biased variance. Integer and BOOL inputs give
     * FLOAT32. Differentiable with respect to this tensor, {@code gamma} and {@code beta}. For several trailing axes
     * use {@link Functional#layerNorm(Tensor, int[], Tensor, Tensor, double)}.
     *
     * @param gamma the scale {@code (C)}, or null for none
     * @param beta the shift {@code (C)}, or null for none
     * @param eps added to the variance for stability, at least 0
     * @return a new tensor of this shape
     * @throws IllegalArgumentException if this tensor is 0-d, {@code gamma} or {@code beta} is not {@code (C)}, or
     *         {@code eps} is negative or NaN
     * @throws IllegalStateException if this tensor is closed
     */
    public Tensor layerNorm(Tensor gamma, Tensor beta, double eps) { return Functional.layerNorm(this, gamma, beta, eps); }

    /**
     * Mean cross-entropy of these logits {@code (N, C)} against integer labels {@code (N)}, as a new 0-d tensor (logits
     * {@code (C)} with one label work too). Labels equal to -100 are ignored, as in PyTorch, and the mean is over the
     * other samples (NaN when every label is ignored). Integer logits give FLOAT32. Differentiable with respect to the
     * logits. For class weights, label smoothing or other reductions use
     * {@link Functional#crossEntropy(Tensor, Tensor, Tensor, Reduction, double, long)}.
     *
     * @param labels INT32 or INT64 class indices in {@code [0, C)}, or -100
     * @return a new 0-d tensor
     * @throws IllegalArgumentException if the logits are not 1-D or 2-D, the labels are not INT32 or INT64, or their
     *         shape is not {@code (N)}
     * @throws IndexOutOfBoundsException if a label that is not -100 is outside {@code [0, C)}
     * @throws IllegalStateException if the logits or labels are closed
     */
    public Tensor crossEntropy(Tensor labels) { return Functional.crossEntropy(this, labels); }

    /**
     * Mean squared error against {@code target}: {@code mean((this - target)^2)} over all elements of the broadcast
     * shape, as a new 0-d tensor. The subtraction promotes dtypes like {@link #sub(Tensor)}; integer results give
     * FLOAT32. Differentiable with respect to both tensors.
     *
     * @param target the target values, of this shape or broadcastable with it
     * @return a new 0-d tensor
     * @throws IllegalArgumentException if the shapes do not broadcast or have no element, or the tensors are on
     *         different backends
     * @throws IllegalStateException if either tensor is closed
     */
    public Tensor mse(Tensor target) { return Functional.mse(this, target); }

    /**
     * Inverted dropout: when {@code training}, zeroes each element with probability {@code p} and scales the others by
     * {@code 1 / (1 - p)}, as a new tensor; otherwise, or when {@code p} is 0, returns this tensor itself. The mask
     * comes from one seed drawn from {@code rng} (so only when it is applied); backends with a fused kernel recompute
     * it in the backward pass instead of storing it. Integer and BOOL inputs give FLOAT32. Differentiable: the gradient
     * is masked and scaled the same way.
     *
     * @param p the drop probability, in {@code [0, 1)}
     * @param rng the generator the mask's seed is drawn from
     * @param training whether to apply dropout
     * @return a new tensor of this shape, or this tensor
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)}
     * @throws IllegalStateException if this tensor is closed and dropout is applied
     */
    public Tensor dropout(double p, Rng rng, boolean training) { return Functional.dropout(this, p, rng, training); }
}
