package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import static io.github.tensorforge.core.Assert.close;
import static io.github.tensorforge.core.Assert.shape;
import static org.junit.jupiter.api.Assertions.*;

class CreationTest {
    @Test void zerosOnesFull() {
        Tensor z = Tensor.zeros(2, 3);
        shape(z, 2, 3);
        assertEquals(DType.FLOAT32, z.dtype());
        close(new double[6], z, 0);
        close(new double[] {1, 1}, Tensor.ones(2), 0);
        close(new double[] {7, 7, 7}, Tensor.full(7, 3), 0);
        assertEquals(DType.INT64, Tensor.zeros(DType.INT64, 4).dtype());
        assertEquals(5.0, Tensor.scalar(5).item());
        assertEquals(0, Tensor.scalar(5).rank());
    }

    @Test void arangeLinspaceEye() {
        assertArrayEquals(new long[] {0, 1, 2, 3}, Tensor.arange(4).toLongArray());
        assertEquals(DType.INT64, Tensor.arange(4).dtype());
        Tensor f = Tensor.arange(0, 1, 0.25);
        assertEquals(DType.FLOAT32, f.dtype());
        close(new double[] {0, 0.25, 0.5, 0.75}, f, 0);
        close(new double[] {10, 7, 4, 1}, Tensor.arange(10, 0, -3), 0);
        close(new double[] {0, 0.5, 1}, Tensor.linspace(0, 1, 3), 0);
        close(new double[] {1, 0, 0, 1}, Tensor.eye(2), 0);
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
    }

    @Test void fromArraysAndBack() {
        Tensor a = Tensor.of(new int[] {1, 2, 3, 4}, 2, 2);
        assertEquals(DType.INT32, a.dtype());
        assertArrayEquals(new int[] {1, 2, 3, 4}, a.toIntArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, a.toFloatArray());
        assertArrayEquals(new long[] {5, 6}, Tensor.of(new long[] {5, 6}).toLongArray());
        assertArrayEquals(new boolean[] {true, false}, Tensor.of(new boolean[] {true, false}).toBooleanArray());
        assertArrayEquals(new double[] {1.5}, Tensor.of(new double[] {1.5}).toDoubleArray());
        float[] src = {1, 2};
        Tensor t = Tensor.of(src, 2);
        src[0] = 100; // the tensor holds its own copy
        assertEquals(1f, t.toFloatArray()[0]);
        shape(Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}), 2, 3);
        TensorFactory f = Tensor.on(Backends.current());
        Tensor zeroD = f.fromArray(DType.INT64, new long[] {(1L << 60) + 3});
        assertEquals(0, zeroD.rank());
        assertEquals((1L << 60) + 3, zeroD.itemLong());
        assertThrows(IllegalArgumentException.class, () -> f.fromArray(DType.FLOAT32, new double[2], 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5 values do not fill shape [2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    }

    @Test void randomIsReproducible() {
        Tensor a = Tensor.randn(new Rng(42), 1000);
        Tensor b = Tensor.randn(new Rng(42), 1000);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertNotEquals(a.toFloatArray()[0], Tensor.randn(new Rng(43), 1000).toFloatArray()[0]);
        double mean = a.mean().item(), std = a.std().item();
        assertEquals(0, mean, 0.1);
        assertEquals(1, std, 0.1);
        Tensor u = Tensor.rand(new Rng(1), 1000);
        assertTrue(u.min().item() >= 0 && u.max().item() < 1);
        Tensor r = Tensor.randint(new Rng(1), 3, 7, 500);
        assertEquals(DType.INT64, r.dtype());
        assertEquals(3, r.min().itemLong());
        assertEquals(6, r.max().itemLong());
    }

    /** The bulk fills draw exactly the stream of the one-value calls, so masks and tensors do not depend on which is used. */
    @Test void bulkRandomFillsMatchSingleDraws() {
        Rng one = new Rng(9), bulk = new Rng(9);
        double[] u = new double[1001];
        bulk.fillUniform(u);
        for (double v : u) assertEquals(one.uniform(), v);
        float[] uf = new float[513];
        bulk.fillUniform(uf);
        for (float v : uf) assertEquals(Math.min((float) one.uniform(), Math.nextDown(1f)), v);
        double[] g = new double[101];
        bulk.fillGaussian(g);
        for (double v : g) assertEquals(one.gaussian(), v);
    }

    @Test void floatUniformsStayBelowOne() {
        // About 2 in 2^25 doubles round up to 1f; 2^26 draws all stay below it.
        Rng rng = new Rng(3);
        float[] v = new float[1 << 22];
        float max = 0;
        for (int round = 0; round < 16; round++) {
            rng.fillUniform(v);
            for (float f : v) max = Math.max(max, f);
        }
        assertTrue(max < 1f, "max " + max);
    }

    @Test void randomCreationNamesANegativeDimension() {
        for (Runnable r : new Runnable[] {() -> Tensor.rand(new Rng(1), 2, -1), () -> Tensor.randn(new Rng(1), -3),
                () -> Tensor.randint(new Rng(1), 0, 5, 4, -2)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().contains("negative dimension"), e.getMessage());
        }
    }

    @Test void itemNeedsOneElement() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).item());
        assertTrue(e.getMessage().contains("item"), e.getMessage());
        assertEquals(3, Tensor.of(new long[] {3}).itemLong());
    }

    @Test void toStringSummarizesLikeNumpy() {
        String small = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString();
        assertEquals("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], shape=[2, 2], dtype=float32, backend=reference)",
                small);
        String big = Tensor.arange(2000).toString();
        assertTrue(big.startsWith("tensor([0, 1, 2, ..., 1997, 1998, 1999]"), big);
        assertTrue(Tensor.of(new boolean[] {true}).toString().contains("[true]"));
        assertTrue(Tensor.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}).toString().contains("nan, -inf"));
    }
}
