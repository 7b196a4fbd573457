package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Backend;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation ops, casts between every pair of dtypes, moving between backends, reading back. */
class CreationAndCastConformanceTest {

    /** Runs {@code make} on the reference backend and on b and compares. */
    static void created(Backend b, String what, java.util.function.Function<Backend, Tensor> make) {
        Soft.run(() -> {
            try (var scope = TensorScope.open()) {
                Tensor e = make.apply(Conformance.reference());
                Tensor a = make.apply(b);
                Check.compareAll(what, List.of(e), List.of(a), b, Tol.EXACT);
            }
        });
    }

    @BackendTest
    void creation(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.all(b)) {
            created(b, "zeros " + dt, k -> Tensor.on(k).zeros(dt, 3, 7));
            created(b, "ones " + dt, k -> Tensor.on(k).ones(dt, 17));
            created(b, "full " + dt, k -> Tensor.on(k).full(dt, -2.5, 2, 1, 3));
            created(b, "full 0-d " + dt, k -> Tensor.on(k).full(dt, 3));
            created(b, "full empty " + dt, k -> Tensor.on(k).full(dt, 3, 0, 2));
            created(b, "zerosLike " + dt, k -> Tensor.on(k).full(dt, 1, 1023).zerosLike());
            created(b, "onesLike/fullLike " + dt, k -> Tensor.on(k).zeros(dt, 5).fullLike(4).add(Tensor.on(k).zeros(dt, 5).onesLike()));
        }
        created(b, "full nan/inf", k -> Tensor.on(k).full(DType.FLOAT32, Double.NaN, 3).add(Tensor.on(k).full(DType.FLOAT32, Double.NEGATIVE_INFINITY, 3)));
        created(b, "scalar", k -> Tensor.on(k).scalar(1.25));
        created(b, "arange int", k -> Tensor.on(k).arange(-3, 1020, 1));
        created(b, "arange float", k -> Tensor.on(k).arange(0, 1, 0.125));
        created(b, "arange empty", k -> Tensor.on(k).arange(5, 5, 1));
        created(b, "linspace", k -> Tensor.on(k).linspace(-1, 1, 17));
        created(b, "eye", k -> Tensor.on(k).eye(7));
        created(b, "of float[][]", k -> Tensor.on(k).of(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        created(b, "rand same seed", k -> Tensor.on(k).rand(new Rng(11), DType.FLOAT32, 7, 3));
        created(b, "randn same seed", k -> Tensor.on(k).randn(new Rng(12), DType.FLOAT32, 1023));
        created(b, "randint same seed", k -> Tensor.on(k).randint(new Rng(13), -5, 5, 4, 4));
        if (Conformance.supportsFloat64(b)) {
            created(b, "randn float64", k -> Tensor.on(k).randn(new Rng(14), DType.FLOAT64, 9));
        }
    }

    /** Every dtype to every dtype: float to int truncates toward zero; anything to bool is != 0 (NaN is true). */
    @BackendTest
    void castBetweenAllDtypes(String name) {
        Backend b = Conformance.backend(name);
        double[] v = {0, -0.0, 1, -1, 2.7, -2.7, 0.5, -0.5, 1e6 + 0.5, -123456.9, 100, 255, 256, -129, 3e9, Double.NaN};
        for (DType from : Layouts.all(b)) {
            for (DType to : Layouts.all(b)) {
                In x = switch (from) {
                    case BOOL -> In.bools(7, 3);
                    case INT32 -> In.values(from, new double[] {0, 1, -1, 2147483647, -2147483648, 65537, -7, 1 << 24}, 8);
                    case INT64 -> In.longs(new long[] {0, 1, -1, (1L << 40) + 3, -(1L << 33), 65537, 1L << 24, Long.MIN_VALUE + 1}, 8);
                    case FLOAT32, FLOAT64 -> In.values(from, to.isFloating() || to == DType.BOOL ? v
                            : java.util.Arrays.copyOf(v, 12), to.isFloating() || to == DType.BOOL ? v.length : 12);
                };
                // int64 -> int32 wraps in Java; only values that fit are compared
                if (from == DType.INT64 && to == DType.INT32) {
                    x = In.longs(new long[] {0, 1, -1, 65537, 1L << 24, -2147483648L, 2147483647L}, 7);
                }
                Check.forward(b, "cast " + from + " -> " + to, Tol.EXACT, xs -> xs[0].to(to), x);
                Check.forward(b, "cast strided " + from + " -> " + to, Tol.EXACT, xs -> xs[0].to(to),
                        x.view(t -> t.rank() == 1 ? t.slice(0, 1, t.shape(0), 2) : t.t()));
            }
        }
    }

    /** to(backend) round trip: reference -> b -> reference keeps every value, dtype and shape; views move densely. */
    @BackendTest
    void toBackendRoundTrip(String name) {
        Backend b = Conformance.backend(name);
        Backend ref = Conformance.reference();
        for (DType dt : Layouts.all(b)) {
            In x = dt == DType.BOOL ? In.bools(5, 7) : dt.isFloating() ? In.randn(dt, 5, 7) : In.ints(dt, -1000, 1000, 5, 7);
            Soft.run(() -> {
                try (var scope = TensorScope.open()) {
                    Tensor r = x.leaf(ref, 3);
                    Tensor onB = r.to(b);
                    assertSame(b, onB.backend(), "to(" + name + ") result lives on " + onB.backend().name());
                    Tensor back = onB.to(ref);
                    Check.compareAll("round trip " + dt, List.of(r), List.of(onB), b, Tol.EXACT);
                    Compare.assertValues("round trip back " + dt, r.toDoubleArray(), back.toDoubleArray(), dt, Tol.EXACT);
                    Tensor view = r.t().slice(0, 1, 7, 2);
                    Check.compareAll("view to " + name, List.of(view), List.of(view.to(b)), b, Tol.EXACT);
                    Tensor bView = onB.t().slice(1, 0, 5, 2);
                    Compare.assertValues("view back from " + name, view.t().slice(0, 0, 5, 2).t().toDoubleArray(),
                            bView.slice(0, 1, 7, 2).to(ref).toDoubleArray(), dt, Tol.EXACT);
                    assertEquals(r.toString(), onB.toString().replace("backend=" + name, "backend=reference"),
                            "toString differs between reference and " + name);
                }
            });
        }
        Soft.run(() -> {
            try (var scope = TensorScope.open()) {
                Tensor s = Tensor.on(b).full(DType.FLOAT32, 2.5);
                assertEquals(2.5, s.item());
                assertEquals(-7L, Tensor.on(b).of(new long[] {-7}).itemLong());
                assertEquals((1L << 40) + 1, Tensor.on(b).of(new long[] {(1L << 40) + 1}).itemLong());
                Tensor big = Tensor.on(b).arange(0, 2000, 1).reshape(40, 50);
                assertEquals(Tensor.on(ref).arange(0, 2000, 1).reshape(40, 50).toString(),
                        big.toString().replace("backend=" + name, "backend=reference"));
                Conformance.countCheck(name);
            }
        });
    }

    /** The static creators of Tensor use the backend of the enclosing Backends.use block. */
    @BackendTest
    void staticCreatorsFollowBackendsUse(String name) {
        Backend b = Conformance.backend(name);
        java.util.function.Function<Backend, Tensor> make = k -> {
            try (var use = Backends.use(k)) {
                Tensor t = Tensor.zeros(2, 3).add(Tensor.ones(DType.FLOAT64, 3)).add(Tensor.full(0.5, 1, 3))
                        .add(Tensor.scalar(2)).add(Tensor.arange(3)).add(Tensor.linspace(0, 1, 3))
                        .add(Tensor.eye(3).select(0, 1)).add(Tensor.of(new float[] {1, 2, 3}))
                        .add(Tensor.of(new double[] {1, 2, 3})).add(Tensor.of(new int[] {1, 2, 3}))
                        .add(Tensor.of(new long[] {1, 2, 3})).add(Tensor.of(new boolean[] {true, false, true}))
                        .add(Tensor.rand(new Rng(3), 3)).add(Tensor.randn(new Rng(4), 3)).add(Tensor.randint(new Rng(5), 0, 9, 3))
                        .add(Tensor.of(new float[][] {{1, 2, 3}})).add(Tensor.scalar(DType.INT32, 4)).add(Tensor.arange(0, 3, 1));
                assertSame(k, Backends.current());
                return t;
            }
        };
        if (!Conformance.supportsFloat64(b)) return;
        created(b, "static creators in Backends.use", make);
    }

    /** Mixing backends in one op is an error that names both; nothing moves silently. */
    @BackendTest
    void mixingBackendsIsAnError(String name) {
        Backend b = Conformance.backend(name);
        try (var scope = TensorScope.open()) {
            Tensor x = Tensor.on(b).ones(DType.FLOAT32, 3);
            Tensor r = Tensor.on(Conformance.reference()).ones(DType.FLOAT32, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.add(r));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("reference"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.matmul(x));
            assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(x, r), 0));
            Conformance.countCheck(name);
        }
    }
}
