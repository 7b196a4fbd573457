package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison itself can fail, and says where: first differing values and the largest difference. */
class CompareTest {

    @Test
    void mismatchReportsFirstValuesAndLargestDifference() {
        double[] e = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] a = {1, 2.5, 3, 4, 5, 9, 7, 8.0001};
        AssertionError err = assertThrows(AssertionError.class,
                () -> Compare.assertValues("demo", e, a, DType.FLOAT32, Tol.ELEMENTWISE));
        String m = err.getMessage();
        assertTrue(m.contains("3 of 8 elements differ"), m);
        assertTrue(m.contains("[1] expected 2.0 got 2.5"), m);
        assertTrue(m.contains("largest difference 3.0 at [5]"), m);
    }

    @Test
    void nanInfinityAndIntegersAreStrict() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        assertDoesNotThrow(() -> Compare.assertValues("ok", new double[] {nan, inf, -inf}, new double[] {nan, inf, -inf},
                DType.FLOAT32, Tol.ELEMENTWISE));
        assertThrows(AssertionError.class, () -> Compare.assertValues("nan", new double[] {nan}, new double[] {0}, DType.FLOAT32, Tol.ELEMENTWISE));
        assertThrows(AssertionError.class, () -> Compare.assertValues("nan2", new double[] {1}, new double[] {nan}, DType.FLOAT64, Tol.ELEMENTWISE));
        assertThrows(AssertionError.class, () -> Compare.assertValues("inf", new double[] {inf}, new double[] {1e38}, DType.FLOAT32, Tol.REDUCTION));
        assertThrows(AssertionError.class, () -> Compare.assertValues("int", new double[] {3}, new double[] {4}, DType.INT32, Tol.REDUCTION));
        assertThrows(AssertionError.class, () -> Compare.assertLongs("long", new long[] {1L << 60}, new long[] {(1L << 60) + 1}));
    }

    @Test
    void shapeAndDtypeMismatchesFail() {
        Backend ref = Conformance.reference();
        Tensor a = Tensor.on(ref).zeros(DType.FLOAT32, 2, 3), b = Tensor.on(ref).zeros(DType.FLOAT32, 3, 2);
        assertThrows(AssertionError.class, () -> Compare.assertClose("shape", a, b, Tol.ELEMENTWISE));
        assertThrows(AssertionError.class, () -> Compare.assertClose("dtype", a, a.to(DType.FLOAT64), Tol.ELEMENTWISE));
    }

    /** A check that differs on purpose fails through the whole Check path too. */
    @Test
    void checkDetectsADifferentResult() {
        Backend ref = Conformance.reference();
        // the reference run (first) returns x, the "backend" run (second) x + 1e-3
        AssertionError e = assertThrows(AssertionError.class, () -> {
            try (var soft = Soft.open()) {
                Check.forward(ref, "deliberately different", Tol.ELEMENTWISE,
                        xs -> counter++ % 2 == 1 ? xs[0].add(1e-3) : xs[0], In.randn(DType.FLOAT32, 5));
            }
        });
        assertTrue(e.getMessage().contains("1 of 1 checks failed") && e.getMessage().contains("5 of 5 elements differ"),
                e.getMessage());
    }

    private int counter;
}
