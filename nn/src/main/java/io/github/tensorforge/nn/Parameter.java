package io.github.tensorforge.nn;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;

import java.util.Arrays;

/**
 * A trainable tensor owned by a {@link Module}: a floating-point leaf with {@code requiresGrad}, taken out of every
 * {@link io.github.tensorforge.core.TensorScope} so that per-step scopes never close it. The module closes it.
 *
 * <p>{@link #value()} is the tensor to compute with; {@link #set(Tensor)} replaces it (closing the old one).
 */
public final class Parameter implements AutoCloseable {
    private Tensor value;
    private final boolean trainable;

    /**
     * A trainable parameter; takes ownership of {@code value} (unscoping it, marking it {@code requiresGrad}).
     *
     * @param value the initial value, float32 or float64; a non-leaf is detached first
     * @throws IllegalArgumentException if {@code value} is not floating point
     */
    public Parameter(Tensor value) { this(value, true); }

    /**
     * A parameter that is trainable (its value requires gradients) or not; takes ownership of {@code value}
     * (unscoping it).
     *
     * @param value     the initial value, float32 or float64; a non-leaf is detached first
     * @param trainable whether optimizers update it
     * @throws IllegalArgumentException if {@code value} is not floating point
     */
    public Parameter(Tensor value, boolean trainable) {
        if (!value.dtype().isFloating()) {
            throw new IllegalArgumentException("Parameter: must be float32 or float64, got " + value.dtype()
                    + " " + Arrays.toString(value.shape()));
        }
        this.trainable = trainable;
        this.value = adopt(value);
    }

    private Tensor adopt(Tensor t) {
        Tensor leaf = t.isLeaf() ? t : t.detach();
        leaf.unscoped();
        if (trainable) leaf.requiresGrad(true);
        return leaf;
    }

    /**
     * The tensor to compute with (live, owned by this parameter: do not close it).
     *
     * @return the current value
     */
    public Tensor value() { return value; }

    /**
     * The accumulated gradient, or null.
     *
     * @return the gradient of {@link #value()}, same shape and dtype, or null when none has been computed
     */
    public Tensor grad() { return value.grad(); }

    /**
     * Whether optimizers update this parameter (fixed at construction).
     *
     * @return {@code true} for a trainable parameter
     */
    public boolean trainable() { return trainable; }

    /**
     * The shape of the value.
     *
     * @return the shape
     */
    public int[] shape() { return value.shape(); }

    /**
     * The number of elements of the value.
     *
     * @return the element count
     */
    public int size() { return value.numel(); }

    /** Drops the accumulated gradient (closing it); {@link #grad()} is null afterwards. */
    public void zeroGrad() { value.zeroGrad(); }

    /**
     * Replaces the tensor (closing the previous one); {@code t} is taken over (detached if it is not a leaf,
     * unscoped, and marked {@code requiresGrad} when trainable).
     *
     * @param t the new value
     */
    public void set(Tensor t) {
        Tensor old = value;
        value = adopt(t);
        if (old != t && old != null) old.close();
    }

    /**
     * Overwrites the values in place from {@code src} (same shape; converted to this dtype and backend), under
     * no-grad. The caller keeps {@code src}.
     *
     * @param src the values to copy
     * @throws IllegalArgumentException if the shapes differ
     */
    public void copyFrom(Tensor src) {
        if (!Arrays.equals(src.shape(), value.shape())) {
            throw new IllegalArgumentException("Parameter.copyFrom: source " + Arrays.toString(src.shape())
                    + " differs from parameter " + Arrays.toString(value.shape()));
        }
        try (var g = GradMode.disable()) {
            Tensor s = src.backend() == value.backend() ? src : src.to(value.backend());
            value.assign(s);
            if (s != src) s.close();
        }
    }

    /**
     * Moves the data to {@code backend} (a new leaf there; the old one is closed). Does nothing when already there.
     *
     * @param backend the target backend
     */
    public void to(Backend backend) {
        if (value.backend() == backend) return;
        Tensor moved;
        try (var g = GradMode.disable()) {
            moved = value.to(backend);
        }
        set(moved);
    }

    /**
     * Converts the data to {@code dtype} (float32 or float64; the old tensor is closed). Does nothing when already
     * of that dtype.
     *
     * @param dtype the target dtype
     * @throws IllegalArgumentException if {@code dtype} is not floating point
     */
    public void to(io.github.tensorforge.core.DType dtype) {
        if (value.dtype() == dtype) return;
        if (!dtype.isFloating()) throw new IllegalArgumentException("Parameter.to: must be floating, got " + dtype);
        Tensor converted;
        try (var g = GradMode.disable()) {
            converted = value.to(dtype);
        }
        set(converted);
    }

    /** Releases the value; the parameter must not be used afterwards. */
    @Override public void close() { value.close(); }

    /**
     * {@code Parameter[shape] dtype}.
     *
     * @return the shape and dtype as text
     */
    @Override public String toString() { return "Parameter" + Arrays.toString(value.shape()) + " " + value.dtype(); }
}
