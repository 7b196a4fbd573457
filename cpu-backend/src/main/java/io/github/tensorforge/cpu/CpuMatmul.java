package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.View;

import java.util.Arrays;

/**
 * Batched matmul on top of {@link CpuGemm}/{@link CpuGemm64}: walks the batch axes (stride 0 = broadcast operand) and
 * runs the packed kernel per matrix. Large matrices use the pool inside each product; many small ones (attention
 * heads) are instead spread over the pool one product per task.
 */
final class CpuMatmul {
    private final CpuThreadPool pool;
    final CpuGemm gemm32;
    final CpuGemm64 gemm64;

    CpuMatmul(CpuThreadPool pool) {
        this.pool = pool;
        this.gemm32 = new CpuGemm(pool);
        this.gemm64 = new CpuGemm64(pool);
    }

    void matmul(View out, View a, View b) {
        int r = out.rank();
        // Core's matmul checked ranks, shapes and dtypes (the SPI contract); these are cheap reminders of it.
        assert r >= 2 && a.rank() == r && b.rank() == r : "matmul: ranks " + a.rank() + ", " + b.rank() + " -> " + r;
        DType t = out.dtype();
        assert t == DType.FLOAT32 || t == DType.FLOAT64 : "matmul: core passes float32 or float64, got " + t;
        int m = out.shape()[r - 2], n = out.shape()[r - 1], k = a.shape()[r - 1];
        if (m == 0 || n == 0) return;
        assert out.strides()[r - 1] == 1 || n == 1 : "matmul: outputs are contiguous (SPI), got " + out;
        int ars = a.strides()[r - 2], acs = a.strides()[r - 1], brs = b.strides()[r - 2], bcs = b.strides()[r - 1];
        int ldc = out.strides()[r - 2];
        Object o = HeapBuffer.of(out).array(), x = HeapBuffer.of(a).array(), y = HeapBuffer.of(b).array();
        // One product skips the batch walk: its layouts, views and offset tables were 900 of the 2.2 KB that a 2-D
        // matmul call allocated (now 1 KB in all, 128x784 by 784x512).
        if (r == 2) {
            product(t, m, n, k, x, a.offset(), ars, acs, y, b.offset(), brs, bcs, o, out.offset(), ldc, true);
            return;
        }
        int[] batchShape = Arrays.copyOf(out.shape(), r - 2);
        int[] pos = {0};
        int batches = 1;
        for (int d : batchShape) batches *= d;
        if (batches == 0) return;
        int[][] offs = new int[3][batches];
        CpuLayout bl = CpuLayout.of(batchShape,
                new View(out.buffer(), t, batchShape, Arrays.copyOf(out.strides(), r - 2), out.offset()),
                new View(a.buffer(), t, batchShape, Arrays.copyOf(a.strides(), r - 2), a.offset()),
                new View(b.buffer(), t, batchShape, Arrays.copyOf(b.strides(), r - 2), b.offset()));
        int s0 = bl.innerStride(0), s1 = bl.innerStride(1), s2 = bl.innerStride(2);
        bl.forEach(0, bl.size, (p, len) -> {
            for (int j = 0; j < len; j++, pos[0]++) {
                offs[0][pos[0]] = p[0] + j * s0;
                offs[1][pos[0]] = p[1] + j * s1;
                offs[2][pos[0]] = p[2] + j * s2;
            }
        });
        long flops = 2L * m * n * k;
        boolean perBatchParallel = batches > 1 && flops < 8 * CpuGemm.PARALLEL_FLOPS;
        CpuThreadPool.ChunkBody one = i -> product(t, m, n, k, x, offs[1][i], ars, acs, y, offs[2][i], brs, bcs, o,
                offs[0][i], ldc, !perBatchParallel);
        if (perBatchParallel && flops * batches >= CpuGemm.PARALLEL_FLOPS) pool.run(batches, one);
        else for (int i = 0; i < batches; i++) one.run(i);
    }

    /** One product {@code C = A B} of the element type {@code t}, on the pool when {@code parallel}. */
    private void product(DType t, int m, int n, int k, Object x, int ao, int ars, int acs, Object y, int bo, int brs,
                         int bcs, Object o, int co, int ldc, boolean parallel) {
        if (t == DType.FLOAT32) {
            gemm32.gemm(m, n, k, (float[]) x, ao, ars, acs, (float[]) y, bo, brs, bcs, (float[]) o, co, ldc, false, null,
                    parallel);
        } else {
            gemm64.gemm(m, n, k, (double[]) x, ao, ars, acs, (double[]) y, bo, brs, bcs, (double[]) o, co, ldc, false,
                    null, parallel);
        }
    }
}
