package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import static io.github.tensorforge.core.Assert.close;
import static io.github.tensorforge.core.Assert.shape;
import static org.junit.jupiter.api.Assertions.*;

class IndexingTest {
    private final Tensor table = Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);

    @Test void embeddingLookup() {
        Tensor ids = Tensor.of(new long[] {2, 0, 2, 1}, 2, 2);
        Tensor e = table.indexSelect(0, ids);
        shape(e, 2, 2, 2);
        close(new double[] {20, 21, 0, 1, 20, 21, 10, 11}, e, 0);
        close(new double[] {1, 0}, table.indexSelect(1, Tensor.of(new int[] {1, 0})).select(0, 0).slice(0, 0, 2), 0);
        shape(table.indexSelect(0, Tensor.of(new long[0])), 0, 2);
    }

    @Test void indexOutOfRangeIsCaught() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> table.indexSelect(0, Tensor.of(new long[] {0, 3})));
        assertEquals("indexSelect: index values must lie in [0, 3) for axis 0 of [3, 2], found 3", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> table.indexSelect(0, Tensor.of(new long[] {-1})));
        assertThrows(IllegalArgumentException.class, () -> table.indexSelect(0, Tensor.of(new float[] {0})));
    }

    @Test void scatterAddAccumulatesRepeats() {
        Tensor base = Tensor.zeros(3, 2);
        Tensor src = Tensor.of(new float[] {1, 1, 2, 2, 5, 5}, 3, 2);
        Tensor out = base.scatterAdd(0, Tensor.of(new long[] {2, 2, 0}), src);
        close(new double[] {5, 5, 0, 0, 3, 3}, out, 0);
        close(new double[6], base, 0); // input untouched
        assertThrows(IllegalArgumentException.class,
                () -> base.scatterAdd(0, Tensor.of(new long[] {0}), src));
    }

    @Test void oneHot() {
        Tensor h = Tensor.of(new long[] {0, 2, 1}).oneHot(3);
        assertEquals(DType.FLOAT32, h.dtype());
        close(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, h, 0);
        shape(Tensor.of(new int[] {1, 0, 1, 1}, 2, 2).oneHot(2), 2, 2, 2);
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.of(new long[] {3}).oneHot(3));
    }

    /** oneHot used to close its argument when the labels were already a flat int64 tensor. */
    @Test void oneHotLeavesItsLabelsOpen() {
        Tensor labels = Tensor.of(new long[] {0, 2, 1});
        labels.oneHot(3).close();
        close(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, labels.oneHot(3), 0);
        assertEquals(2, labels.max().itemLong());
    }
}
