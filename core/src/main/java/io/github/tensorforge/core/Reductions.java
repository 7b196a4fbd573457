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

    static Tensor logSumExp(Tensor x, int axis, boolean keepDim) {
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        int a = Shapes.axis("logSumExp", axis, x.rank());
        Tensor m;
        try (var g = GradMode.disable()) {
            Tensor raw = xf.max(a, true);
            // Rows that are all -inf (or +inf) would give inf - inf = NaN; shift them by 0 instead.
            m = Tensor.where(raw.abs().eq(Double.POSITIVE_INFINITY), raw.zerosLike(), raw);
        }
        Tensor lse = xf.sub(m).exp().sum(a, true).log().add(m);
        return keepDim ? lse : lse.squeeze(a);
    }
}
