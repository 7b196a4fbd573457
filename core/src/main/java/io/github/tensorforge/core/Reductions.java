package io.github.tensorforge.core;

import io.github.tensorforge.spi.ReduceOp;

import java.util.Arrays;

/** Reductions over axes: sum, mean, max/min, argmax/argmin, variance and logSumExp, with their gradients. */
final class Reductions {
    private Reductions() {}

    /** Runs the kernel into the keep-dim shape, then drops the reduced axes unless keepDim. */
    private static Tensor run(ReduceOp op, Tensor x, int[] axes, boolean keepDim, DType outType) {
        int[] kept = x.shape.clone();
        for (int a : axes) kept[a] = 1;
        Tensor out = Ops.empty(x.backend(), outType, kept);
        if (out.numel() > 0) {
            if (x.numel() == 0) x.backend().fill(out.view(), 0);
            else x.backend().reduce(op, out.view(), x.view(), axes);
        }
        return keepDim ? out : dropAxes(out, axes);
    }

    private static Tensor dropAxes(Tensor t, int[] axes) {
        int[] shape = new int[t.rank() - axes.length];
        for (int i = 0, j = 0; i < t.rank(); i++) if (Arrays.binarySearch(axes, i) < 0) shape[j++] = t.shape[i];
        try (var g = GradMode.disable()) {
            return t.reshape(shape);
        }
    }

    /** The gradient of a reduced tensor, reshaped to keep-dim form and broadcast back to {@code shape}. */
    private static Tensor expandBack(Tensor g, int[] shape, int[] axes) {
        int[] kept = shape.clone();
        for (int a : axes) kept[a] = 1;
        return g.reshape(kept).expand(shape);
    }

    static Tensor sum(Tensor x, int[] axesIn, boolean keepDim) {
        x.ensureOpen("sum");
        int[] axes = Shapes.axes("sum", axesIn, x.rank());
        DType dt = x.dtype.isFloating() ? x.dtype : DType.INT64;
        Tensor in = x.to(dt); // the SPI's SUM writes its input's dtype: integers sum in int64
        Tensor out = run(ReduceOp.SUM, in, axes, keepDim, dt);
        int[] shape = x.shape;
        return Autograd.record(out, "sum", g -> new Tensor[] {expandBack(g, shape, axes)}, x);
    }

    static Tensor mean(Tensor x, int[] axesIn, boolean keepDim) {
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        int[] axes = Shapes.axes("mean", axesIn, x.rank());
        long count = 1;
        for (int a : axes) count *= x.shape[a];
        if (count == 0) {
            throw new IllegalArgumentException("mean: reduces over an empty axis of " + Shapes.str(x.shape)
                    + " (the mean of nothing is undefined)");
        }
        return sum(xf, axes, keepDim).div((double) count);
    }

    static Tensor extreme(ReduceOp op, Tensor x, int[] axesIn, boolean keepDim) {
        String name = Ops.name(op);
        x.ensureOpen(name);
        int[] axes = Shapes.axes(name, axesIn, x.rank());
        checkNonEmpty(name, x, axes);
        Tensor in = x.dtype == DType.BOOL ? x.to(DType.INT32) : x;
        Tensor kept = run(op, in, axes, true, in.dtype);
        Tensor out = keepDim ? kept : dropAxes(kept, axes);
        int[] shape = x.shape;
        return Autograd.record(out, name, g -> {
            // The gradient goes to the extreme elements, split evenly among ties.
            Tensor mask = x.eq(kept).to(g.dtype);
            Tensor count = mask.sum(axes, true);
            return new Tensor[] {mask.div(count).mul(expandBack(g, shape, axes))};
        }, x);
    }

    static Tensor arg(ReduceOp op, Tensor x, int axis, boolean keepDim) {
        String name = Ops.name(op);
        x.ensureOpen(name);
        int[] axes = {Shapes.axis(name, axis, x.rank())};
        checkNonEmpty(name, x, axes);
        Tensor in = x.dtype == DType.BOOL ? x.to(DType.INT32) : x;
        return run(op, in, axes, keepDim, DType.INT64);
    }

    private static void checkNonEmpty(String name, Tensor x, int[] axes) {
        for (int a : axes) {
            if (x.shape[a] == 0) {
                throw new IllegalArgumentException(name + ": axis " + a + " of " + Shapes.str(x.shape)
                        + " is empty; the " + name + " of nothing is undefined");
            }
        }
    }

    static Tensor var(Tensor x, int[] axesIn, int correction, boolean keepDim) {
        if (correction < 0) throw new IllegalArgumentException("var: correction must be >= 0, got " + correction);
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        int[] axes = Shapes.axes("var", axesIn, x.rank());
        long count = 1;
        for (int a : axes) count *= x.shape[a];
        if (count - correction <= 0) {
            throw new IllegalArgumentException("var: " + count + " element(s) along the reduced axes of "
                    + Shapes.str(x.shape) + " with correction " + correction + " leave no degrees of freedom");
        }
        Tensor centered = xf.sub(xf.mean(axes, true));
        return centered.mul(centered).sum(axes, keepDim).div((double) (count - correction));
    }

    static Tensor logSumExp(Tensor x, int[] axesIn, boolean keepDim) {
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        int[] axes = Shapes.axes("logSumExp", axesIn, x.rank());
        Tensor m;
        try (var g = GradMode.disable()) {
            Tensor raw = xf.max(axes, true);
            // Rows that are all -inf (or +inf) would give inf - inf = NaN; shift them by 0 instead.
            m = Tensor.where(raw.abs().eq(Double.POSITIVE_INFINITY), raw.zerosLike(), raw);
        }
        Tensor lse = xf.sub(m).exp().sum(axes, true).log().add(m);
        if (keepDim) return lse;
        int[] shape = new int[lse.rank() - axes.length];
        for (int i = 0, j = 0; i < lse.rank(); i++) if (Arrays.binarySearch(axes, i) < 0) shape[j++] = lse.shape[i];
        return lse.reshape(shape);
    }

    /**
     * The vector p-norm over {@code axes}: {@code sum(|x|^p)^(1/p)}, the largest {@code |x|} for p = inf. Its gradient
     * at a zero vector is 0 (the subgradient PyTorch uses), not the NaN that differentiating the root would give.
     */
    static Tensor norm(Tensor x, double p, int[] axesIn, boolean keepDim) {
        if (!(p > 0)) throw new IllegalArgumentException("norm: p must be positive (1, 2, ..., or infinity), got " + p);
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        int[] axes = Shapes.axes("norm", axesIn, x.rank());
        if (p == Double.POSITIVE_INFINITY) return xf.abs().max(axes, keepDim);
        Tensor powered = p == 1 ? xf.abs() : p == 2 ? xf.square() : xf.abs().pow(p);
        Tensor s = powered.sum(axes, keepDim);
        if (p == 1) return s;
        Tensor zero;
        try (var g = GradMode.disable()) {
            zero = s.eq(0.0);
        }
        // root(where(s == 0, 1, s)) * (s != 0): the same value, with no infinite derivative at 0
        Tensor safe = Tensor.where(zero, s.onesLike(), s);
        Tensor root = p == 2 ? safe.sqrt() : safe.pow(1.0 / p);
        return root.maskedFill(zero, 0.0);
    }
}
