package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;

import java.util.List;

/** indexSelect, scatterAdd (repeated indices), oneHot, views, concat/stack/split/chunk, assign and fill. */
class IndexingAndViewsConformanceTest {

    @BackendTest
    void indexSelectWithRepeatedIndices(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            In src = dt == DType.BOOL ? In.bools(6, 5, 4) : dt.isFloating() ? In.randn(dt, 6, 5, 4) : In.ints(dt, -99, 99, 6, 5, 4);
            for (DType it : List.of(DType.INT32, DType.INT64)) {
                for (int axis = 0; axis < 3; axis++) {
                    int a = axis, bound = new int[] {6, 5, 4}[axis];
                    Check.forward(b, "indexSelect axis " + a, Tol.EXACT, xs -> xs[0].indexSelect(a, xs[1]),
                            src, In.ints(it, 0, bound, 9));
                    Check.forward(b, "indexSelect 2-D index axis " + a, Tol.EXACT, xs -> xs[0].indexSelect(a, xs[1]),
                            src, In.ints(it, 0, bound, 2, 3));
                }
                Check.forward(b, "embedding lookup (repeats)", Tol.EXACT, xs -> xs[0].indexSelect(0, xs[1]),
                        In.randn(DType.FLOAT32, 11, 7), In.values(it, new double[] {3, 3, 0, 10, 3, 0}, 2, 3));
                Check.forward(b, "indexSelect from transposed", Tol.EXACT, xs -> xs[0].indexSelect(1, xs[1]),
                        In.transposed(In.randn(DType.FLOAT32, 7, 11)), In.ints(it, 0, 11, 13));
                Check.forward(b, "indexSelect with strided index", Tol.EXACT, xs -> xs[0].indexSelect(0, xs[1]),
                        In.randn(DType.FLOAT32, 5, 3), In.ints(it, 0, 5, 12).view(t -> t.slice(0, 1, 12, 3)));
                Check.forward(b, "indexSelect empty index", Tol.EXACT, xs -> xs[0].indexSelect(0, xs[1]),
                        In.randn(DType.FLOAT32, 5, 3), In.ints(it, 0, 5, 0));
                Check.forward(b, "indexSelect 0-d index", Tol.EXACT, xs -> xs[0].indexSelect(0, xs[1]),
                        In.randn(DType.FLOAT32, 5, 3), In.ints(it, 0, 5));
            }
        }
    }

    @BackendTest
    void scatterAddAccumulatesRepeatedIndices(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            if (dt == DType.BOOL) continue;
            In.Gen g = dt.isFloating() ? (r, i) -> ElementwiseConformanceTest.gaussian(r) : (r, i) -> r.nextInt(-9, 9);
            for (int axis = 0; axis < 3; axis++) {
                int a = axis;
                int[] selfShape = {4, 5, 3};
                int[] srcShape = selfShape.clone();
                srcShape[a] = 11;
                Check.forward(b, "scatterAdd axis " + a, Tol.REDUCTION, xs -> xs[0].scatterAdd(a, xs[1], xs[2]),
                        In.gen(dt, "self", g, selfShape), In.ints(DType.INT64, 0, selfShape[a], 11), In.gen(dt, "src", g, srcShape));
            }
            Check.forward(b, "scatterAdd all to one row", Tol.REDUCTION, xs -> xs[0].scatterAdd(0, xs[1], xs[2]),
                    In.gen(dt, "self", g, 3, 2), In.values(DType.INT32, new double[] {1, 1, 1, 1, 1, 1, 1}, 7),
                    In.gen(dt, "src", g, 7, 2));
            Check.forward(b, "scatterAdd strided src", Tol.REDUCTION, xs -> xs[0].scatterAdd(1, xs[1], xs[2]),
                    In.gen(dt, "self", g, 3, 4), In.ints(DType.INT64, 0, 4, 6),
                    In.transposed(In.gen(dt, "src", g, 3, 6)));
        }
        Check.forward(b, "scatterAdd float src into int self promotes", Tol.REDUCTION,
                xs -> xs[0].scatterAdd(0, xs[1], xs[2]),
                In.ints(DType.INT32, -3, 3, 4, 2), In.ints(DType.INT64, 0, 4, 5), In.randn(DType.FLOAT32, 5, 2));
    }

    @BackendTest
    void oneHot(String name) {
        Backend b = Conformance.backend(name);
        for (DType it : List.of(DType.INT32, DType.INT64)) {
            Check.forward(b, "oneHot", Tol.EXACT, xs -> xs[0].oneHot(10), In.ints(it, 0, 10, 17));
            Check.forward(b, "oneHot 2-D", Tol.EXACT, xs -> xs[0].oneHot(4), In.ints(it, 0, 4, 3, 5));
            Check.forward(b, "oneHot 0-d", Tol.EXACT, xs -> xs[0].oneHot(3), In.ints(it, 0, 3));
            Check.forward(b, "oneHot empty", Tol.EXACT, xs -> xs[0].oneHot(3), In.ints(it, 0, 3, 0));
            for (DType dt : Layouts.all(b)) {
                Check.forward(b, "oneHot as " + dt, Tol.EXACT, xs -> xs[0].oneHot(5, dt),
                        In.ints(it, 0, 5, 8).view(t -> t.slice(0, 0, 8, 2)));
            }
        }
    }

    @BackendTest
    void viewsMaterialize(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            In x = dt == DType.BOOL ? In.bools(4, 6, 5) : dt.isFloating() ? In.randn(dt, 4, 6, 5) : In.ints(dt, -99, 99, 4, 6, 5);
            List<java.util.Map.Entry<String, java.util.function.UnaryOperator<Tensor>>> views = List.of(
                    java.util.Map.entry("reshape", t -> t.reshape(6, -1)),
                    java.util.Map.entry("permute", t -> t.permute(2, 0, 1)),
                    java.util.Map.entry("permute+reshape (copies)", t -> t.permute(2, 0, 1).reshape(10, 12)),
                    java.util.Map.entry("transpose", t -> t.transpose(0, 2)),
                    java.util.Map.entry("slice step", t -> t.slice(1, 1, 6, 2)),
                    java.util.Map.entry("slice negative", t -> t.slice(2, -3, -1)),
                    java.util.Map.entry("slice empty", t -> t.slice(0, 2, 2)),
                    java.util.Map.entry("select", t -> t.select(1, -2)),
                    java.util.Map.entry("select to 1-D", t -> t.select(0, 3).select(1, 4)),
                    java.util.Map.entry("select to 0-d", t -> t.select(0, 1).select(0, 2).select(0, 3)),
                    java.util.Map.entry("unsqueeze+expand", t -> t.unsqueeze(1).expand(4, 3, 6, 5)),
                    java.util.Map.entry("squeeze", t -> t.slice(1, 2, 3).squeeze()),
                    java.util.Map.entry("squeeze axis", t -> t.slice(1, 2, 3).squeeze(1)),
                    java.util.Map.entry("flatten", Tensor::flatten),
                    java.util.Map.entry("flatten range", t -> t.transpose(0, 1).flatten(1, 2)),
                    java.util.Map.entry("contiguous", t -> t.transpose(1, 2).contiguous()),
                    java.util.Map.entry("copy", t -> t.slice(2, 0, 5, 2).copy()),
                    java.util.Map.entry("view", t -> t.view(24, 5)),
                    java.util.Map.entry("broadcastTo", t -> t.select(0, 0).select(0, 0).broadcastTo(3, 5)));
            for (var v : views) Check.forward(b, v.getKey(), Tol.EXACT, xs -> v.getValue().apply(xs[0]), x);
        }
    }

    @BackendTest
    void concatStackSplitChunk(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            In.Gen g = dt.isFloating() ? (r, i) -> ElementwiseConformanceTest.gaussian(r) : (r, i) -> r.nextInt(-9, 9);
            if (dt == DType.BOOL) g = (r, i) -> r.nextInt(2);
            In a = In.gen(dt, "a", g, 3, 4), c = In.gen(dt, "c", g, 3, 2), d = In.gen(dt, "d", g, 5, 4);
            Check.forward(b, "cat axis 1", Tol.EXACT, xs -> Tensor.cat(List.of(xs[0], xs[1]), 1), a, c);
            Check.forward(b, "cat axis 0 with transposed", Tol.EXACT, xs -> Tensor.cat(List.of(xs[0], xs[1], xs[0]), 0),
                    a, In.transposed(In.gen(dt, "d", g, 5, 4)));
            Check.forward(b, "cat with empty", Tol.EXACT, xs -> Tensor.cat(List.of(xs[0], xs[1]), -1), a, In.gen(dt, "e", g, 3, 0));
            Check.forward(b, "cat expanded", Tol.EXACT, xs -> Tensor.cat(List.of(xs[0], xs[1]), 0),
                    In.gen(dt, "x", g, 1, 4).view(t -> t.expand(2, 4)), d);
            Check.forward(b, "stack axis 0", Tol.EXACT, xs -> Tensor.stack(List.of(xs[0], xs[1]), 0), a, In.gen(dt, "b", g, 3, 4));
            Check.forward(b, "stack axis 2", Tol.EXACT, xs -> Tensor.stack(List.of(xs[0], xs[1], xs[0]), 2), a,
                    In.transposed(In.gen(dt, "b", g, 3, 4)));
            Check.forward(b, "stack 0-d", Tol.EXACT, xs -> Tensor.stack(List.of(xs[0], xs[1]), 0), In.gen(dt, "s", g), In.gen(dt, "t", g));
            Check.forwardAll(b, "split", Tol.EXACT, xs -> xs[0].split(new int[] {1, 0, 4}, 0), d);
            Check.forwardAll(b, "split axis 1 of transposed", Tol.EXACT, xs -> xs[0].split(new int[] {2, 3}, 1), In.transposed(In.gen(dt, "t", g, 4, 5)));
            Check.forwardAll(b, "chunk", Tol.EXACT, xs -> xs[0].chunk(3, 1), In.gen(dt, "k", g, 2, 7));
            Check.forwardAll(b, "chunk more than size", Tol.EXACT, xs -> xs[0].chunk(5, 0), In.gen(dt, "k", g, 3, 2));
        }
        Check.forward(b, "cat mixed dtypes promotes", Tol.EXACT, xs -> Tensor.cat(List.of(xs[0], xs[1], xs[2]), 0),
                In.ints(DType.INT32, -5, 5, 2, 3), In.randn(DType.FLOAT32, 1, 3), In.bools(2, 3));
    }

    @BackendTest
    void assignAndFill(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            In x = dt.isFloating() ? In.randn(dt, 4, 5) : dt == DType.BOOL ? In.bools(4, 5) : In.ints(dt, -9, 9, 4, 5);
            Check.forward(b, "assign broadcast row", Tol.EXACT, xs -> xs[0].copy().assign(xs[1]), x, In.randn(DType.FLOAT32, 5));
            Check.forward(b, "assign into strided view", Tol.EXACT, xs -> {
                Tensor y = xs[0].copy();
                y.slice(1, 0, 5, 2).assign(xs[1]);
                return y;
            }, x, In.ints(DType.INT64, -3, 3, 4, 3));
            Check.forward(b, "assign transposed self (overlap)", Tol.EXACT, xs -> {
                Tensor y = xs[0].slice(1, 0, 4).contiguous().copy();
                y.assign(y.t());
                return y;
            }, x);
            Check.forward(b, "fill view", Tol.EXACT, xs -> {
                Tensor y = xs[0].copy();
                y.select(0, 2).fill(7);
                y.slice(1, 1, 5, 3).fill(-1.5);
                return y;
            }, x);
        }
    }
}
