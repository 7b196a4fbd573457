package io.github.tensorforge.core;

import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array on a backend, with autograd.
 *
 * <p>A tensor is a strided view (shape, strides, offset) over a reference-counted backend buffer. Movement ops
 * (reshape, permute, transpose, expand, slice, select, squeeze, unsqueeze) return views that share the buffer; every
 * other op returns a new tensor and never modifies its inputs, except the methods whose names say so
 * ({@link #assign}, {@link #zeroGrad}). Element-wise ops follow NumPy broadcasting and the dtype rules of
 * {@link DType}.
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

    /** Creation functions for an explicit backend: {@code Tensor.on(cuda).zeros(64, 64)}. */
    public static TensorFactory on(Backend backend) { return new TensorFactory(backend); }

    public static TensorFactory on(String backendName) { return new TensorFactory(Backends.get(backendName)); }

    private static TensorFactory here() { return new TensorFactory(Backends.current()); }

    public static Tensor zeros(int... shape) { return here().zeros(DType.FLOAT32, shape); }
    public static Tensor zeros(DType dtype, int... shape) { return here().zeros(dtype, shape); }
    public static Tensor ones(int... shape) { return here().ones(DType.FLOAT32, shape); }
    public static Tensor ones(DType dtype, int... shape) { return here().ones(dtype, shape); }
    public static Tensor full(double value, int... shape) { return here().full(DType.FLOAT32, value, shape); }
    public static Tensor full(DType dtype, double value, int... shape) { return here().full(dtype, value, shape); }
    public static Tensor scalar(double value) { return here().scalar(value); }
    public static Tensor scalar(DType dtype, double value) { return here().full(dtype, value); }
    public static Tensor arange(int end) { return here().arange(0, end, 1); }
    public static Tensor arange(double start, double end, double step) { return here().arange(start, end, step); }
    public static Tensor linspace(double start, double end, int steps) { return here().linspace(start, end, steps); }
    public static Tensor eye(int n) { return here().eye(n); }
    public static Tensor of(float[] data, int... shape) { return here().of(data, shape); }
    public static Tensor of(double[] data, int... shape) { return here().of(data, shape); }
    public static Tensor of(int[] data, int... shape) { return here().of(data, shape); }
    public static Tensor of(long[] data, int... shape) { return here().of(data, shape); }
    public static Tensor of(boolean[] data, int... shape) { return here().of(data, shape); }
    public static Tensor of(float[][] rows) { return here().of(rows); }
    public static Tensor rand(Rng rng, int... shape) { return here().rand(rng, DType.FLOAT32, shape); }
    public static Tensor randn(Rng rng, int... shape) { return here().randn(rng, DType.FLOAT32, shape); }
    public static Tensor randint(Rng rng, long low, long high, int... shape) { return here().randint(rng, low, high, shape); }

    /** Zeros with this tensor's dtype, shape and backend. */
    public Tensor zerosLike() { return factory().zeros(dtype, shape); }
    public Tensor onesLike() { return factory().ones(dtype, shape); }
    public Tensor fullLike(double value) { return factory().full(dtype, value, shape); }

    TensorFactory factory() { return new TensorFactory(backend()); }

    // =================================================================================================================
    // Properties
    // =================================================================================================================

    public int[] shape() { return shape.clone(); }
    public int shape(int axis) { return shape[Shapes.axis("shape", axis, shape.length)]; }
    public int[] strides() { return strides.clone(); }
    public int offset() { return offset; }
    public int rank() { return shape.length; }
    public int size() { return Shapes.size(shape); }
    public DType dtype() { return dtype; }
    public Backend backend() { return storage.buffer.backend(); }
    public boolean isClosed() { return closed; }

    /** Row-major and gap-free, so kernels can treat it as a flat array. */
    public boolean isContiguous() { return view().isContiguous(); }

    /** What a kernel sees: the buffer and this tensor's layout. */
    public View view() {
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
     * tensor afterwards throws. Gradients held by this tensor are closed too.
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

    /** Takes this tensor out of the {@link TensorScope} it was created in (to the enclosing one). Returns this. */
    public Tensor keep() {
        TensorScope s = scope;
        if (s != null) s.keep(this);
        return this;
    }

    void setScope(TensorScope s) { scope = s; }

    /**
     * Removes this tensor from every {@link TensorScope}: whoever holds it (a module holding a parameter, an optimizer
     * holding its state) closes it. Returns this.
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

    /** The elements in row-major order as float[] (converting from the dtype). */
    public float[] toFloatArray() { return (float[]) hostArray(DType.FLOAT32); }
    public double[] toDoubleArray() { return (double[]) hostArray(DType.FLOAT64); }
    public int[] toIntArray() { return (int[]) hostArray(DType.INT32); }
    public long[] toLongArray() { return (long[]) hostArray(DType.INT64); }
    public boolean[] toBooleanArray() { return (boolean[]) hostArray(DType.BOOL); }

    private Object hostArray(DType as) {
        ensureOpen("read");
        try (var g = GradMode.disable()) {
            boolean whole = isContiguous() && offset == 0 && size() == storage.buffer.size();
            if (as == dtype && whole) return backend().download(storage.buffer);
            try (Tensor dense = copyAs(as)) {
                return backend().download(dense.storage.buffer);
            }
        }
    }

    /** The value of a one-element tensor as double. */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException("item: tensor " + Shapes.str(shape) + " has " + size()
                    + " elements; item() needs exactly one (reduce it first, e.g. sum() or mean())");
        }
        return toDoubleArray()[0];
    }

    /** The value of a one-element integer tensor as long (exact for int64). */
    public long itemLong() {
        if (size() != 1) {
            throw new IllegalArgumentException("itemLong: tensor " + Shapes.str(shape) + " has " + size()
                    + " elements; it needs exactly one");
        }
        return toLongArray()[0];
    }

    @Override public String toString() { return TensorFormat.format(this); }

    // =================================================================================================================
    // Autograd
    // =================================================================================================================

    /** Marks this (leaf) tensor as a parameter whose gradient {@link #backward()} computes. Returns this. */
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

    public Tensor requiresGrad() { return requiresGrad(true); }

    public boolean isRequiresGrad() { return requiresGrad; }

    /** True when no op produced this tensor (a parameter or input). */
    public boolean isLeaf() { return gradFn == null; }

    /** The accumulated gradient, or null. */
    public Tensor grad() { return grad; }

    /** Clears the accumulated gradient (closing it). */
    public void zeroGrad() {
        Tensor g = grad;
        grad = null;
        if (g != null) g.close();
    }

    /** Name of the op that produced this tensor, or null for a leaf. */
    public String gradFnName() { return gradFn == null ? null : gradFn.op; }

    /** A view of the same data that is cut from the graph (no gradient flows through it). */
    public Tensor detach() {
        ensureOpen("detach");
        storage.retain();
        return new Tensor(storage, shape, strides, offset);
    }

    /** Back-propagates from this scalar (seed 1). */
    public void backward() {
        if (size() != 1) {
            throw new IllegalArgumentException("backward: output " + Shapes.str(shape)
                    + " is not a scalar; pass the output gradient: backward(grad)");
        }
        backward(null, false);
    }

    /** Back-propagates with the given gradient of this tensor (same shape). */
    public void backward(Tensor gradOutput) { backward(gradOutput, false); }

    /**
     * Back-propagates, accumulating ({@code +=}) into the {@link #grad()} of every leaf that requires gradients. The
     * graph is freed afterwards unless {@code retainGraph}.
     */
    public void backward(Tensor gradOutput, boolean retainGraph) { Autograd.backward(this, gradOutput, retainGraph); }

    // =================================================================================================================
    // Conversion and movement between backends
    // =================================================================================================================

    /** This tensor converted to {@code target} (a new tensor, or this when the dtype already matches). */
    public Tensor to(DType target) {
        if (target == dtype) return this;
        Tensor out = copyAs(target);
        if (dtype.isFloating() && target.isFloating()) {
            Autograd.record(out, "cast", g -> new Tensor[] {g.to(dtype)}, this);
        }
        return out;
    }

    /** A copy on {@code target} (this when already there). Data crosses through the host. */
    public Tensor to(Backend target) {
        if (target == backend()) return this;
        ensureOpen("to");
        Tensor src = isContiguous() && offset == 0 && size() == storage.buffer.size() ? this : contiguous();
        Object host = backend().download(src.storage.buffer);
        Tensor out = new TensorFactory(target).fromHost(dtype, host, shape);
        Backend from = backend();
        return Autograd.record(out, "to", g -> new Tensor[] {g.to(from)}, this);
    }

    public Tensor to(String backendName) { return to(Backends.get(backendName)); }

    /** A dense row-major copy, or this when already contiguous. */
    public Tensor contiguous() {
        if (isContiguous()) return this;
        return Autograd.record(copyAs(dtype), "contiguous", g -> new Tensor[] {g}, this);
    }

    /** A fresh copy (same dtype, dense). Differentiable. */
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
     * Refused while gradients are recorded for this tensor; use it under {@link GradMode#disable()} (optimizers do).
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

    /** In place: sets every element to {@code value}. */
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

    /** Same data with a new shape; one axis may be -1. Copies only when the layout cannot be viewed. */
    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape, true); }

    /** Like {@link #reshape} but never copies: fails on a layout that cannot be viewed. */
    public Tensor view(int... newShape) { return Views.reshape(this, newShape, false); }

    /** Reorders axes: {@code permute(0, 2, 1)}. */
    public Tensor permute(int... order) { return Views.permute(this, order); }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int a = Shapes.axis("transpose", axis0, rank()), b = Shapes.axis("transpose", axis1, rank());
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Transpose of a 2-D tensor (a view). */
    public Tensor t() {
        if (rank() != 2) {
            throw new IllegalArgumentException("t: expects a 2-D tensor, got " + Shapes.str(shape)
                    + "; use transpose(a, b) or permute");
        }
        return transpose(0, 1);
    }

    /** Broadcasts to {@code newShape} without copying (stride 0 on expanded axes); -1 keeps a size. */
    public Tensor expand(int... newShape) { return Views.expand(this, newShape); }

    public Tensor broadcastTo(int... newShape) { return expand(newShape); }

    /** Elements {@code start, start+step, ...} below {@code end} along {@code axis}; negative indices count from the end. */
    public Tensor slice(int axis, int start, int end, int step) { return Views.slice(this, axis, start, end, step); }

    public Tensor slice(int axis, int start, int end) { return slice(axis, start, end, 1); }

    /** The sub-tensor at {@code index} along {@code axis}, with that axis removed. */
    public Tensor select(int axis, int index) { return Views.select(this, axis, index); }

    /** Removes every axis of size 1. */
    public Tensor squeeze() {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < rank(); i++) if (shape[i] != 1) keep.add(i);
        int[] ns = new int[keep.size()];
        for (int i = 0; i < ns.length; i++) ns[i] = shape[keep.get(i)];
        return reshape(ns);
    }

    /** Removes {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, rank());
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of " + Shapes.str(shape) + " has size "
                    + shape[a] + ", not 1");
        }
        return reshape(Shapes.remove(shape, a));
    }

    /** Inserts an axis of size 1 at {@code axis} (which may be rank() to append). */
    public Tensor unsqueeze(int axis) {
        int a = Shapes.axis("unsqueeze", axis, rank() + 1);
        return reshape(Shapes.insert(shape, a, 1));
    }

    /** Flattens to 1-D. */
    public Tensor flatten() { return reshape(size()); }

    /** Flattens axes {@code start..end} (inclusive) into one. */
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

    /** Joins tensors along an existing axis. */
    public static Tensor concat(int axis, Tensor... tensors) { return Views.concat(axis, tensors); }

    public static Tensor concat(int axis, List<Tensor> tensors) { return Views.concat(axis, tensors.toArray(new Tensor[0])); }

    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        Tensor[] expanded = new Tensor[tensors.length];
        int a = Shapes.axis("stack", axis, tensors[0].rank() + 1);
        for (int i = 0; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].shape, tensors[0].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shapes.str(tensors[i].shape)
                        + " but tensor 0 has " + Shapes.str(tensors[0].shape) + "; all must match");
            }
            expanded[i] = tensors[i].unsqueeze(a);
        }
        return concat(a, expanded);
    }

    public static Tensor stack(int axis, List<Tensor> tensors) { return stack(axis, tensors.toArray(new Tensor[0])); }

    /** Splits along {@code axis} into pieces of the given sizes (views). */
    public List<Tensor> split(int axis, int... sizes) {
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

    /** Splits along {@code axis} into {@code chunks} nearly equal pieces (the last may be smaller), as views. */
    public List<Tensor> chunk(int chunks, int axis) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        int a = Shapes.axis("chunk", axis, rank());
        int per = (shape[a] + chunks - 1) / chunks;
        List<Tensor> out = new ArrayList<>();
        for (int start = 0; start < shape[a]; start += per) out.add(slice(a, start, Math.min(shape[a], start + per)));
        return out;
    }

    // =================================================================================================================
    // Element-wise math (NumPy broadcasting; scalar overloads)
    // =================================================================================================================

    public Tensor add(Tensor other) { return Ops.binary(BinaryOp.ADD, this, other); }
    public Tensor sub(Tensor other) { return Ops.binary(BinaryOp.SUB, this, other); }
    public Tensor mul(Tensor other) { return Ops.binary(BinaryOp.MUL, this, other); }
    public Tensor div(Tensor other) { return Ops.binary(BinaryOp.DIV, this, other); }
    public Tensor pow(Tensor exponent) { return Ops.binary(BinaryOp.POW, this, exponent); }
    /** Element-wise maximum (NaN propagates). */
    public Tensor maximum(Tensor other) { return Ops.binary(BinaryOp.MAX, this, other); }
    public Tensor minimum(Tensor other) { return Ops.binary(BinaryOp.MIN, this, other); }

    public Tensor add(double s) { return add(Ops.scalarFor(this, s)); }
    public Tensor sub(double s) { return sub(Ops.scalarFor(this, s)); }
    public Tensor mul(double s) { return mul(Ops.scalarFor(this, s)); }
    public Tensor div(double s) { return div(Ops.scalarFor(this, s)); }
    public Tensor pow(double exponent) { return pow(Ops.scalarFor(this, exponent)); }
    public Tensor maximum(double s) { return maximum(Ops.scalarFor(this, s)); }
    public Tensor minimum(double s) { return minimum(Ops.scalarFor(this, s)); }
    /** {@code s - this}. */
    public Tensor rsub(double s) { return Ops.scalarFor(this, s).sub(this); }
    /** {@code s / this}. */
    public Tensor rdiv(double s) { return Ops.scalarFor(this, s).div(this); }

    public Tensor neg() { return Ops.unary(UnaryOp.NEG, this); }
    public Tensor abs() { return Ops.unary(UnaryOp.ABS, this); }
    public Tensor sign() { return Ops.unary(UnaryOp.SIGN, this); }
    public Tensor exp() { return Ops.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Ops.unary(UnaryOp.LOG, this); }
    public Tensor sqrt() { return Ops.unary(UnaryOp.SQRT, this); }
    public Tensor rsqrt() { return Ops.unary(UnaryOp.RSQRT, this); }
    public Tensor reciprocal() { return Ops.unary(UnaryOp.RECIP, this); }
    public Tensor sin() { return Ops.unary(UnaryOp.SIN, this); }
    public Tensor cos() { return Ops.unary(UnaryOp.COS, this); }
    public Tensor tanh() { return Ops.unary(UnaryOp.TANH, this); }
    public Tensor erf() { return Ops.unary(UnaryOp.ERF, this); }
    public Tensor sigmoid() { return Ops.unary(UnaryOp.SIGMOID, this); }
    /** {@code max(x, 0)}, with gradient {@code where(x > 0, g, 0)} (0 at 0). */
    public Tensor relu() { return Ops.unary(UnaryOp.RELU, this); }
    /** Exact GELU: {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    public Tensor gelu() { return Ops.unary(UnaryOp.GELU, this); }
    /** GELU's tanh approximation (as in GPT-2 and BERT's original code). */
    public Tensor geluTanh() { return Ops.unary(UnaryOp.GELU_TANH, this); }
    /** {@code x * sigmoid(x)} (a.k.a. swish). */
    public Tensor silu() { return Ops.unary(UnaryOp.SILU, this); }
    public Tensor square() { return mul(this); }

    /** {@code x} where {@code x > 0}, else {@code slope * x}. */
    public Tensor leakyRelu(double slope) {
        return where(gt(0.0), this, mul(slope));
    }

    /** Limits every element to {@code [min, max]}. */
    public Tensor clamp(double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        return maximum(min).minimum(max);
    }

    // comparisons: BOOL results, no gradient
    public Tensor lt(Tensor other) { return Ops.binary(BinaryOp.CMPLT, this, other); }
    public Tensor le(Tensor other) { return Ops.binary(BinaryOp.CMPLE, this, other); }
    public Tensor gt(Tensor other) { return Ops.binary(BinaryOp.CMPLT, other, this); }
    public Tensor ge(Tensor other) { return Ops.binary(BinaryOp.CMPLE, other, this); }
    public Tensor eq(Tensor other) { return Ops.binary(BinaryOp.CMPEQ, this, other); }
    public Tensor ne(Tensor other) { return Ops.binary(BinaryOp.CMPNE, this, other); }
    public Tensor lt(double s) { return lt(Ops.scalarFor(this, s)); }
    public Tensor le(double s) { return le(Ops.scalarFor(this, s)); }
    public Tensor gt(double s) { return gt(Ops.scalarFor(this, s)); }
    public Tensor ge(double s) { return ge(Ops.scalarFor(this, s)); }
    public Tensor eq(double s) { return eq(Ops.scalarFor(this, s)); }
    public Tensor ne(double s) { return ne(Ops.scalarFor(this, s)); }

    /** Element-wise logical and of two masks (any dtype: non-zero is true); BOOL result. */
    public Tensor and(Tensor other) { return Ops.asInt(this).minimum(Ops.asInt(other)).ne(0.0); }

    /** Element-wise logical or of two masks (any dtype: non-zero is true); BOOL result. */
    public Tensor or(Tensor other) { return Ops.asInt(this).maximum(Ops.asInt(other)).ne(0.0); }

    /** Element-wise logical not of a mask (any dtype: non-zero is true); BOOL result. */
    public Tensor not() { return Ops.asMask(this).eq(0.0); }

    /** {@code cond ? a : b}, broadcasting all three; cond is converted to BOOL ({@code != 0}) if needed. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Ops.where(cond, a, b); }

    public static Tensor where(Tensor cond, Tensor a, double b) { return Ops.where(cond, a, Ops.scalarFor(a, b)); }

    /** This tensor with {@code value} where {@code mask} is true. */
    public Tensor maskedFill(Tensor mask, double value) {
        if (mask.dtype != DType.BOOL) {
            throw new IllegalArgumentException("maskedFill: mask must be bool (from a comparison), got " + mask.dtype);
        }
        return Ops.where(mask, Ops.scalarFor(this, value), this);
    }

    // =================================================================================================================
    // Reductions (axes may be negative; no axes = all)
    // =================================================================================================================

    public Tensor sum() { return Reductions.sum(this, new int[0], false); }
    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, new int[] {axis}, keepDim); }
    public Tensor sum(int[] axes, boolean keepDim) { return Reductions.sum(this, axes, keepDim); }
    public Tensor mean() { return Reductions.mean(this, new int[0], false); }
    public Tensor mean(int axis, boolean keepDim) { return Reductions.mean(this, new int[] {axis}, keepDim); }
    public Tensor mean(int[] axes, boolean keepDim) { return Reductions.mean(this, axes, keepDim); }
    public Tensor max() { return Reductions.extreme(ReduceOp.MAX, this, new int[0], false); }
    public Tensor max(int axis, boolean keepDim) { return Reductions.extreme(ReduceOp.MAX, this, new int[] {axis}, keepDim); }
    public Tensor max(int[] axes, boolean keepDim) { return Reductions.extreme(ReduceOp.MAX, this, axes, keepDim); }
    public Tensor min() { return Reductions.extreme(ReduceOp.MIN, this, new int[0], false); }
    public Tensor min(int axis, boolean keepDim) { return Reductions.extreme(ReduceOp.MIN, this, new int[] {axis}, keepDim); }
    public Tensor min(int[] axes, boolean keepDim) { return Reductions.extreme(ReduceOp.MIN, this, axes, keepDim); }
    /** Index (INT64) of the first maximum along {@code axis}. */
    public Tensor argmax(int axis, boolean keepDim) { return Reductions.arg(ReduceOp.ARGMAX, this, axis, keepDim); }
    public Tensor argmax(int axis) { return argmax(axis, false); }
    /** Index of the first maximum of the flattened tensor. */
    public Tensor argmax() { return flatten().argmax(0, false); }
    public Tensor argmin(int axis, boolean keepDim) { return Reductions.arg(ReduceOp.ARGMIN, this, axis, keepDim); }
    public Tensor argmin(int axis) { return argmin(axis, false); }
    public Tensor argmin() { return flatten().argmin(0, false); }
    /** Variance with Bessel's correction ({@code correction} = 1) or population variance (0). */
    public Tensor var(int[] axes, int correction, boolean keepDim) { return Reductions.var(this, axes, correction, keepDim); }
    public Tensor var() { return var(new int[0], 1, false); }
    public Tensor std(int[] axes, int correction, boolean keepDim) { return var(axes, correction, keepDim).sqrt(); }
    public Tensor std() { return var().sqrt(); }
    /** {@code log(sum(exp(x)))} along {@code axis}, computed stably. */
    public Tensor logSumExp(int axis, boolean keepDim) { return Reductions.logSumExp(this, axis, keepDim); }

    // =================================================================================================================
    // Linear algebra
    // =================================================================================================================

    /**
     * Matrix product with NumPy's rules: 1-D x 1-D is a dot product, 2-D x 2-D a matrix product, higher ranks are
     * batches of matrices whose batch axes broadcast. Transposed (permuted) operands are passed to the kernel as strides,
     * without a copy.
     */
    public Tensor matmul(Tensor other) { return Ops.matmul(this, other); }

    // =================================================================================================================
    // Indexing
    // =================================================================================================================

    /**
     * Picks entries along {@code axis} by integer {@code index} (any shape): the result has
     * {@code shape[:axis] + index.shape + shape[axis+1:]}. With a (V, D) table and (B, T) token ids, axis 0 gives the
     * (B, T, D) embedding lookup. Gradient: scatter-add.
     */
    public Tensor indexSelect(int axis, Tensor index) { return Indexing.indexSelect(this, axis, index); }

    /** A copy of this tensor with {@code src} slices added at {@code index} along {@code axis} (repeats accumulate). */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) { return Indexing.scatterAdd(this, axis, index, src); }

    /** One-hot FLOAT32 encoding of this integer tensor: shape {@code shape + [numClasses]}. */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses, DType.FLOAT32); }

    public Tensor oneHot(int numClasses, DType dtype) { return Indexing.oneHot(this, numClasses, dtype); }

    // =================================================================================================================
    // Composites (written once from primitives; backends may run fused kernels)
    // =================================================================================================================

    public Tensor softmax(int axis) { return Functional.softmax(this, axis); }
    public Tensor logSoftmax(int axis) { return Functional.logSoftmax(this, axis); }

    /** Layer norm over the last axis; gamma/beta {@code (C)} or null. */
    public Tensor layerNorm(Tensor gamma, Tensor beta, double eps) { return Functional.layerNorm(this, gamma, beta, eps); }

    /** Mean cross-entropy of these logits (N, C) against integer labels (N). */
    public Tensor crossEntropy(Tensor labels) { return Functional.crossEntropy(this, labels); }

    /** Mean squared error against {@code target}. */
    public Tensor mse(Tensor target) { return Functional.mse(this, target); }

    /** Inverted dropout with probability p when {@code training}. */
    public Tensor dropout(double p, Rng rng, boolean training) { return Functional.dropout(this, p, rng, training); }
}
