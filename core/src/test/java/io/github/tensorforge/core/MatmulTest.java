package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.tensorforge.core.Assert.close;
import static io.github.tensorforge.core.Assert.shape;
import static org.junit.jupiter.api.Assertions.*;

class MatmulTest {
    private static final Tensor A = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    private static final Tensor B = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);

    @Test void matrixTimesMatrix() {
        close(new double[] {58, 64, 139, 154}, A.matmul(B), 0);
    }

    @Test void vectors() {
        Tensor v = Tensor.of(new float[] {1, 0, -1});
        Tensor dot = v.matmul(v);
        assertEquals(0, dot.rank());
        assertEquals(2.0, dot.item());
        close(new double[] {-2, -2}, A.matmul(v), 0);
        shape(A.matmul(v), 2);
        close(new double[] {7 - 11, 8 - 12}, v.matmul(B), 0);
    }

    @Test void transposedOperandsWithoutCopy() {
        Tensor at = Tensor.of(new float[] {1, 4, 2, 5, 3, 6}, 3, 2).t(); // == A, strided
        assertFalse(at.isContiguous());
        close(new double[] {58, 64, 139, 154}, at.matmul(B), 0);
        close(new double[] {58, 139, 64, 154}, B.t().matmul(A.t()), 0);
    }

    @Test void batchedWithBroadcast() {
        Tensor batch = Tensor.stack(List.of(A, A.mul(2)), 0); // (2, 2, 3)
        Tensor out = batch.matmul(B);                // B broadcast over the batch
        shape(out, 2, 2, 2);
        close(new double[] {58, 64, 139, 154, 116, 128, 278, 308}, out, 0);
        Tensor b4 = Tensor.zeros(3, 1, 3, 2).add(B);  // (3, 1, 3, 2) x (2, 2, 3) -> (3, 2, 2, 2)
        shape(batch.matmul(b4), 3, 2, 2, 2);
        close(out.toDoubleArray(), batch.matmul(b4).select(0, 2), 0);
    }

    @Test void zeroInnerDimensionGivesZeros() {
        close(new double[] {0, 0, 0, 0}, Tensor.zeros(2, 0).matmul(Tensor.zeros(0, 2)), 0);
    }

    @Test void errorsNameShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(32, 784).matmul(Tensor.zeros(512, 256)));
        assertEquals("matmul: inner dimensions differ: [32, 784] x [512, 256] (784 vs 512)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 2)));
        assertEquals("matmul (batch axes of [2, 2, 3] x [3, 3, 2]): shapes [2] and [3] cannot be broadcast together"
                + " (axis -1: 2 vs 3); sizes must match or one of them must be 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(1)));
    }

    @Test void integerOperandsArePromoted() {
        Tensor i = Tensor.of(new int[] {1, 2, 3, 4}, 2, 2);
        assertEquals(DType.FLOAT32, i.matmul(i).dtype());
        close(new double[] {7, 10, 15, 22}, i.matmul(i), 0);
        assertEquals(DType.FLOAT64, A.matmul(B.to(DType.FLOAT64)).dtype());
    }
}
