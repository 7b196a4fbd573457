package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.MemoryStats;
import io.github.tensorforge.spi.MemoryTracker;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import jdk.incubator.vector.FloatVector;


/**
 * The CPU backend: Java arrays ({@link HeapBuffer}) with a reuse pool, Vector API kernels, a packed GEMM and an own
 * thread pool ({@code tensorforge.cpu.threads} / {@code TENSORFORGE_CPU_THREADS}, default: available processors).
 * Kernel families live in their own classes: {@link CpuElementwise}, {@link CpuReduce}, {@link CpuMatmul} (with
 * {@link CpuGemm}/{@link CpuGemm64}), {@link CpuIndex} and {@link CpuFused}. Thread-safe: kernels share only the
 * pool, which runs one job at a time and lets other callers compute on their own thread.
 */
public final class CpuBackend implements Backend, FusedKernels {
    private final MemoryTracker memory = new MemoryTracker();
    private final CpuThreadPool pool;
    private final CpuBufferPool buffers;
    private final CpuElementwise elementwise;
    private final CpuReduce reduce;
    private final CpuMatmul matmul;
    private final CpuIndex index;
    private final CpuFused fusedKernels;

    /** A backend with the configured thread count and buffer cache. */
    public CpuBackend() {
        this(CpuThreadPool.configuredThreads(), CpuBufferPool.configuredCapacity());
    }

    /** A backend with {@code threads} threads (calling thread included) and a buffer cache of {@code cacheBytes}. */
    public CpuBackend(int threads, long cacheBytes) {
        this.pool = new CpuThreadPool(threads);
        this.buffers = new CpuBufferPool(this, memory, cacheBytes);
        this.elementwise = new CpuElementwise(pool);
        this.reduce = new CpuReduce(pool);
        this.matmul = new CpuMatmul(pool);
        this.index = new CpuIndex(pool);
        this.fusedKernels = new CpuFused(pool, matmul);
    }

    @Override public String name() { return "cpu"; }

    /** Threads used by kernels, the calling thread included. */
    public int threads() { return pool.threads(); }

    /** Vector width in bits of the preferred species on this machine. */
    public static int vectorBits() { return FloatVector.SPECIES_PREFERRED.vectorBitSize(); }

    @Override public String description() {
        return "cpu: Java Vector API, " + vectorBits() + "-bit vectors (" + CpuGemm.L + " float lanes), "
                + pool.threads() + " threads, GEMM tile " + CpuGemm.MR + "x" + CpuGemm.NR + " KC=" + CpuGemm.KC
                + " MC=" + CpuGemm.MC + " NC=" + CpuGemm.NC + ", Java " + Runtime.version();
    }

    /** Drops cached arrays and stops the worker threads (they are daemons; this is optional). */
    public void shutdown() {
        buffers.clear();
        pool.shutdown();
    }

    /** Number of allocations served from the array cache so far. */
    public long reusedAllocations() { return buffers.reuseCount(); }

    // ---- memory -------------------------------------------------------------------------------------------------

    @Override public Buffer allocate(DType dtype, int size) {
        if (size < 0) throw new IllegalArgumentException("cpu allocate: negative size " + size + " for " + dtype);
        return buffers.allocate(dtype, size);
    }

    @Override public void upload(Buffer dst, Object hostArray) {
        HeapBuffer b = heap("upload", dst);
        if (hostArray == null || hostArray.getClass() != dst.dtype().hostArrayType()) {
            throw new IllegalArgumentException("cpu upload: buffer " + dst.dtype() + "[" + dst.size() + "] needs a "
                    + dst.dtype().hostArrayType().getSimpleName() + ", got "
                    + (hostArray == null ? "null" : hostArray.getClass().getSimpleName()));
        }
        int len = java.lang.reflect.Array.getLength(hostArray);
        if (len < dst.size()) {
            throw new IllegalArgumentException("cpu upload: host array has " + len + " elements, buffer "
                    + dst.dtype() + "[" + dst.size() + "] needs " + dst.size());
        }
        System.arraycopy(hostArray, 0, b.array(), 0, dst.size());
    }

    @Override public Object download(Buffer src) {
        HeapBuffer b = heap("download", src);
        Object copy = HeapBuffer.newArray(src.dtype(), src.size());
        System.arraycopy(b.array(), 0, copy, 0, src.size());
        return copy;
    }

