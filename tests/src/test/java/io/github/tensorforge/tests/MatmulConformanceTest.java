package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;

/** matmul: vector, matrix, batched, broadcast batches, transposed and strided operands, GEMM sizes, dtypes. */
class MatmulConformanceTest {

    static void mm(Backend b, String what, DType dt, int k, In x, In y) {
        Check.forward(b, "matmul " + what, Tol.matmul(k), xs -> xs[0].matmul(xs[1]), x.dtype(dt), y.dtype(dt));
    }

    @BackendTest
    void gemmSizes(String name) {
        Backend b = Conformance.backend(name);
        int[][] mkn = {{1, 1, 1}, {5, 7, 3}, {129, 65, 33}, {257, 300, 129}, {1, 300, 1}, {64, 1, 64}, {3, 1023, 2}};
        for (DType dt : Layouts.floats(b)) {
            for (int[] s : mkn) {
                int m = s[0], k = s[1], n = s[2];
                String size = m + "x" + k + "x" + n;
                mm(b, size, dt, k, In.randn(dt, m, k), In.randn(dt, k, n));
                if (m * k * n < 1_000_000 || dt == DType.FLOAT32) {
                    mm(b, size + " A^T", dt, k, In.transposed(In.randn(dt, m, k)), In.randn(dt, k, n));
                    mm(b, size + " B^T", dt, k, In.randn(dt, m, k), In.transposed(In.randn(dt, k, n)));
                    mm(b, size + " A^T B^T", dt, k, In.transposed(In.randn(dt, m, k)), In.transposed(In.randn(dt, k, n)));
                }
            }
        }
    }

    @BackendTest
    void vectorsBatchesAndBroadcasting(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            mm(b, "dot", dt, 17, In.randn(dt, 17), In.randn(dt, 17));
            mm(b, "dot of 1", dt, 1, In.randn(dt, 1), In.randn(dt, 1));
            mm(b, "matrix x vector", dt, 9, In.randn(dt, 7, 9), In.randn(dt, 9));
            mm(b, "vector x matrix", dt, 9, In.randn(dt, 9), In.randn(dt, 9, 5));
            mm(b, "vector x batched", dt, 6, In.randn(dt, 6), In.randn(dt, 3, 6, 4));
            mm(b, "batched x vector", dt, 6, In.randn(dt, 2, 3, 5, 6), In.randn(dt, 6));
            mm(b, "batched", dt, 8, In.randn(dt, 4, 5, 8), In.randn(dt, 4, 8, 3));
            mm(b, "broadcast batch (1 vs 4)", dt, 8, In.randn(dt, 1, 5, 8), In.randn(dt, 4, 8, 3));
            mm(b, "broadcast batch (rank 3 x rank 2)", dt, 8, In.randn(dt, 4, 5, 8), In.randn(dt, 8, 3));
            mm(b, "broadcast batch (2,1) x (3)", dt, 4, In.randn(dt, 2, 1, 5, 4), In.randn(dt, 3, 4, 6));
            mm(b, "batched transposed", dt, 8, In.randn(dt, 4, 8, 5).view(t -> t.transpose(1, 2)),
                    In.randn(dt, 4, 3, 8).view(t -> t.transpose(-1, -2)));
            mm(b, "batch-major permuted", dt, 8, In.randn(dt, 5, 4, 8).view(t -> t.permute(1, 0, 2)), In.randn(dt, 4, 8, 3));
            mm(b, "expanded batch", dt, 7, In.randn(dt, 5, 7).view(t -> t.expand(3, 5, 7)), In.randn(dt, 3, 7, 2));
            mm(b, "strided rows", dt, 6, In.randn(dt, 10, 6).view(t -> t.slice(0, 1, 10, 3)), In.randn(dt, 6, 4));
            mm(b, "strided columns", dt, 6, In.randn(dt, 4, 12).view(t -> t.slice(1, 0, 12, 2)),
                    In.randn(dt, 6, 9).view(t -> t.slice(1, 2, 9, 3)));
            mm(b, "size-1 axes", dt, 1, In.randn(dt, 1, 5, 1), In.randn(dt, 1, 1, 4));
            mm(b, "empty m", dt, 4, In.randn(dt, 0, 4), In.randn(dt, 4, 3));
            mm(b, "empty k (zeros)", dt, 0, In.randn(dt, 3, 0), In.randn(dt, 0, 5));
            mm(b, "empty batch", dt, 4, In.randn(dt, 0, 2, 4), In.randn(dt, 4, 3));
            mm(b, "inf and nan", dt, 3, In.values(dt, new double[] {1, Double.POSITIVE_INFINITY, 0, 2, 1, Double.NaN}, 2, 3),
                    In.randn(dt, 3, 2));
            mm(b, "large magnitudes", dt, 17, In.randn(dt, 1e15, 4, 17), In.randn(dt, 1e-15, 17, 3));
        }
    }

    @BackendTest
    void mixedAndIntegerDtypesPromote(String name) {
        Backend b = Conformance.backend(name);
        Check.forward(b, "matmul int32 x int32 -> float32", Tol.matmul(7), xs -> xs[0].matmul(xs[1]),
                In.ints(DType.INT32, -5, 5, 3, 7), In.ints(DType.INT32, -5, 5, 7, 4));
        Check.forward(b, "matmul int64 x float32", Tol.matmul(7), xs -> xs[0].matmul(xs[1]),
                In.ints(DType.INT64, -5, 5, 3, 7), In.randn(DType.FLOAT32, 7, 4));
        if (Conformance.supportsFloat64(b)) {
            Check.forward(b, "matmul float32 x float64", Tol.matmul(7), xs -> xs[0].matmul(xs[1]),
                    In.randn(DType.FLOAT32, 3, 7), In.randn(DType.FLOAT64, 7, 4));
        }
    }
}
