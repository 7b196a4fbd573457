package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reductions over every axis set with and without keepDim, argmax/argmin ties, NaN/inf, empty and 0-d inputs. */
class ReductionConformanceTest {

    /** Every non-empty subset of the axes of a rank-r tensor, plus the empty set (= all axes). */
    static List<int[]> axisSets(int rank) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << rank); mask++) {
            int[] axes = new int[Integer.bitCount(mask)];
            for (int a = 0, j = 0; a < rank; a++) if ((mask & (1 << a)) != 0) axes[j++] = a;
            out.add(axes);
        }
        return out;
    }

    /** The shapes of {@link #inputs} after their views. */
    static final int[][] FINAL_SHAPES = {{3, 5, 7}, {17, 2, 1}, {4, 4, 3}, {3, 6, 5}};

    static List<In> inputs(DType dt) {
        In.Gen g = dt.isFloating() ? (r, i) -> ElementwiseConformanceTest.gaussian(r) : (r, i) -> r.nextInt(-50, 50);
        if (dt == DType.BOOL) g = (r, i) -> r.nextBoolean() ? 1 : 0;
        return List.of(
                In.gen(dt, "r", g, 3, 5, 7),
                In.gen(dt, "r", g, 2, 1, 17).view(t -> t.permute(2, 0, 1)),          // permuted (17, 2, 1)
                In.gen(dt, "r", g, 4, 9, 3).view(t -> t.slice(1, 1, 9, 2)),          // strided (4, 4, 3)
                In.gen(dt, "r", g, 1, 6, 1).view(t -> t.expand(3, 6, 5)));          // broadcast (3, 6, 5)
    }

    @BackendTest
    void sumMeanMaxMinOverEveryAxisSet(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            for (In in : inputs(dt)) {
                for (int[] axes : axisSets(3)) {
                    for (boolean keep : new boolean[] {false, true}) {
                        String s = Arrays.toString(axes) + (keep ? " keepDim" : "");
                        Check.forward(b, "sum " + s, Tol.REDUCTION, xs -> xs[0].sum(axes, keep), in);
                        Check.forward(b, "mean " + s, Tol.REDUCTION, xs -> xs[0].mean(axes, keep), in);
                        Check.forward(b, "max " + s, Tol.EXACT, xs -> xs[0].max(axes, keep), in);
                        Check.forward(b, "min " + s, Tol.EXACT, xs -> xs[0].min(axes, keep), in);
                    }
                }
            }
            In in = inputs(dt).get(0);
            Check.forward(b, "sum all", Tol.REDUCTION, xs -> xs[0].sum(), in);
            Check.forward(b, "mean all", Tol.REDUCTION, xs -> xs[0].mean(), in);
            Check.forward(b, "max all", Tol.EXACT, xs -> xs[0].max(), in);
            Check.forward(b, "min all", Tol.EXACT, xs -> xs[0].min(), in);
            Check.forward(b, "sum axis -1", Tol.REDUCTION, xs -> xs[0].sum(-1, false), in);
            Check.forward(b, "max axis -2 keep", Tol.EXACT, xs -> xs[0].max(-2, true), in);
        }
    }

    @BackendTest
    void oddSizesEmptyAndScalar(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            for (int n : new int[] {1, 7, 17, 1023, 4099}) {
                In in = In.randn(dt, n);
                Check.forward(b, "sum " + n, Tol.REDUCTION, xs -> xs[0].sum(), in);
                Check.forward(b, "max " + n, Tol.EXACT, xs -> xs[0].max(), in);
                Check.forward(b, "min " + n, Tol.EXACT, xs -> xs[0].min(), in);
                Check.forward(b, "argmax " + n, Tol.EXACT, xs -> xs[0].argmax(), in);
                Check.forward(b, "argmin " + n, Tol.EXACT, xs -> xs[0].argmin(), in);
                Check.forward(b, "logSumExp " + n, Tol.REDUCTION, xs -> xs[0].logSumExp(0, false), in);
                Check.forward(b, "rows of " + n, Tol.REDUCTION, xs -> xs[0].reshape(1, n).expand(3, n).sum(1, true), in);
            }
            Check.forward(b, "sum of empty", Tol.EXACT, xs -> xs[0].sum(), In.randn(dt, 0));
            Check.forward(b, "sum of empty axis", Tol.EXACT, xs -> xs[0].sum(1, false), In.randn(dt, 3, 0));
            Check.forward(b, "sum over non-empty axis of empty", Tol.EXACT, xs -> xs[0].sum(0, true), In.randn(dt, 3, 0));
            Check.forward(b, "max of empty rows", Tol.EXACT, xs -> xs[0].max(1, false), In.randn(dt, 0, 4));
            Check.forward(b, "sum 0-d", Tol.EXACT, xs -> xs[0].sum(), In.randn(dt));
            Check.forward(b, "max 0-d", Tol.EXACT, xs -> xs[0].max(), In.randn(dt));
            Check.forward(b, "mean 0-d", Tol.EXACT, xs -> xs[0].mean(), In.randn(dt));
            Check.forward(b, "sum size-1 axes", Tol.REDUCTION, xs -> xs[0].sum(new int[] {0, 2}, true), In.randn(dt, 1, 7, 1));
        }
    }

    /** Ties go to the first index; NaN is the extreme value (the first NaN wins). */
    @BackendTest
    void argmaxArgminTiesAndNaN(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            if (dt == DType.BOOL) continue;
            // many ties: values in {0, 1, 2}
            In ties = In.ints(dt, 0, 3, 6, 5, 7);
            for (int axis = 0; axis < 3; axis++) {
                int a = axis;
                Check.forward(b, "argmax ties axis " + a, Tol.EXACT, xs -> xs[0].argmax(a), ties);
                Check.forward(b, "argmin ties axis " + a, Tol.EXACT, xs -> xs[0].argmin(a, true), ties);
                Check.forward(b, "argmax ties transposed axis " + a, Tol.EXACT, xs -> xs[0].transpose(0, 2).argmax(a), ties);
            }
            Check.forward(b, "argmax all ties", Tol.EXACT, xs -> xs[0].argmax(), In.values(dt, new double[] {1, 3, 3, 0, 3}, 5));
            Check.forward(b, "argmin all ties", Tol.EXACT, xs -> xs[0].argmin(), In.values(dt, new double[] {1, 0, 3, 0, 0}, 5));
            Check.forward(b, "argmax long row", Tol.EXACT, xs -> xs[0].argmax(1), In.ints(dt, 0, 2, 3, 1023));
        }
        Check.forward(b, "argmax bool", Tol.EXACT, xs -> xs[0].argmax(0), In.bools(9, 4));
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        for (DType dt : Layouts.floats(b)) {
            double[] v = {1, nan, 3, nan, -inf, 2, inf, 0, -1, 5, 5, -inf};
            In x = In.values(dt, v, 3, 4);
            for (int axis = 0; axis < 2; axis++) {
                int a = axis;
                Check.forward(b, "argmax nan axis " + a, Tol.EXACT, xs -> xs[0].argmax(a), x);
                Check.forward(b, "argmin nan axis " + a, Tol.EXACT, xs -> xs[0].argmin(a), x);
                Check.forward(b, "max nan axis " + a, Tol.EXACT, xs -> xs[0].max(a, false), x);
                Check.forward(b, "min nan axis " + a, Tol.EXACT, xs -> xs[0].min(a, false), x);
                Check.forward(b, "sum nan/inf axis " + a, Tol.EXACT, xs -> xs[0].sum(a, false), x);
                Check.forward(b, "logSumExp nan/inf axis " + a, Tol.REDUCTION, xs -> xs[0].logSumExp(a, false), x);
            }
            Check.forward(b, "max all with nan", Tol.EXACT, xs -> xs[0].max(), x);
            Check.forward(b, "min all with nan", Tol.EXACT, xs -> xs[0].min(), x);
            double[] big = {1e30, -1e30, 1e-30, 3e38, -3e38, 1e-30, 7, 1e30};
            Check.forward(b, "max/min/sum large", Tol.REDUCTION, xs -> xs[0].max(1, false).sub(xs[0].min(1, false)),
                    In.values(dt, big, 2, 4));
            Check.forward(b, "sum overflows to inf in float32 only", Tol.REDUCTION, xs -> xs[0].sum(1, false),
                    In.values(dt, new double[] {3e38, 3e38, -1, 1e-30}, 2, 2));
            Check.forward(b, "logSumExp of -inf row", Tol.REDUCTION, xs -> xs[0].logSumExp(1, true),
                    In.values(dt, new double[] {-inf, -inf, 0, 1000, 1000, -1000}, 2, 3));
        }
    }

    @BackendTest
    void varStdLogSumExp(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            List<In> ins = inputs(dt);
            for (int k = 0; k < ins.size(); k++) {
                In in = ins.get(k);
                for (int[] axes : axisSets(3)) {
                    for (int correction : new int[] {0, 1}) {
                        boolean keep = correction == 1;
                        String s = Arrays.toString(axes) + " correction " + correction;
                        int count = 1;
                        for (int a : (axes.length == 0 ? new int[] {0, 1, 2} : axes)) count *= FINAL_SHAPES[k][a];
                        if (count - correction <= 0) continue; // no degrees of freedom: core rejects it
                        Check.forward(b, "var " + s, Tol.REDUCTION, xs -> xs[0].var(axes, correction, keep), in);
                        Check.forward(b, "std " + s, Tol.REDUCTION, xs -> xs[0].std(axes, correction, keep), in);
                    }
                }
                for (int axis = 0; axis < 3; axis++) {
                    int a = axis;
                    Check.forward(b, "logSumExp axis " + a, Tol.REDUCTION, xs -> xs[0].logSumExp(a, a == 1), in);
                }
            }
            Check.forward(b, "var all", Tol.REDUCTION, xs -> xs[0].var(), In.randn(dt, 1023));
            Check.forward(b, "std all", Tol.REDUCTION, xs -> xs[0].std(), In.randn(dt, 5, 7));
            Check.forward(b, "var of large offset", Tol.REDUCTION.times(10), xs -> xs[0].add(1000).var(),
                    In.randn(dt, 257));
        }
        Check.forward(b, "var of int32 promotes", Tol.REDUCTION, xs -> xs[0].var(), In.ints(DType.INT32, -9, 9, 17));
        Check.forward(b, "mean of int64 promotes", Tol.REDUCTION, xs -> xs[0].mean(0, false), In.ints(DType.INT64, -9, 9, 5, 3));
        Check.forward(b, "sum of int64 large", Tol.EXACT, xs -> xs[0].sum(),
                In.longs(new long[] {1L << 40, (1L << 40) + 1, -(1L << 52) + 3, 7}, 4));
    }
}