    @Override public MemoryStats memoryStats() { return memory.stats(buffers.cachedBytes()); }

    private static HeapBuffer heap(String op, Buffer b) {
        if (b instanceof HeapBuffer h) return h;
        throw new IllegalArgumentException("cpu " + op + ": buffer " + b + " does not belong to a CPU-resident backend ("
                + (b == null ? "null" : b.backend().name()) + "); copy it to the cpu backend first");
    }

    private static void check(String op, View... views) {
        for (View v : views) if (v != null) heap(op, v.buffer());
    }

    // ---- kernels ------------------------------------------------------------------------------------------------

    @Override public void fill(View out, double value) {
        check("fill", out);
        elementwise.fill(out, value);
    }

    @Override public void copy(View out, View x) {
        check("copy", out, x);
        elementwise.copy(out, x);
    }

    @Override public void unary(UnaryOp op, View out, View x) {
        check("unary " + op, out, x);
        elementwise.unary(op, out, x);
    }

    @Override public void binary(BinaryOp op, View out, View a, View b) {
        check("binary " + op, out, a, b);
        assert a.dtype() == b.dtype() : "binary " + op + ": core promotes operands to one dtype, got " + a.dtype()
                + " and " + b.dtype();
        elementwise.binary(op, out, a, b);
    }

    @Override public void where(View out, View cond, View a, View b) {
        check("where", out, cond, a, b);
        assert cond.dtype() == DType.BOOL : "where: core passes a BOOL condition, got " + cond.dtype();
        elementwise.where(out, cond, a, b);
    }

    @Override public void reduce(ReduceOp op, View out, View x, int[] axes) {
        check("reduce " + op, out, x);
        reduce.reduce(op, out, x, axes);
    }

    @Override public void matmul(View out, View a, View b) {
        check("matmul", out, a, b);
        matmul.matmul(out, a, b);
    }

    @Override public void gather(View out, View src, View index, int axis) {
        check("gather", out, src, index);
        this.index.gather(out, src, index, axis);
    }

    @Override public void scatterAdd(View out, View index, View src, int axis) {
        check("scatterAdd", out, index, src);
        this.index.scatterAdd(out, index, src, axis);
    }

    // ---- fused --------------------------------------------------------------------------------------------------

    @Override public FusedKernels fused() { return this; }

    @Override public void softmax(View out, View x, boolean log) {
        check("softmax", out, x);
        fusedKernels.softmax(out, x, log);
    }

    @Override public void softmaxBackward(View gradX, View y, View gradY, boolean log) {
        check("softmaxBackward", gradX, y, gradY);
        fusedKernels.softmaxBackward(gradX, y, gradY, log);
    }

    @Override public void layerNorm(View out, View mean, View rstd, View x, View gamma, View beta, double eps) {
        check("layerNorm", out, mean, rstd, x, gamma, beta);
        fusedKernels.layerNorm(out, mean, rstd, x, gamma, beta, eps);
    }

    @Override public void layerNormBackward(View gradX, View gradGamma, View gradBeta, View gradY, View x, View mean,
                                            View rstd, View gamma) {
        check("layerNormBackward", gradX, gradGamma, gradBeta, gradY, x, mean, rstd, gamma);
        fusedKernels.layerNormBackward(gradX, gradGamma, gradBeta, gradY, x, mean, rstd, gamma);
    }

    @Override public void activationBackward(UnaryOp activation, View gradX, View x, View gradY) {
        check("activationBackward", gradX, x, gradY);
        fusedKernels.activationBackward(activation, gradX, x, gradY);
    }

    @Override public void linear(View out, View x, View w, View bias, UnaryOp activation) {
        check("linear", out, x, w, bias);
        fusedKernels.linear(out, x, w, bias, activation);
    }

    @Override public void adamStep(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq, AdamStep h) {
        check("adamStep", param, grad, expAvg, expAvgSq, maxExpAvgSq);
        fusedKernels.adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, h);
    }

    @Override public void dropout(View out, View x, long seed, double p) {
        check("dropout", out, x);
        fusedKernels.dropout(out, x, seed, p);
    }
}
