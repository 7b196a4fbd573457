package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.OpCodes;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import jcuda.Pointer;
import jcuda.cudaDataType;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasComputeType;
import jcuda.jcublas.cublasGemmAlgo;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

import java.util.Arrays;

/**
 * Batched GEMM for {@link CudaBackend#matmul} and the fused linear layer: cuBLAS (JCublas2, cublasGemmEx /
 * cublasGemmStridedBatchedEx) where libcublas loads and the operands have a BLAS layout, our own tiled kernel
 * (matmul.cu) otherwise. cuBLAS is column-major, so a row-major {@code C = A B} is issued as {@code C^T = B^T A^T}.
 * float32 GEMMs through cuBLAS use the configured math mode: fp32, tf32 (tensor cores, 10-bit mantissa inputs) or
 * bf16 (operands rounded to bfloat16 on the device, float32 accumulation).
 */
final class CudaGemm {
    private static volatile String cublasReason;
    private static volatile boolean cublasProbed;

    private static final int OWN_F32_TILE = 128;
    private static final int OWN_F64_TILE = 64;
    private static final int MAX_BATCH_RANK = 6;
    private static final int GEMM_ARGS_INTS = 10 + 4 * MAX_BATCH_RANK + 5;

    private final CudaBackend backend;
    private final CudaConfig.MathMode math;
    private final cublasHandle handle;
    private final String description;

    CudaGemm(CudaBackend backend, CUstream stream) {
        this.backend = backend;
        this.math = CudaConfig.mathMode();
        cublasHandle h = null;
        String why = CudaConfig.ownGemmForced() ? CudaConfig.GEMM + "=own" : cublasUnavailableReason();
        if (why == null) {
            h = new cublasHandle();
            int st = JCublas2.cublasCreate(h);
            if (st != 0) {
                why = "cublasCreate failed: " + jcuda.jcublas.cublasStatus.stringFor(st);
                h = null;
            } else {
                CudaCheck.checkCublas(JCublas2.cublasSetStream(h, new cudaStream_t(stream)), "cublasSetStream");
            }
        }
        this.handle = h;
        this.description = h != null
                ? "cuBLAS (float32 math " + math.name().toLowerCase(java.util.Locale.ROOT) + "), own tiled kernel for "
                  + "layouts cuBLAS cannot take"
                : "own tiled kernel (" + why + ")";
    }

    /** Null when JCublas2 and libcublas load, else why not. Never throws. */
    static String cublasUnavailableReason() {
        if (!cublasProbed) {
            synchronized (CudaGemm.class) {
                if (!cublasProbed) {
                    try {
                        JCublas2.setExceptionsEnabled(false);
                        JCublas2.initialize();
                        cublasReason = null;
                    } catch (Throwable t) {
                        cublasReason = CudaProbe.bindingLoadReason("cuBLAS (libcublas.so.12)", t);
                    }
                    cublasProbed = true;
                }
            }
        }
        return cublasReason;
    }

    String describe() { return description; }

    boolean usesCublas() { return handle != null; }

    void close() {
        if (handle != null) JCublas2.cublasDestroy(handle);
    }

    /**
     * {@code out = act(a @ b + bias)} over batch axes. out contiguous; a, b any strides with broadcast batch axes;
     * bias a contiguous (N) vector or null; act null or an activation.
     */
    void matmul(String op, View out, View a, View b, View bias, UnaryOp act, boolean allowCublas) {
        if (out.size() == 0) return;
        int r = out.rank();
        int m = out.shape()[r - 2], n = out.shape()[r - 1], k = a.shape()[r - 1];
        if (m == 0 || n == 0) return;
        DType dt = out.dtype();
        int actCode = OpCodes.activation(act);
        if (k == 0) {   // empty sum: zeros, then the epilogue
            backend.fill(out, 0.0);
            if (bias != null || act != null) epilogue(out, m, n, bias, actCode);
            return;
        }
        if (allowCublas && handle != null && cublas(out, a, b, m, n, k)) {
            if (bias != null || act != null) epilogue(out, m, n, bias, actCode);
            return;
        }
        own(op, out, a, b, bias, actCode, m, n, k);
    }

    private void epilogue(View out, int m, int n, View bias, int act) {
        int total = out.size();
        backend.launch1d("bias_act_" + CudaBackend.suffix(out.dtype()), total, act, total, n, backend.ptr(out),
                bias == null ? null : backend.ptr(bias));
    }

    // ---- cuBLAS ---------------------------------------------------------------------------------------------------

    /** Row-major (ld = row stride) or column-major (ld = column stride) description of one matrix, or null. */
    private record Mat(boolean rowMajor, int ld) {}

