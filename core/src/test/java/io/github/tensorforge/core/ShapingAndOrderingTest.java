package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small exact cases and the error messages of the composite ops (pad, repeat/tile, tril/triu, cumsum, gather, sort,
 * topk, einsum); their values against PyTorch and their gradients on every backend are in the tests module.
 */
class ShapingAndOrderingTest {
    private static double[] d(Tensor t) { return t.to(DType.FLOAT64).toDoubleArray(); }

    @Test void padModesOnAShortRow() {
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 2, 1}, d(x.pad(new int[] {2, 2}, PadMode.REFLECT)));
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 3, 3}, d(x.pad(new int[] {2, 2}, PadMode.REPLICATE)));
        assertArrayEquals(new double[] {2, 3, 1, 2, 3, 1, 2}, d(x.pad(new int[] {2, 2}, PadMode.CIRCULAR)));
        assertArrayEquals(new double[] {9, 1, 2, 3}, d(x.pad(new int[] {1, 0}, 9)));
        assertThrows(IllegalArgumentException.class, () -> x.pad(new int[] {3, 0}, PadMode.REFLECT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.pad(new int[] {1}, 0));
        assertTrue(e.getMessage().startsWith("pad: 1 pad sizes for [3]"), e.getMessage());
    }

    @Test void repeatTileAndTriangles() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new int[] {2, 2, 6}, x.repeat(2, 1, 3).shape());
        assertArrayEquals(new double[] {1, 2, 1, 2, 3, 4, 3, 4}, d(x.tile(2)));
        assertThrows(IllegalArgumentException.class, () -> x.repeat(2));
        assertArrayEquals(new int[] {0, 2}, x.repeat(0, 1).shape());
        assertArrayEquals(new double[] {1, 0, 3, 4}, d(x.tril()));
        assertArrayEquals(new double[] {0, 2, 0, 0}, d(x.triu(1)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[] {1, 2}).tril());
    }

    @Test void cumsumKeepsFloatsAndWidensSmallIntegers() {
        Tensor ints = Tensor.of(new int[] {1, 2, 3, 4, 5});
        Tensor c = ints.cumsum(0);
        assertEquals(DType.INT64, c.dtype());
        assertArrayEquals(new long[] {1, 3, 6, 10, 15}, c.toLongArray());
        assertArrayEquals(new double[] {1, 3, 3, 7}, d(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).cumsum(1)));
    }

    @Test void sortIsStableAndPutsNaNLast() {
        Tensor x = Tensor.of(new double[] {2, Double.NaN, 1, 2, -0.0, 0.0});
        ValuesAndIndices s = x.sort(0, false);
        assertArrayEquals(new long[] {4, 5, 2, 0, 3, 1}, s.indices().toLongArray(), "-0 and +0 tie and keep their order");
        assertArrayEquals(new long[] {1, 0, 3, 2, 4, 5}, x.sort(0, true).indices().toLongArray());
        ValuesAndIndices top = x.topk(2, 0, false);
        assertArrayEquals(new double[] {-0.0, 0.0}, d(top.values()));
        assertThrows(IllegalArgumentException.class, () -> x.topk(7, 0, true));
        ValuesAndIndices max = Tensor.of(new double[] {1, 5, 5, 2}, 2, 2).maxWithIndices(1, false);
        assertArrayEquals(new long[] {1, 0}, max.indices().toLongArray());
        assertArrayEquals(new double[] {5, 5}, d(max.values()));
    }

    @Test void gatherChecksItsIndex() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor idx = Tensor.of(new long[] {2, 0, 1, 1}, 2, 2);
        assertArrayEquals(new double[] {3, 1, 5, 5}, d(x.gather(1, idx)));
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                () -> x.gather(1, Tensor.of(new long[] {3, 0}, 2, 1)));
        assertTrue(oob.getMessage().contains("[0, 3)"), oob.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.gather(1, Tensor.of(new long[] {0, 1})));
        assertThrows(IllegalArgumentException.class, () -> x.gather(0, Tensor.of(new float[] {0, 1, 0}, 1, 3)));
    }

    @Test void einsumNamesWhatDoesNotFit() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), b = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(d(a.matmul(b)), d(Tensor.einsum("ij,jk->ik", a, b)));
        assertArrayEquals(d(a.t()), d(Tensor.einsum("ij->ji", a)));
        assertArrayEquals(d(a.matmul(b)), d(Tensor.einsum("ij,jk", a, b)), "implicit output: letters that occur once");
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("ij,kj->ik", a, b));
        assertTrue(size.getMessage().contains("letter 'j' has size 3 and 2"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("ii->i", Tensor.eye(2)));
        assertArrayEquals(d(a.matmul(b)), d(Tensor.einsum("...j,jk->...k", a, b)), "a leading ellipsis");
        assertArrayEquals(d(a.matmul(b).sum(0, false)), d(Tensor.einsum("...j,jk->k", a, b)), "summed when not in the output");
        assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("j...,jk->k", a, b));
        assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("ij,jk->...k", a, b));
        assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("ij,jk->iz", a, b));
        assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("ij,jk,kl->il", a, b, b));
    }

    @Test void normsAndTheirZeroVectorGradient() {
        Tensor x = Tensor.of(new double[] {3, -4, 0, 0}, 2, 2).requiresGrad();
        Tensor n = x.norm(2, new int[] {1}, false);
        assertArrayEquals(new double[] {5, 0}, d(n));
        n.sum().backward();
        assertArrayEquals(new double[] {0.6, -0.8, 0, 0}, d(x.grad()), 1e-12);
        assertArrayEquals(new double[] {7, 0}, d(x.detach().norm(1, new int[] {1}, false)));
        assertArrayEquals(new double[] {4}, d(x.detach().norm(Double.POSITIVE_INFINITY, new int[0], false).reshape(1)));
        assertThrows(IllegalArgumentException.class, () -> x.norm(0, new int[0], false));
    }
}
