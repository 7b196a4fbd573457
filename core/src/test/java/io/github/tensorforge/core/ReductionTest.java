package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import static io.github.tensorforge.core.Assert.close;
import static io.github.tensorforge.core.Assert.shape;
import static org.junit.jupiter.api.Assertions.*;

class ReductionTest {
    private final Tensor x = Tensor.of(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);

    @Test void sumMeanAlongAxes() {
        assertEquals(21.0, x.sum().item());
        close(new double[] {5, 7, 9}, x.sum(0, false), 0);
        close(new double[] {9, 12}, x.sum(1, false), 0);
        shape(x.sum(1, true), 2, 1);
        shape(x.sum(new int[] {0, 1}, true), 1, 1);
        close(new double[] {3, 4}, x.mean(-1, false), 1e-7);
        assertEquals(3.5, x.mean().item(), 1e-7);
        assertEquals(DType.INT64, Tensor.of(new int[] {1, 2}).sum().dtype());
        assertEquals(2L, Tensor.of(new boolean[] {true, false, true}).sum().itemLong());
        assertEquals(DType.FLOAT32, Tensor.of(new int[] {1, 2}).mean().dtype());
        Tensor g = Tensor.arange(0, 24, 1).to(DType.FLOAT64).reshape(2, 3, 4);
        close(new double[] {60, 66, 72, 78}, g.sum(new int[] {0, 1}, false), 0);
        close(new double[] {0 + 1 + 2 + 3 + 12 + 13 + 14 + 15, 4 + 5 + 6 + 7 + 16 + 17 + 18 + 19, 8 + 9 + 10 + 11 + 20 + 21 + 22 + 23},
                g.sum(new int[] {0, 2}, false), 0);
        close(new double[] {66, 210}, g.transpose(0, 2).sum(new int[] {0, 1}, false), 0);
    }

    @Test void maxMinArg() {
        close(new double[] {4, 5, 6}, x.max(0, false), 0);
        close(new double[] {1, 2}, x.min(1, false), 0);
        assertEquals(6.0, x.max().item());
        assertArrayEquals(new long[] {1, 2}, x.argmax(1).toLongArray());
        assertArrayEquals(new long[] {0, 1}, x.argmin(1).toLongArray());
        assertEquals(5L, x.argmax().itemLong());
        // ties: the first index wins
        assertArrayEquals(new long[] {1}, Tensor.of(new float[] {0, 7, 7}, 1, 3).argmax(1).toLongArray());
        // NaN propagates and counts as the maximum
        Tensor n = Tensor.of(new double[] {1, Double.NaN, 3});
        assertTrue(Double.isNaN(n.max().item()));
        assertEquals(1L, n.argmax().itemLong());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).max(0, false));
        assertTrue(e.getMessage().startsWith("max: axis 0 of [0, 3] is empty"), e.getMessage());
        assertArrayEquals(new int[] {7}, Tensor.of(new int[] {3, 7}).max().toIntArray());
    }

    @Test void varStdLogSumExp() {
        Tensor v = Tensor.of(new double[] {1, 2, 3, 4});
        assertEquals(1.6666666666666667, v.var().item(), 1e-12);
        assertEquals(1.25, v.var(new int[] {0}, 0, false).item(), 1e-12);
        assertEquals(Math.sqrt(1.6666666666666667), v.std().item(), 1e-12);
        assertEquals(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4)), v.logSumExp(0, false).item(), 1e-12);
        Tensor big = Tensor.of(new double[] {1000, 1000});
        assertEquals(1000 + Math.log(2), big.logSumExp(0, false).item(), 1e-9);
        Tensor negInf = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
        assertEquals(Double.NEGATIVE_INFINITY, negInf.logSumExp(0, false).item());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[] {1}).var());
    }

    @Test void axisErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.sum(2, false));
        assertEquals("sum: axis 2 is out of range for a tensor of rank 2 (valid: -2 .. 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.sum(new int[] {1, -1}, false));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }
}