    private static Mat describe(int rows, int cols, int rs, int cs) {
        if ((cs == 1 || cols == 1) && (rows == 1 || rs >= Math.max(1, cols))) {
            return new Mat(true, rows == 1 ? Math.max(cols, 1) : rs);
        }
        if ((rs == 1 || rows == 1) && (cols == 1 || cs >= Math.max(1, rows))) {
            return new Mat(false, cols == 1 ? Math.max(rows, 1) : cs);
        }
        return null;
    }

    /** Issues the GEMM through cuBLAS; false when the layout needs our own kernel. */
    private boolean cublas(View out, View a, View b, int m, int n, int k) {
        int r = out.rank();
        int[] batchShape = Arrays.copyOf(out.shape(), r - 2);
        int batch = 1;
        for (int d : batchShape) batch *= d;
        CudaLayout.Packed bl = CudaLayout.packStrides("matmul", batchShape,
                new int[][] {Arrays.copyOf(a.strides(), r - 2), Arrays.copyOf(b.strides(), r - 2),
                        Arrays.copyOf(out.strides(), r - 2)}, new int[3], true);
        int batchRank = bl.struct()[0];
        if (batchRank > 1) return false;
        long strideA = batchRank == 1 ? bl.struct()[2 + CudaLayout.MAX_RANK] : 0;
        long strideB = batchRank == 1 ? bl.struct()[2 + 2 * CudaLayout.MAX_RANK] : 0;
        long strideC = batchRank == 1 ? bl.struct()[2 + 3 * CudaLayout.MAX_RANK] : (long) m * n;
        int ldc = m == 1 ? n : out.strides()[r - 2];
        if (out.strides()[r - 1] != 1 && n != 1) return false;

        boolean f64 = out.dtype() == DType.FLOAT64;
        boolean bf16 = !f64 && math == CudaConfig.MathMode.BF16;
        CudaAllocator.Block tmpA = null, tmpB = null;
        long tmpABytes = 0, tmpBBytes = 0;
        try {
            Pointer pa, pb;
            Mat ma, mb;
            int typeAB;
            if (bf16) {
                tmpABytes = 2L * batch * m * k;
                tmpBBytes = 2L * batch * k * n;
                tmpA = backend.allocator().allocate(tmpABytes, "matmul bf16 copy of A " + a);
                tmpB = backend.allocator().allocate(tmpBBytes, "matmul bf16 copy of B " + b);
                toBf16(tmpA.ptr(), a, batchShape, m, k);
                toBf16(tmpB.ptr(), b, batchShape, k, n);
                pa = tmpA.ptr();
                pb = tmpB.ptr();
                ma = new Mat(true, k);
                mb = new Mat(true, n);
                strideA = batch == 1 ? 0 : (long) m * k;
                strideB = batch == 1 ? 0 : (long) k * n;
                typeAB = cudaDataType.CUDA_R_16BF;
            } else {
                ma = describe(m, k, a.strides()[r - 2], a.strides()[r - 1]);
                mb = describe(k, n, b.strides()[r - 2], b.strides()[r - 1]);
                if (ma == null || mb == null) return false;
                pa = backend.ptr(a);
                pb = backend.ptr(b);
                typeAB = f64 ? cudaDataType.CUDA_R_64F : cudaDataType.CUDA_R_32F;
            }
            int typeC = f64 ? cudaDataType.CUDA_R_64F : cudaDataType.CUDA_R_32F;
            int compute = f64 ? cublasComputeType.CUBLAS_COMPUTE_64F
                    : math == CudaConfig.MathMode.TF32 ? cublasComputeType.CUBLAS_COMPUTE_32F_FAST_TF32
                    : cublasComputeType.CUBLAS_COMPUTE_32F;
            Pointer alpha = f64 ? Pointer.to(new double[] {1}) : Pointer.to(new float[] {1f});
            Pointer beta = f64 ? Pointer.to(new double[] {0}) : Pointer.to(new float[] {0f});
            // C^T (n x m, column-major, ldc) = B^T (n x k) * A^T (k x m)
            int opB = mb.rowMajor() ? cublasOperation.CUBLAS_OP_N : cublasOperation.CUBLAS_OP_T;
            int opA = ma.rowMajor() ? cublasOperation.CUBLAS_OP_N : cublasOperation.CUBLAS_OP_T;
            CUdeviceptr pc = backend.ptr(out);
            int st;
            String call;
            if (batch == 1) {
                call = "cublasGemmEx";
                st = JCublas2.cublasGemmEx(handle, opB, opA, n, m, k, alpha, pb, typeAB, mb.ld(), pa, typeAB, ma.ld(),
                        beta, pc, typeC, ldc, compute, cublasGemmAlgo.CUBLAS_GEMM_DEFAULT);
            } else {
                call = "cublasGemmStridedBatchedEx";
                st = JCublas2.cublasGemmStridedBatchedEx(handle, opB, opA, n, m, k, alpha, pb, typeAB, mb.ld(), strideB,
                        pa, typeAB, ma.ld(), strideA, beta, pc, typeC, ldc, strideC, batch, compute,
                        cublasGemmAlgo.CUBLAS_GEMM_DEFAULT);
            }
            backend.countLaunch();
            CudaCheck.checkCublas(st, call + " for matmul " + a + " x " + b + " -> " + out);
            return true;
        } finally {
            // Safe to recycle right away: later users of these blocks run after this GEMM on the same stream.
            if (tmpA != null) backend.allocator().free(tmpA, tmpABytes);
            if (tmpB != null) backend.allocator().free(tmpB, tmpBBytes);
        }
    }

