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

    /** Takes ownership of {@code value} (unscoping it). */
    public Parameter(Tensor value) { this(value, true); }

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

    public Tensor value() { return value; }

    /** The accumulated gradient, or null. */
    public Tensor grad() { return value.grad(); }

    public boolean trainable() { return trainable; }

    public int[] shape() { return value.shape(); }

    public int size() { return value.size(); }

    public void zeroGrad() { value.zeroGrad(); }

    /** Replaces the tensor (closing the previous one); {@code t} is taken over. */
    public void set(Tensor t) {
        Tensor old = value;
        value = adopt(t);
        if (old != t && old != null) old.close();
    }

    /** Overwrites the values in place from {@code src} (same shape; converted to this dtype and backend). */
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

    /** Moves the data to {@code backend} (a new leaf there; the old one is closed). */
    public void to(Backend backend) {
        if (value.backend() == backend) return;
        Tensor moved;
        try (var g = GradMode.disable()) {
            moved = value.to(backend);
        }
        set(moved);
    }

    /** Converts the data to {@code dtype} (float32 or float64; the old tensor is closed). */
    public void to(io.github.tensorforge.core.DType dtype) {
        if (value.dtype() == dtype) return;
        if (!dtype.isFloating()) throw new IllegalArgumentException("Parameter.to: must be floating, got " + dtype);
        Tensor converted;
        try (var g = GradMode.disable()) {
            converted = value.to(dtype);
        }
        set(converted);
    }

    @Override public void close() { value.close(); }

    @Override public String toString() { return "Parameter" + Arrays.toString(value.shape()) + " " + value.dtype(); }
}
