package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static java.util.Map.entry;

/** Element-wise ops against the reference backend: every op, dtype and layout; promotion; extreme values. */
class ElementwiseConformanceTest {

    /** Unary float ops with the input range each is meant for. */
    static final Map<String, Object[]> UNARY = Map.ofEntries(
            entry("neg", new Object[] {(UnaryOperator<Tensor>) Tensor::neg, "randn"}),
            entry("abs", new Object[] {(UnaryOperator<Tensor>) Tensor::abs, "randn"}),
            entry("sign", new Object[] {(UnaryOperator<Tensor>) Tensor::sign, "randn"}),
            entry("exp", new Object[] {(UnaryOperator<Tensor>) Tensor::exp, "randn3"}),
            entry("log", new Object[] {(UnaryOperator<Tensor>) Tensor::log, "positive"}),
            entry("sqrt", new Object[] {(UnaryOperator<Tensor>) Tensor::sqrt, "positive"}),
            entry("rsqrt", new Object[] {(UnaryOperator<Tensor>) Tensor::rsqrt, "positive"}),
            entry("reciprocal", new Object[] {(UnaryOperator<Tensor>) Tensor::reciprocal, "away"}),
            entry("sin", new Object[] {(UnaryOperator<Tensor>) Tensor::sin, "randn3"}),
            entry("cos", new Object[] {(UnaryOperator<Tensor>) Tensor::cos, "randn3"}),
            entry("tanh", new Object[] {(UnaryOperator<Tensor>) Tensor::tanh, "randn3"}),
            entry("erf", new Object[] {(UnaryOperator<Tensor>) Tensor::erf, "randn3"}),
            entry("sigmoid", new Object[] {(UnaryOperator<Tensor>) Tensor::sigmoid, "randn3"}),
            entry("relu", new Object[] {(UnaryOperator<Tensor>) Tensor::relu, "randn"}),
            entry("gelu", new Object[] {(UnaryOperator<Tensor>) Tensor::gelu, "randn3"}),
            entry("geluTanh", new Object[] {(UnaryOperator<Tensor>) Tensor::geluTanh, "randn3"}),
            entry("silu", new Object[] {(UnaryOperator<Tensor>) Tensor::silu, "randn3"}),
            entry("square", new Object[] {(UnaryOperator<Tensor>) Tensor::square, "randn"}),
            entry("leakyRelu", new Object[] {(UnaryOperator<Tensor>) t -> t.leakyRelu(0.1), "randn"}),
            entry("clamp", new Object[] {(UnaryOperator<Tensor>) t -> t.clamp(-0.5, 0.75), "randn"}));