    /** Writes x's (batch..., rows, cols) elements, rounded to bf16, densely into {@code dst}. */
    private void toBf16(CUdeviceptr dst, View x, int[] batchShape, int rows, int cols) {
        int r = x.rank();
        int[] shape = Arrays.copyOf(batchShape, r);
        shape[r - 2] = rows;
        shape[r - 1] = cols;
        CudaLayout.Packed p = CudaLayout.packStrides("matmul (bf16 conversion)", shape,
                new int[][] {View.rowMajorStrides(shape), x.strides()}, new int[] {0, x.offset()}, true);
        backend.launch1d("to_bf16_f32", p.n(), p.struct(), p.contiguous() ? 1 : 0, dst, backend.base(x));
    }

    // ---- our own kernel -------------------------------------------------------------------------------------------

    private void own(String op, View out, View a, View b, View bias, int act, int m, int n, int k) {
        int r = out.rank();
        boolean f64 = out.dtype() == DType.FLOAT64;
        int[] batchShape = Arrays.copyOf(out.shape(), r - 2);
        CudaLayout.Packed bl = CudaLayout.packStrides(op, batchShape,
                new int[][] {Arrays.copyOf(a.strides(), r - 2), Arrays.copyOf(b.strides(), r - 2),
                        Arrays.copyOf(out.strides(), r - 2)}, new int[3], true);
        int batchRank = bl.struct()[0];
        if (batchRank > MAX_BATCH_RANK) {
            throw new UnsupportedOperationException("cuda: " + op + ": " + out + " has " + batchRank
                    + " non-mergeable batch axes; at most " + MAX_BATCH_RANK + " are supported");
        }
        int batch = Math.max(1, bl.n());
        int sAm = a.strides()[r - 2], sAk = a.strides()[r - 1];
        int sBk = b.strides()[r - 2], sBn = b.strides()[r - 1];
        int ldc = out.strides()[r - 2];
        int[] g = new int[GEMM_ARGS_INTS];
        int i = 0;
        g[i++] = m; g[i++] = n; g[i++] = k;
        g[i++] = sAm; g[i++] = sAk; g[i++] = sBk; g[i++] = sBn; g[i++] = ldc;
        g[i++] = batch; g[i++] = batchRank;
        int[] s = bl.struct();
        for (int o = 0; o < 4; o++) {   // shape, then strides of a, b, out
            for (int d = 0; d < MAX_BATCH_RANK; d++) {
                g[i + o * MAX_BATCH_RANK + d] = d < batchRank
                        ? (o == 0 ? s[2 + d] : s[2 + CudaLayout.MAX_RANK + (o - 1) * CudaLayout.MAX_RANK + d]) : 0;
            }
        }
        i += 4 * MAX_BATCH_RANK;
        g[i++] = a.offset(); g[i++] = b.offset(); g[i++] = out.offset();
        int vec = 0;
        if (!f64) {
            boolean aAligned = a.offset() % 4 == 0, bAligned = b.offset() % 4 == 0;
            for (int d = 0; d < batchRank; d++) {
                aAligned &= g[10 + MAX_BATCH_RANK + d] % 4 == 0;
                bAligned &= g[10 + 2 * MAX_BATCH_RANK + d] % 4 == 0;
            }
            if (aAligned && sAk == 1 && sAm % 4 == 0) vec |= 1;
            else if (aAligned && sAm == 1 && sAk % 4 == 0) vec |= 2;
            if (bAligned && sBn == 1 && sBk % 4 == 0) vec |= 4;
            else if (bAligned && sBk == 1 && sBn % 4 == 0) vec |= 8;
        }
        g[i++] = vec;
        g[i] = act;
        int tile = f64 ? OWN_F64_TILE : OWN_F32_TILE;
        int gy = CudaBackend.ceilDiv(m, tile);
        if (gy > 65535) {
            throw new UnsupportedOperationException("cuda: " + op + ": " + m + " rows exceed the own GEMM kernel's grid ("
                    + 65535 * tile + " rows at most)");
        }
        backend.launch("gemm_" + CudaBackend.suffix(out.dtype()), CudaBackend.ceilDiv(n, tile), gy,
                Math.min(batch, 65535), 256, 1, g, backend.base(out), backend.base(a), backend.base(b),
                bias == null ? null : backend.ptr(bias));
    }
}
