package io.github.tensorforge.core;

/** Gather (index select), its adjoint scatter-add, and one-hot encoding. */
final class Indexing {
    private Indexing() {}

    /** Flattened INT64 index, with every value checked to lie in [0, bound). */
    private static Tensor checkedIndex(String op, Tensor index, int bound, String what) {
        if (index.dtype != DType.INT32 && index.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be int32 or int64, got " + index.dtype);
        }
        Tensor flat = index.to(DType.INT64).reshape(index.numel());
        if (flat.numel() > 0) {
            long lo, hi;
            try (var g = GradMode.disable(); Tensor min = flat.min(); Tensor max = flat.max()) {
                lo = min.itemLong();
                hi = max.itemLong();
            }
            if (lo < 0 || hi >= bound) {
                throw new IndexOutOfBoundsException(op + ": index values must lie in [0, " + bound + ") for " + what
                        + ", found " + (lo < 0 ? lo : hi));
            }
        }
        return flat;
    }

    static Tensor indexSelect(Tensor src, int axis, Tensor index) {
        Ops.sameBackend("indexSelect", src, index);
        if (src.rank() == 0) throw new IllegalArgumentException("indexSelect: source must have at least one axis");
        int a = Shapes.axis("indexSelect", axis, src.rank());
        Tensor flat = checkedIndex("indexSelect", index, src.shape[a],
                "axis " + axis + " of " + Shapes.str(src.shape));
        int[] outShape = src.shape.clone();
        outShape[a] = flat.numel();
        Tensor out = Ops.empty(src.backend(), src.dtype, outShape);
        if (out.numel() > 0) src.backend().gather(out.view(), src.view(), flat.view(), a);
        int[] srcShape = src.shape;
        Tensor recorded = Autograd.record(out, "indexSelect", g -> {
            Tensor zeros = g.factory().zeros(g.dtype, srcShape);
            Tensor gc = g.contiguous();
            if (gc.numel() > 0) g.backend().scatterAdd(zeros.view(), flat.view(), gc.view(), a);
            return new Tensor[] {zeros};
        }, src);
        // Replace the flattened index axis by the index's own shape.
        int[] finalShape = new int[src.rank() - 1 + index.rank()];
        int j = 0;
        for (int i = 0; i < a; i++) finalShape[j++] = src.shape[i];
        for (int d : index.shape) finalShape[j++] = d;
        for (int i = a + 1; i < src.rank(); i++) finalShape[j++] = src.shape[i];
        return recorded.reshape(finalShape);
    }

    static Tensor scatterAdd(Tensor self, int axis, Tensor index, Tensor src) {
        Ops.sameBackend("scatterAdd", self, index, src);
        int a = Shapes.axis("scatterAdd", axis, self.rank());
        Tensor flat = checkedIndex("scatterAdd", index, self.shape[a], "axis " + axis + " of " + Shapes.str(self.shape));
        int[] expected = self.shape.clone();
        expected[a] = flat.numel();
        if (!java.util.Arrays.equals(expected, src.shape)) {
            throw new IllegalArgumentException("scatterAdd: source has shape " + Shapes.str(src.shape) + " but "
                    + flat.numel() + " indices into axis " + axis + " of " + Shapes.str(self.shape) + " need "
                    + Shapes.str(expected));
        }
        DType dt = DType.promote(self.dtype, src.dtype);
        Tensor out = self.copyAs(dt);
        Tensor s = src.to(dt).contiguous();
        if (s.numel() > 0) self.backend().scatterAdd(out.view(), flat.view(), s.view(), a);
        return Autograd.record(out, "scatterAdd",
                g -> new Tensor[] {g, g.indexSelect(a, flat)}, self.to(dt), s);
    }

    static Tensor oneHot(Tensor labels, int numClasses, DType dtype) {
        if (numClasses <= 0) throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        Tensor flat = checkedIndex("oneHot", labels, numClasses, numClasses + " classes");
        Tensor classes = labels.factory().arange(0, numClasses, 1);
        Tensor hot = labels.to(DType.INT64).unsqueeze(labels.rank()).eq(classes);
        if (flat != labels) flat.close(); // flat int64 labels come back as themselves: they are the caller's
        return hot.to(dtype);
    }
}
