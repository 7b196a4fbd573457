package io.github.tensorforge.core;

import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;

import java.util.Arrays;
import java.util.Locale;

/** Dispatch of primitive ops: argument checks, dtype promotion, broadcasting, output allocation, graph recording. */
final class Ops {
    private Ops() {}

    static Tensor empty(Backend backend, DType dtype, int[] shape) {
        Shapes.checkShape("allocate", shape);
        Buffer buffer = backend.allocate(dtype, Shapes.size(shape));
        return new Tensor(new Storage(buffer), shape, View.rowMajorStrides(shape), 0);
    }

    static String name(Enum<?> op) { return op.name().toLowerCase(Locale.ROOT); }

    static void sameBackend(String op, Tensor... ts) {
        Backend b = null;
        for (Tensor t : ts) {
            t.ensureOpen(op);
            if (b == null) b = t.backend();
            else if (t.backend() != b) {
                throw new IllegalArgumentException(op + ": operands live on different backends (" + b.name() + " and "
                        + t.backend().name() + "); move one with tensor.to(backend) first");
            }
        }
    }

    /** A 0-d tensor holding {@code s}, in t's dtype (or FLOAT32 when t is integral and s is not a whole number). */
    static Tensor scalarFor(Tensor t, double s) {
        DType dt = t.dtype;
        if (dt == DType.BOOL) dt = s == Math.rint(s) ? DType.INT64 : DType.FLOAT32;
        else if (!dt.isFloating() && s != Math.rint(s)) dt = DType.FLOAT32;
        return t.factory().full(dt, s);
    }

    /** t as a BOOL mask ({@code != 0}). */
    static Tensor asMask(Tensor t) { return t.dtype == DType.BOOL ? t : t.ne(0.0); }

    /** t as INT32 0/1 ({@code != 0}), for logic on masks with arithmetic kernels. */
    static Tensor asInt(Tensor t) { return asMask(t).to(DType.INT32); }

    static Tensor unary(UnaryOp op, Tensor x) {
        String name = name(op);
        x.ensureOpen(name);
        Tensor in = x.dtype == DType.BOOL || (!op.acceptsIntegers() && !x.dtype.isFloating()) ? x.to(DType.FLOAT32) : x;
        Tensor out = empty(in.backend(), in.dtype, in.shape.clone());
        if (out.numel() > 0) in.backend().unary(op, out.view(), in.view());
        return Autograd.record(out, name, g -> new Tensor[] {Derivatives.unary(op, in, out, g)}, in);
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = name(op);
        sameBackend(name, a, b);
        DType dt = DType.promote(a.dtype, b.dtype);
        if (dt == DType.BOOL) dt = DType.INT32;
        if ((op == BinaryOp.DIV || op == BinaryOp.POW) && !dt.isFloating()) dt = DType.FLOAT32;
        Tensor x = a.to(dt), y = b.to(dt);
        int[] shape = Shapes.broadcast(name, x.shape, y.shape);
        Tensor out = empty(x.backend(), op.isComparison() ? DType.BOOL : dt, shape);
        if (out.numel() > 0) x.backend().binary(op, out.view(), x.expandedView(shape), y.expandedView(shape));
        if (op.isComparison()) return out;
        return Autograd.record(out, name, g -> Derivatives.binary(op, x, y, out, g), x, y);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        sameBackend("where", cond, a, b);
        Tensor c = cond.dtype == DType.BOOL ? cond : cond.ne(0.0);
        DType dt = DType.promote(a.dtype, b.dtype);
        Tensor x = a.to(dt), y = b.to(dt);
        int[] shape = Shapes.broadcast("where", c.shape, x.shape, y.shape);
        Tensor out = empty(x.backend(), dt, shape);
        if (out.numel() > 0) x.backend().where(out.view(), c.expandedView(shape), x.expandedView(shape), y.expandedView(shape));
        return Autograd.record(out, "where", g -> {
            Tensor zero = scalarFor(g, 0);
            return new Tensor[] {
                    unbroadcast(where(c, g, zero), x.shape),
                    unbroadcast(where(c, zero, g), y.shape)};
        }, x, y);
    }

    /** Sums {@code g} over the axes along which an input of {@code shape} was broadcast to g's shape. */
    static Tensor unbroadcast(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape, shape)) return g;
        int lead = g.rank() - shape.length;
        int count = 0;
        int[] axes = new int[g.rank()];
        for (int i = 0; i < g.rank(); i++) {
            if (i < lead || (shape[i - lead] == 1 && g.shape[i] != 1)) axes[count++] = i;
        }
        Tensor s = count == 0 ? g : g.sum(Arrays.copyOf(axes, count), true);
        return s.reshape(shape);
    }

    static Tensor matmul(Tensor a, Tensor b) {
        sameBackend("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have at least one axis, got " + Shapes.str(a.shape)
                    + " x " + Shapes.str(b.shape) + "; use mul for scalars");
        }
        if (!a.dtype.isFloating() || !b.dtype.isFloating()) {
            DType dt = DType.promote(a.dtype.toFloating(), b.dtype.toFloating());
            return matmul(a.to(dt), b.to(dt));
        }
        if (a.dtype != b.dtype) {
            DType dt = DType.promote(a.dtype, b.dtype);
            return matmul(a.to(dt), b.to(dt));
        }
        // Vectors become matrices for the kernel and lose the added axis afterwards, as in NumPy.
        Tensor x = a.rank() == 1 ? a.unsqueeze(0) : a;
        Tensor y = b.rank() == 1 ? b.unsqueeze(1) : b;
        int m = x.shape[x.rank() - 2], k = x.shape[x.rank() - 1];
        int k2 = y.shape[y.rank() - 2], n = y.shape[y.rank() - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shapes.str(a.shape) + " x "
                    + Shapes.str(b.shape) + " (" + k + " vs " + k2 + ")");
        }
        int[] batchA = Arrays.copyOf(x.shape, x.rank() - 2), batchB = Arrays.copyOf(y.shape, y.rank() - 2);
        // The message is built only on failure (formatted on every call, it was about 290 of the 2.2 KB that a 2-D
        // matmul call allocated).
        int[] batch = Shapes.broadcast(() -> "matmul (batch axes of " + Shapes.str(a.shape) + " x "
                + Shapes.str(b.shape) + ")", batchA, batchB);
        int[] outShape = Shapes.concat(batch, new int[] {m, n});
        Tensor out = empty(x.backend(), x.dtype, outShape);
        if (out.numel() > 0) {
            if (k == 0) x.backend().fill(out.view(), 0);
            else x.backend().matmul(out.view(), x.expandedView(Shapes.concat(batch, new int[] {m, k})),
                    y.expandedView(Shapes.concat(batch, new int[] {k, n})));
        }
        Tensor result = out;
        final Tensor fx = x, fy = y;
        result = Autograd.record(result, "matmul", g -> new Tensor[] {
                unbroadcast(g.matmul(fy.transpose(-1, -2)), fx.shape),
                unbroadcast(fx.transpose(-1, -2).matmul(g), fy.shape)}, x, y);
        if (a.rank() == 1 && b.rank() == 1) return result.reshape();
        if (a.rank() == 1) return result.squeeze(-2);
        if (b.rank() == 1) return result.squeeze(-1);
        return result;
    }
}
