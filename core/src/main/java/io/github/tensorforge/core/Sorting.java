package io.github.tensorforge.core;

import io.github.tensorforge.spi.View;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Gather along an axis (PyTorch's {@code gather}, NumPy's {@code take_along_axis}), and the orderings built on it:
 * sort, argsort, topk and the indexed max/min. Gather is a flat index select, so it runs on every backend and its
 * gradient is a scatter-add. The order itself is computed on the host (the tensor is downloaded, each row sorted,
 * the indices uploaded): correct on every backend, but a device-side sort kernel does not exist yet.
 */
final class Sorting {
    private Sorting() {}

    static Tensor gather(Tensor x, int axis, Tensor index) {
        Ops.sameBackend("gather", x, index);
        int a = Shapes.axis("gather", axis, x.rank());
        if (index.dtype != DType.INT32 && index.dtype != DType.INT64) {
            throw new IllegalArgumentException("gather: index must be int32 or int64, got " + index.dtype);
        }
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException("gather: index " + Shapes.str(index.shape) + " must have the rank of the input "
                    + Shapes.str(x.shape));
        }
        for (int d = 0; d < x.rank(); d++) {
            if (d != a && index.shape[d] > x.shape[d]) {
                throw new IllegalArgumentException("gather: index " + Shapes.str(index.shape) + " is larger than the input "
                        + Shapes.str(x.shape) + " on axis " + d + " (only axis " + axis + " may differ)");
            }
        }
        int[] strides = View.rowMajorStrides(x.shape);
        Tensor flat;
        try (var g = GradMode.disable()) {
            Tensor idx = index.to(DType.INT64);
            if (idx.numel() > 0) {
                long lo, hi;
                try (Tensor min = idx.min(); Tensor max = idx.max()) {
                    lo = min.itemLong();
                    hi = max.itemLong();
                }
                if (lo < 0 || hi >= x.shape[a]) {
                    throw new IndexOutOfBoundsException("gather: index values must lie in [0, " + x.shape[a] + ") for axis "
                            + axis + " of " + Shapes.str(x.shape) + ", found " + (lo < 0 ? lo : hi));
                }
            }
            // flat position = index * stride[axis] + sum over the other axes of coordinate * stride
            flat = idx.mul((double) strides[a]);
            for (int d = 0; d < x.rank(); d++) {
                if (d == a || index.shape[d] == 1) continue;
                int[] shape = new int[x.rank()];
                Arrays.fill(shape, 1);
                shape[d] = index.shape[d];
                flat = flat.add(x.factory().arange(0, index.shape[d], 1).mul((double) strides[d]).reshape(shape));
            }
        }
        return x.contiguous().reshape(x.numel()).indexSelect(0, flat);
    }

    /** The indices that sort each row along {@code axis}; NaN sorts as the largest value, as in PyTorch. */
    static Tensor argsort(Tensor x, int axis, boolean descending) {
        int a = Shapes.axis("argsort", axis, x.rank());
        int last = x.rank() - 1;
        Tensor rows = x.transpose(a, last).contiguous().detach();
        int n = x.shape[a];
        int count = n == 0 ? 0 : rows.numel() / n;
        long[] out = new long[rows.numel()];
        int[] base = {0}; // the start of the row being sorted, read by the comparator
        Comparator<Integer> order;
        if (x.dtype.isFloating()) {
            double[] v = rows.toDoubleArray();
            // NaN last (Double.compare), -0 equal to +0 (as PyTorch), so that the stable sort keeps their order
            order = (i, j) -> {
                double p = v[base[0] + i], q = v[base[0] + j];
                return p == q ? 0 : Double.compare(p, q);
            };
        } else {
            long[] v = rows.dtype == DType.BOOL ? boolsAsLongs(rows.toBooleanArray()) : rows.to(DType.INT64).toLongArray();
            order = (i, j) -> Long.compare(v[base[0] + i], v[base[0] + j]);
        }
        sortRows(out, count, n, order, base, descending);
        return x.factory().of(out, rows.shape).transpose(a, last).contiguous();
    }

    private static void sortRows(long[] out, int count, int n, Comparator<Integer> order, int[] base, boolean descending) {
        Integer[] perm = new Integer[n];
        Comparator<Integer> c = descending ? order.reversed() : order;
        for (int r = 0; r < count; r++) {
            base[0] = r * n;
            for (int i = 0; i < n; i++) perm[i] = i;
            Arrays.sort(perm, c); // stable: equal values keep their order
            for (int i = 0; i < n; i++) out[r * n + i] = perm[i];
        }
    }

    private static long[] boolsAsLongs(boolean[] b) {
        long[] v = new long[b.length];
        for (int i = 0; i < b.length; i++) v[i] = b[i] ? 1 : 0;
        return v;
    }

    static ValuesAndIndices sort(Tensor x, int axis, boolean descending) {
        if (x.rank() == 0) return new ValuesAndIndices(x.copy(), x.factory().zeros(DType.INT64));
        Tensor idx = argsort(x, axis, descending);
        return new ValuesAndIndices(gather(x, axis, idx), idx);
    }

    static ValuesAndIndices topk(Tensor x, int k, int axis, boolean largest) {
        int a = Shapes.axis("topk", axis, x.rank());
        if (k < 0 || k > x.shape[a]) {
            throw new IllegalArgumentException("topk: k = " + k + " must lie in [0, " + x.shape[a] + "] for axis " + axis
                    + " of " + Shapes.str(x.shape));
        }
        Tensor idx = argsort(x, a, largest).slice(a, 0, k).contiguous();
        return new ValuesAndIndices(gather(x, a, idx), idx);
    }

    /** The max (or min) along one axis and its first position, computed by the backend's reduction kernels. */
    static ValuesAndIndices extremeWithIndex(Tensor x, int axis, boolean keepDim, boolean max) {
        int a = Shapes.axis(max ? "maxWithIndices" : "minWithIndices", axis, x.rank());
        Tensor idx = max ? x.argmax(a, true) : x.argmin(a, true);
        Tensor values = gather(x, a, idx.to(DType.INT64));
        return keepDim ? new ValuesAndIndices(values, idx) : new ValuesAndIndices(values.squeeze(a), idx.squeeze(a));
    }
}
