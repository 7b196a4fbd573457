package io.github.tensorforge.core;

import io.github.tensorforge.spi.View;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/** Movement ops: they change shape, strides and offset only, and share the buffer (cat is the exception). */
final class Views {
    private Views() {}

    static Tensor reshape(Tensor t, int[] requested, boolean allowCopy) {
        String op = allowCopy ? "reshape" : "view";
        int[] shape = inferShape(op, t, requested);
        int[] strides = t.numel() == 0 ? View.rowMajorStrides(shape) : viewStrides(t.shape, t.strides, shape);
        if (strides == null) {
            if (!allowCopy) {
                throw new IllegalArgumentException("view: cannot view " + Shapes.str(t.shape) + " with strides "
                        + Shapes.str(t.strides) + " as " + Shapes.str(shape) + " without copying; use reshape()");
            }
            return reshape(t.contiguous(), shape, false);
        }
        if (Arrays.equals(shape, t.shape) && Arrays.equals(strides, t.strides)) return t;
        int[] old = t.shape;
        return Autograd.record(t.viewOf(shape, strides, t.offset), op, g -> new Tensor[] {g.reshape(old)}, t);
    }

    private static int[] inferShape(String op, Tensor t, int[] requested) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one axis may be -1 in " + Shapes.str(requested));
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + shape[i] + " in " + Shapes.str(requested));
            } else {
                known *= shape[i];
            }
        }
        int size = t.numel();
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(t.shape) + " (" + size
                        + " elements) into " + Shapes.str(requested));
            }
            shape[infer] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(t.shape) + " (" + size
                    + " elements) into " + Shapes.str(requested) + " (" + known + " elements)");
        }
        return shape;
    }

    /** Strides that view the old layout with the new shape without copying, or null (PyTorch's algorithm). */
    private static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
        if (oldShape.length == 0) return View.rowMajorStrides(newShape);
        int[] newStrides = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    static Tensor permute(Tensor t, int[] order) {
        if (order.length != t.rank()) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " axes but the tensor " + Shapes.str(t.shape) + " has " + t.rank());
        }
        int[] shape = new int[order.length], strides = new int[order.length], inverse = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int a = Shapes.axis("permute", order[i], t.rank());
            if (seen[a]) throw new IllegalArgumentException("permute: axis " + a + " repeated in " + Arrays.toString(order));
            seen[a] = true;
            shape[i] = t.shape[a];
            strides[i] = t.strides[a];
            inverse[a] = i;
        }
        return Autograd.record(t.viewOf(shape, strides, t.offset), "permute", g -> new Tensor[] {g.permute(inverse)}, t);
    }

    static Tensor expand(Tensor t, int[] requested) {
        if (requested.length < t.rank()) {
            throw new IllegalArgumentException("expand: target " + Shapes.str(requested) + " has fewer axes than "
                    + Shapes.str(t.shape));
        }
        int lead = requested.length - t.rank();
        int[] shape = requested.clone();
        for (int i = 0; i < shape.length; i++) {
            int own = i < lead ? 1 : t.shape[i - lead];
            if (shape[i] == -1) {
                if (i < lead) throw new IllegalArgumentException("expand: -1 is not allowed for a new axis in " + Shapes.str(requested));
                shape[i] = own;
            }
            if (own != shape[i] && own != 1) {
                throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(t.shape) + " to "
                        + Shapes.str(requested) + ": axis " + i + " has size " + own + " (only size-1 axes expand)");
            }
        }
        Shapes.checkShape("expand", shape);
        View v = t.expandedView(shape);
        int[] old = t.shape;
        return Autograd.record(t.viewOf(shape, v.strides(), t.offset), "expand",
                g -> new Tensor[] {Ops.unbroadcast(g, old)}, t);
    }

    static Tensor slice(Tensor t, int axis, int start, int end, int step) {
        int a = Shapes.axis("slice", axis, t.rank());
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int n = t.shape[a];
        int s = clampIndex(start, n), e = clampIndex(end, n);
        int len = e <= s ? 0 : (e - s + step - 1) / step;
        int[] shape = t.shape.clone();
        int[] strides = t.strides.clone();
        shape[a] = len;
        strides[a] = t.strides[a] * step;
        int offset = t.offset + (len == 0 ? 0 : s * t.strides[a]);
        int fs = s;
        int[] old = t.shape;
        return Autograd.record(t.viewOf(shape, strides, offset), "slice",
                g -> new Tensor[] {embed(g, old, z -> z.slice(a, fs, fs + (len - 1) * step + 1, step))}, t);
    }

    private static int clampIndex(int i, int n) {
        int v = i < 0 ? i + n : i;
        return Math.max(0, Math.min(n, v));
    }

    static Tensor select(Tensor t, int axis, int index) {
        int a = Shapes.axis("select", axis, t.rank());
        int n = t.shape[a];
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for axis " + axis
                    + " of size " + n + " (shape " + Shapes.str(t.shape) + ")");
        }
        int[] shape = Shapes.remove(t.shape, a), strides = Shapes.remove(t.strides, a);
        int[] old = t.shape;
        return Autograd.record(t.viewOf(shape, strides, t.offset + i * t.strides[a]), "select",
                g -> new Tensor[] {embed(g, old, z -> z.select(a, i))}, t);
    }

    /**
     * Zeros of {@code fullShape} with {@code g} written into the part that {@code part} selects (a slice's gradient).
     */
    static Tensor embed(Tensor g, int[] fullShape, UnaryOperator<Tensor> part) {
        Tensor zeros = g.factory().zeros(g.dtype, fullShape);
        try (Tensor region = part.apply(zeros)) {
            if (region.numel() > 0) g.backend().copy(region.view(), g.view());
        }
        return zeros;
    }

    static Tensor cat(int axis, Tensor[] ts) {
        if (ts.length == 0) throw new IllegalArgumentException("cat: needs at least one tensor");
        Ops.sameBackend("cat", ts);
        int rank = ts[0].rank();
        if (rank == 0) throw new IllegalArgumentException("cat: cannot join 0-d tensors; use stack");
        int a = Shapes.axis("cat", axis, rank);
        DType dt = ts[0].dtype;
        int total = 0;
        for (int i = 0; i < ts.length; i++) {
            Tensor t = ts[i];
            dt = DType.promote(dt, t.dtype);
            boolean ok = t.rank() == rank;
            for (int d = 0; ok && d < rank; d++) if (d != a && t.shape[d] != ts[0].shape[d]) ok = false;
            if (!ok) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + Shapes.str(t.shape)
                        + ", incompatible with tensor 0 " + Shapes.str(ts[0].shape) + " along axis " + axis
                        + " (all axes but the joined one must match)");
            }
            total += t.shape[a];
        }
        int[] shape = ts[0].shape.clone();
        shape[a] = total;
        Tensor out = Ops.empty(ts[0].backend(), dt, shape);
        int[] starts = new int[ts.length];
        int start = 0;
        for (int i = 0; i < ts.length; i++) {
            starts[i] = start;
            int len = ts[i].shape[a];
            if (len > 0 && out.numel() > 0) {
                try (var g = GradMode.disable(); Tensor part = out.slice(a, start, start + len)) {
                    out.backend().copy(part.view(), ts[i].view());
                }
            }
            start += len;
        }
        return Autograd.record(out, "cat", g -> {
            Tensor[] grads = new Tensor[ts.length];
            for (int i = 0; i < ts.length; i++) {
                grads[i] = g.slice(a, starts[i], starts[i] + ts[i].shape[a]).to(ts[i].dtype);
            }
            return grads;
        }, ts);
    }
}
