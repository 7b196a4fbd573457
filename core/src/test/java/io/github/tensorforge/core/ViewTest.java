package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.tensorforge.core.Assert.close;
import static io.github.tensorforge.core.Assert.shape;
import static org.junit.jupiter.api.Assertions.*;

class ViewTest {
    private static Tensor grid() { return Tensor.arange(0, 24, 1).to(DType.FLOAT32).reshape(2, 3, 4); }

    @Test void reshapeIsAViewWhenPossible() {
        Tensor x = grid();
        Tensor r = x.reshape(6, -1);
        shape(r, 6, 4);
        x.fill(1); // writes through to the view
        assertEquals(24.0, r.sum().item());
        assertThrows(IllegalArgumentException.class, () -> x.reshape(5, -1));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1));
    }

    @Test void viewRefusesToCopyReshapeCopies() {
        Tensor t = grid().permute(2, 0, 1); // (4, 2, 3)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(24));
        assertTrue(e.getMessage().contains("use reshape()"), e.getMessage());
        Tensor flat = t.reshape(24);
        close(new double[] {0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23}, flat, 0);
        // merging axes that are adjacent in memory stays a view
        Tensor p = grid().permute(2, 0, 1); // (4, 2, 3), strides (1, 12, 4)
        Tensor merged = p.view(4, 6);
        assertArrayEquals(new int[] {1, 4}, merged.strides());
        assertEquals(p.select(0, 3).select(0, 1).select(0, 2).item(), merged.select(0, 3).select(0, 5).item());
    }

    @Test void permuteTransposeSqueeze() {
        Tensor x = grid();
        Tensor p = x.permute(2, 0, 1);
        shape(p, 4, 2, 3);
        assertArrayEquals(new int[] {1, 12, 4}, p.strides());
        assertEquals(13.0, p.select(0, 1).select(0, 1).select(0, 0).item());
        shape(x.transpose(0, 2), 4, 3, 2);
        shape(x.unsqueeze(0), 1, 2, 3, 4);
        shape(x.unsqueeze(-1), 2, 3, 4, 1);
        shape(x.unsqueeze(1).squeeze(), 2, 3, 4);
        shape(x.unsqueeze(1).squeeze(1), 2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> x.squeeze(0));
        assertThrows(IllegalArgumentException.class, () -> x.permute(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> x.permute(0, 1));
        shape(x.flatten(), 24);
        shape(x.flatten(1, 2), 2, 12);
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 2).t());
    }

    @Test void sliceWithStepAndNegativeIndices() {
        Tensor x = Tensor.arange(10).to(DType.FLOAT32);
        close(new double[] {2, 4, 6}, x.slice(0, 2, 8, 2), 0);
        close(new double[] {7, 8, 9}, x.slice(0, -3, 10), 0);
        close(new double[] {0, 3, 6, 9}, x.slice(0, 0, 100, 3), 0);
        assertEquals(0, x.slice(0, 5, 2).numel());
        assertThrows(IllegalArgumentException.class, () -> x.slice(0, 0, 5, 0));
        Tensor g = grid();
        close(new double[] {13, 15, 21, 23}, g.slice(1, 0, 3, 2).slice(2, 1, 4, 2).select(0, 1), 0);
        assertEquals(23.0, g.select(-1, -1).select(-1, -1).select(0, 1).item());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> g.select(1, 3));
        assertTrue(e.getMessage().contains("index 3 is out of range for axis 1 of size 3"), e.getMessage());
    }

    @Test void expandSharesMemory() {
        Tensor col = Tensor.of(new float[] {1, 2}, 2, 1);
        Tensor e = col.expand(3, 2, 4);
        shape(e, 3, 2, 4);
        assertArrayEquals(new int[] {0, 1, 0}, e.strides());
        assertEquals(36.0, e.sum().item());
        shape(col.expand(-1, 5), 2, 5);
        assertThrows(IllegalArgumentException.class, () -> col.expand(3, 3));
        shape(col.broadcastTo(2, 2), 2, 2);
    }

    @Test void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = grid();
        assertSame(x, x.contiguous());
        Tensor t = x.transpose(1, 2);
        Tensor c = t.contiguous();
        assertNotSame(t, c);
        assertTrue(c.isContiguous());
        close(t.toDoubleArray(), c, 0);
    }

    @Test void concatStackSplitChunk() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6}, 1, 2);
        Tensor c = Tensor.cat(List.of(a, b), 0);
        shape(c, 3, 2);
        close(new double[] {1, 2, 3, 4, 5, 6}, c, 0);
        close(new double[] {1, 2, 1, 2, 3, 4, 3, 4}, Tensor.cat(List.of(a, a), 1), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(a, b), 1));
        assertTrue(e.getMessage().startsWith("cat: tensor 1 has shape [1, 2]"), e.getMessage());
        Tensor s = Tensor.stack(List.of(a, a), 0);
        shape(s, 2, 2, 2);
        shape(Tensor.stack(List.of(a, a), 2), 2, 2, 2);
        close(new double[] {1, 1, 2, 2, 3, 3, 4, 4}, Tensor.stack(List.of(a, a), 2), 0);
        List<Tensor> parts = c.split(new int[] {1, 2}, 0);
        close(new double[] {1, 2}, parts.get(0), 0);
        close(new double[] {3, 4, 5, 6}, parts.get(1), 0);
        assertThrows(IllegalArgumentException.class, () -> c.split(new int[] {1, 1}, 0));
        List<Tensor> chunks = Tensor.arange(7).chunk(3, 0);
        assertEquals(3, chunks.size());
        assertArrayEquals(new long[] {6}, chunks.get(2).toLongArray());
        Tensor mixed = Tensor.cat(List.of(Tensor.of(new int[] {1}), Tensor.of(new float[] {0.5f})), 0);
        assertEquals(DType.FLOAT32, mixed.dtype());
    }

    @Test void assignWritesThroughViews() {
        Tensor x = Tensor.zeros(3, 3);
        x.select(0, 1).assign(Tensor.of(new float[] {1, 2, 3}));
        x.slice(1, 0, 3, 2).select(0, 2).assign(Tensor.scalar(9));
        close(new double[] {0, 0, 0, 1, 2, 3, 9, 0, 9}, x, 0);
        assertThrows(IllegalArgumentException.class, () -> x.assign(Tensor.zeros(2)));
        Tensor p = Tensor.zeros(2).requiresGrad();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.assign(Tensor.ones(2)));
        assertTrue(e.getMessage().contains("GradMode.disable()"), e.getMessage());
        try (var g = GradMode.disable()) {
            p.assign(Tensor.ones(2));
        }
        close(new double[] {1, 1}, p, 0);
    }
}