    static In.Gen gen(String kind) {
        return switch (kind) {
            case "randn" -> (r, i) -> gaussian(r);
            case "randn3" -> (r, i) -> 3 * gaussian(r);
            case "positive" -> (r, i) -> 0.05 + 4 * r.nextDouble();
            case "away" -> (r, i) -> { double v = gaussian(r); return v >= 0 ? v + 0.2 : v - 0.2; };
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static double gaussian(java.util.SplittableRandom r) {
        double u1;
        do { u1 = r.nextDouble(); } while (u1 <= 1e-300);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @SuppressWarnings("unchecked")
    @BackendTest
    void unaryFloatOpsOnEveryLayout(String name) {
        Backend b = Conformance.backend(name);
        for (var e : UNARY.entrySet()) {
            UnaryOperator<Tensor> op = (UnaryOperator<Tensor>) e.getValue()[0];
            for (DType dt : Layouts.floats(b)) {
                for (In in : Layouts.of(dt, (String) e.getValue()[1], gen((String) e.getValue()[1]))) {
                    Check.forward(b, e.getKey(), Tol.ELEMENTWISE, xs -> op.apply(xs[0]), in);
                }
            }
        }
    }

    /** NEG, ABS, SIGN, RELU run on integers as integers; the others promote integer and bool input to float32. */
    @SuppressWarnings("unchecked")
    @BackendTest
    void unaryOpsOnIntegerAndBoolInput(String name) {
        Backend b = Conformance.backend(name);
        for (var e : UNARY.entrySet()) {
            UnaryOperator<Tensor> op = (UnaryOperator<Tensor>) e.getValue()[0];
            boolean positive = e.getValue()[1].equals("positive") || e.getValue()[1].equals("away");
            for (DType dt : List.of(DType.INT32, DType.INT64)) {
                In in = positive ? In.ints(dt, 1, 50, 17) : In.ints(dt, -20, 20, 17);
                Check.forward(b, e.getKey(), Tol.ELEMENTWISE, xs -> op.apply(xs[0]), in);
                In strided = (positive ? In.ints(dt, 1, 50, 17, 1) : In.ints(dt, -20, 20, 17, 1))
                        .view(t -> t.expand(17, 3).transpose(0, 1));
                Check.forward(b, e.getKey(), Tol.ELEMENTWISE, xs -> op.apply(xs[0]), strided);
            }
            if (!positive) Check.forward(b, e.getKey(), Tol.ELEMENTWISE, xs -> op.apply(xs[0]), In.bools(7, 3));
        }
    }

    /** Large and tiny magnitudes, signed zeros, infinities and NaN: NaN must propagate, infinities must saturate. */
    @SuppressWarnings("unchecked")
    @BackendTest
    void unaryOpsOnExtremeValues(String name) {
        Backend b = Conformance.backend(name);
        double inf = Double.POSITIVE_INFINITY;
        double[] extreme = {0.0, -0.0, 1e30, -1e30, 1e-30, -1e-30, inf, -inf, Double.NaN, 50, -50, 80, -80, 1e4, -1e4,
                20, -20, 9, -9, 1e-7};
        double[] moderate = {0.0, -0.0, 1e-30, -1e-30, 1e4, -1e4, 100, -100, inf, -inf, Double.NaN, 3, -3, 1e-7};
        for (var e : UNARY.entrySet()) {
            UnaryOperator<Tensor> op = (UnaryOperator<Tensor>) e.getValue()[0];
            // sin/cos of 1e30 needs exact argument reduction; it is not a conformance requirement here
            double[] v = e.getKey().equals("sin") || e.getKey().equals("cos") ? moderate : extreme;
            for (DType dt : Layouts.floats(b)) {
                Check.forward(b, e.getKey() + " (extreme values)", Tol.ELEMENTWISE, xs -> op.apply(xs[0]),
                        In.values(dt, v, v.length));
            }
        }
    }

    static final Map<String, java.util.function.BinaryOperator<Tensor>> BINARY = Map.ofEntries(
            entry("add", Tensor::add), entry("sub", Tensor::sub), entry("mul", Tensor::mul), entry("div", Tensor::div),
            entry("maximum", Tensor::maximum), entry("minimum", Tensor::minimum),
            entry("lt", Tensor::lt), entry("le", Tensor::le), entry("gt", Tensor::gt), entry("ge", Tensor::ge),
            entry("eq", Tensor::eq), entry("ne", Tensor::ne));

    @BackendTest
    void binaryOpsWithBroadcastingOnEveryDtype(String name) {
        Backend b = Conformance.backend(name);
        for (var e : BINARY.entrySet()) {
            for (DType dt : Layouts.all(b)) {
                boolean isDiv = e.getKey().equals("div");
                // small integers so that comparisons see ties; divisors away from zero
                In.Gen ga = dt.isFloating() ? gen("randn") : (r, i) -> r.nextInt(-4, 5);
                In.Gen gb = isDiv ? (dt.isFloating() ? gen("away") : (r, i) -> r.nextBoolean() ? r.nextInt(1, 5) : -r.nextInt(1, 5))
                        : ga;
                if (dt == DType.BOOL) {
                    ga = (r, i) -> r.nextBoolean() ? 1 : 0;
                    gb = isDiv ? (r, i) -> 1 : ga;
                }
                for (In[] p : Layouts.binaryPairs(dt, dt.isFloating() ? "randn" : "small ints", ga, gb)) {
                    Check.forward(b, e.getKey(), Tol.ELEMENTWISE, xs -> e.getValue().apply(xs[0], xs[1]), p);
                }
            }
        }
    }

    @BackendTest
    void pow(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            for (In[] p : Layouts.binaryPairs(dt, "pow", (r, i) -> 0.2 + 3 * r.nextDouble(), (r, i) -> 2 * gaussian(r))) {
                Check.forward(b, "pow", Tol.ELEMENTWISE, xs -> xs[0].pow(xs[1]), p);
            }
            // negative bases with whole exponents, 0^0, 0^positive, fractional powers, negative exponents
            double[] base = {-2, -1.5, 0, 0, 2, -3, 4, 9, 0.5, -0.5, 1, Double.NaN, 1};
            double[] expo = {3, 2, 0, 2, 0.5, -1, -0.5, 1.5, -2, 3, Double.NaN, 0, 1e4};
            Check.forward(b, "pow (special values)", Tol.ELEMENTWISE, xs -> xs[0].pow(xs[1]),
                    In.values(dt, base, base.length), In.values(dt, expo, expo.length));
            Check.forward(b, "pow scalar", Tol.ELEMENTWISE, xs -> xs[0].pow(2.0), In.randn(dt, 17));
            Check.forward(b, "pow scalar 0.5", Tol.ELEMENTWISE, xs -> xs[0].pow(0.5), In.uniform(dt, 0, 3, 17));
            Check.forward(b, "pow scalar -1", Tol.ELEMENTWISE, xs -> xs[0].pow(-1.0), In.awayFromZero(dt, 0.3, 17));
        }
        Check.forward(b, "int pow (promotes to float32)", Tol.ELEMENTWISE, xs -> xs[0].pow(xs[1]),
                In.ints(DType.INT32, 0, 5, 7), In.ints(DType.INT64, 0, 4, 7));
    }

    @BackendTest
    void scalarOverloads(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            In x = dt == DType.BOOL ? In.bools(3, 7) : dt.isFloating() ? In.randn(dt, 3, 7) : In.ints(dt, -9, 10, 3, 7);
            List<Map.Entry<String, Function<Tensor, Tensor>>> ops = List.of(
                    entry("add 2", t -> t.add(2)), entry("add 1.5", t -> t.add(1.5)), entry("sub 3", t -> t.sub(3)),
                    entry("mul -2", t -> t.mul(-2)), entry("mul 0.25", t -> t.mul(0.25)), entry("div 4", t -> t.div(4)),
                    entry("maximum 0.5", t -> t.maximum(0.5)), entry("minimum -1", t -> t.minimum(-1)),
                    entry("rsub 1", t -> t.rsub(1)), entry("rdiv 3", t -> t.rdiv(3)),
                    entry("lt 0", t -> t.lt(0)), entry("le 1", t -> t.le(1)), entry("gt 0.5", t -> t.gt(0.5)),
                    entry("ge -1", t -> t.ge(-1)), entry("eq 1", t -> t.eq(1)), entry("ne 0", t -> t.ne(0)));
            for (var op : ops) {
                if (op.getKey().startsWith("rdiv") && dt != DType.BOOL && !dt.isFloating()) {
                    Check.forward(b, op.getKey(), Tol.ELEMENTWISE, xs -> op.getValue().apply(xs[0]),
                            In.ints(dt, 1, 9, 3, 7));
                    continue;
                }
                if (op.getKey().startsWith("rdiv") && dt == DType.BOOL) continue;
                Check.forward(b, op.getKey(), Tol.ELEMENTWISE, xs -> op.getValue().apply(xs[0]), x);
            }
        }
    }

    /** PyTorch's promotion: the operation runs in the higher of BOOL < INT32 < INT64 < FLOAT32 < FLOAT64. */
    @BackendTest
    void mixedDtypePromotion(String name) {
        Backend b = Conformance.backend(name);
        List<DType> dts = Layouts.all(b);
        for (DType da : dts) {
            for (DType db : dts) {
                In a = da == DType.BOOL ? In.bools(4, 5) : In.ints(da, -5, 6, 4, 5);
                In c = db == DType.BOOL ? In.bools(5) : In.ints(db, 1, 4, 5);
                Check.forward(b, "add " + da + "+" + db, Tol.ELEMENTWISE, xs -> xs[0].add(xs[1]), a, c);
                Check.forward(b, "mul " + da + "*" + db, Tol.ELEMENTWISE, xs -> xs[0].mul(xs[1]), a, c);
                Check.forward(b, "sub " + da + "-" + db, Tol.ELEMENTWISE, xs -> xs[0].sub(xs[1]), a, c);
                if (db != DType.BOOL) {
                    Check.forward(b, "div " + da + "/" + db, Tol.ELEMENTWISE, xs -> xs[0].div(xs[1]), a, c);
                }
                Check.forward(b, "lt " + da + "<" + db, Tol.ELEMENTWISE, xs -> xs[0].lt(xs[1]), a, c);
                Check.forward(b, "maximum " + da + "," + db, Tol.ELEMENTWISE, xs -> xs[0].maximum(xs[1]), a, c);
                Check.forward(b, "where " + da + "," + db, Tol.ELEMENTWISE,
                        xs -> Tensor.where(xs[2], xs[0], xs[1]), a, c, In.bools(4, 1));
            }
        }
    }

    /** maximum/minimum propagate NaN (like Math.max); comparisons with NaN are false (ne true). */
    @BackendTest
    void nanAndInfinityInBinaryOps(String name) {
        Backend b = Conformance.backend(name);
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        double[] a = {nan, 1, nan, inf, -inf, inf, 0.0, -0.0, 1e30, -1e30, 2, inf};
        double[] c = {1, nan, nan, 1, inf, inf, -0.0, 0.0, 1e30, 1e30, -inf, -inf};
        for (DType dt : Layouts.floats(b)) {
            for (var e : BINARY.entrySet()) {
                Check.forward(b, e.getKey() + " (nan/inf)", Tol.ELEMENTWISE, xs -> e.getValue().apply(xs[0], xs[1]),
                        In.values(dt, a, a.length), In.values(dt, c, c.length));
            }
            Check.forward(b, "clamp (nan/inf)", Tol.ELEMENTWISE, xs -> xs[0].clamp(-1, 1), In.values(dt, a, a.length));
            Check.forward(b, "relu (nan/inf)", Tol.ELEMENTWISE, xs -> xs[0].relu(), In.values(dt, a, a.length));
        }
    }

    @BackendTest
    void whereAndMaskedFill(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            In a = dt == DType.BOOL ? In.bools(3, 1, 5) : In.ints(dt, -9, 9, 3, 1, 5);
            if (dt.isFloating()) a = In.randn(dt, 3, 1, 5);
            In c = dt == DType.BOOL ? In.bools(4, 1) : dt.isFloating() ? In.randn(dt, 4, 1) : In.ints(dt, -9, 9, 4, 1);
            Check.forward(b, "where bool cond broadcast", Tol.EXACT, xs -> Tensor.where(xs[0], xs[1], xs[2]),
                    In.bools(1, 4, 5), a, c);
            Check.forward(b, "where int cond", Tol.EXACT, xs -> Tensor.where(xs[0], xs[1], xs[2]),
                    In.ints(DType.INT32, -1, 2, 3, 4, 5), a, c);
            Check.forward(b, "where scalar else", Tol.EXACT, xs -> Tensor.where(xs[0], xs[1], -7.0),
                    In.transposed(In.bools(5, 3)), In.transposed(a.view(t -> t.reshape(3, 5))));
            Check.forward(b, "maskedFill", Tol.EXACT, xs -> xs[1].maskedFill(xs[0], -3),
                    In.bools(4, 5), a);
            Check.forward(b, "maskedFill -inf", Tol.EXACT, xs -> xs[1].maskedFill(xs[0], Double.NEGATIVE_INFINITY),
                    In.bools(4, 1), In.randn(DType.FLOAT32, 4, 6));
            Check.forward(b, "maskedFill 2.5 on " + dt, Tol.EXACT, xs -> xs[1].maskedFill(xs[0], 2.5),
                    In.bools(5), a);
            Check.forward(b, "where empty", Tol.EXACT, xs -> Tensor.where(xs[0], xs[1], xs[2]),
                    In.bools(0, 3), In.randn(DType.FLOAT32, 1, 3), In.randn(DType.FLOAT32, 3));
            Check.forward(b, "where 0-d", Tol.EXACT, xs -> Tensor.where(xs[0], xs[1], xs[2]),
                    In.bools(), In.randn(DType.FLOAT32), In.randn(DType.FLOAT32));
        }
    }
}
