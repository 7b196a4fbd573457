package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.DropoutMask;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.MemoryStats;
import io.github.tensorforge.spi.OpCodes;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CUDA backend: JCuda's driver API on the device's primary context, one stream per instance (all kernels and
 * copies are enqueued on it asynchronously; {@link #download} and {@link #synchronize} wait), kernels from the .cu
 * files of this module, GEMM through cuBLAS or our own tiled kernel ({@link CudaGemm}), a caching device allocator
 * ({@link CudaAllocator}) and pinned staging buffers ({@link CudaTransfers}). Calls are serialized on the instance, so
 * it may be shared between threads. {@link #kernelLaunches()} counts kernel launches and cuBLAS calls.
 */
public final class CudaBackend implements Backend, FusedKernels, AutoCloseable {
    private static final int BLOCK = 256;

    private final CudaProbe.Result device;
    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final CudaAllocator allocator = new CudaAllocator();
    private final CudaKernels kernels;
    private final CudaTransfers transfers;
    private final CudaGemm gemm;
    private final AtomicLong launches = new AtomicLong();
    private final int maxGrid;
    private volatile boolean closed;

    /** Opens the device chosen by configuration ({@code tensorforge.cuda.device}); throws when CUDA is unavailable. */
    public CudaBackend() {
        this(CudaProbe.result());
    }

    CudaBackend(CudaProbe.Result device) {
        if (!device.available()) throw new CudaException(device.reason());
        this.device = device;
        CudaCheck.check(JCudaDriver.cuDeviceGet(cuDevice, device.deviceIndex()), "cuDeviceGet(" + device.deviceIndex() + ")");
        CudaCheck.check(JCudaDriver.cuDevicePrimaryCtxRetain(context, cuDevice), "cuDevicePrimaryCtxRetain");
        CudaCheck.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        int cc = device.ccMajor() * 10 + device.ccMinor();
        CudaKernels k = null;
        CudaTransfers t = null;
        try {
            CudaCheck.check(JCudaDriver.cuStreamCreate(stream, 1 /* CU_STREAM_NON_BLOCKING */), "cuStreamCreate");
            k = new CudaKernels(Math.min(cc, 90), CudaConfig.nvrtcForced() || !device.kernelSource().startsWith("bundled"));
            t = new CudaTransfers(stream);
            this.gemm = new CudaGemm(this, stream);
        } catch (RuntimeException | Error e) {
            // Leave nothing behind: the caller may retry or fall back to another backend.
            if (t != null) t.close();
            if (k != null) k.unload();
            JCudaDriver.cuStreamDestroy(stream);
            JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice);
            throw e;
        }
        this.kernels = k;
        this.transfers = t;
        this.maxGrid = Math.max(1, device.multiprocessors()) * 32;
    }

    @Override public String name() { return "cuda"; }

    @Override public String description() {
        return "cuda: " + device.deviceName() + " (device " + device.deviceIndex() + ", sm_" + device.ccMajor()
                + device.ccMinor() + ", " + device.multiprocessors() + " SMs, " + (device.totalMemory() >> 20)
                + " MiB), driver CUDA " + CudaProbe.versionString(device.driverVersion()) + "; kernels: "
                + kernels.describe() + "; GEMM: " + gemm.describe();
    }

    /** Kernel launches and cuBLAS calls issued by this backend so far. */
    public long kernelLaunches() { return launches.get(); }

    /** True when GEMMs go through cuBLAS (false: our own tiled kernel). */
    public boolean usesCublas() { return gemm.usesCublas(); }

    /** Allocator statistics in words (cache hits, bytes reserved from the driver). */
    public String allocatorSummary() { return allocator.summary(); }

    /** Returns every cached device block to the driver. */
    public synchronized void emptyCache() {
        enter();
        allocator.trim();
    }

    CudaAllocator allocator() { return allocator; }

    void countLaunch() { launches.incrementAndGet(); }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    private void enter() {
        if (closed) throw new IllegalStateException("cuda: backend is closed");
        CudaCheck.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    static String suffix(DType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT32 -> "i32";
            case INT64 -> "i64";
            case BOOL -> "u8";
        };
    }

    private CudaBuffer buf(View v) {
        if (!(v.buffer() instanceof CudaBuffer b) || b.backend() != this) {
            throw new IllegalArgumentException("cuda: " + v + " is not a buffer of this CUDA backend ("
                    + v.buffer().backend().name() + ")");
        }
        return b;
    }

    /** The device pointer of the view's first element. */
    CUdeviceptr ptr(View v) { return buf(v).ptr(v.offset()); }

    /** The device pointer of the view's buffer (kernels that take the offset in a Layout). */
    CUdeviceptr base(View v) { return buf(v).ptr(); }

    /**
     * Launches {@code fn}. Arguments: Integer, Long, Float, Double, Byte scalars; int[] for a struct passed by value;
     * a device pointer; null for a null pointer.
     */
    void launch(String fn, int gx, int gy, int gz, int bx, int by, Object... args) {
        NativePointerObject[] ps = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) ps[i] = Pointer.to(new CUdeviceptr());
            else if (a instanceof Integer x) ps[i] = Pointer.to(new int[] {x});
            else if (a instanceof Long x) ps[i] = Pointer.to(new long[] {x});
            else if (a instanceof Float x) ps[i] = Pointer.to(new float[] {x});
            else if (a instanceof Double x) ps[i] = Pointer.to(new double[] {x});
            else if (a instanceof Byte x) ps[i] = Pointer.to(new byte[] {x});
            else if (a instanceof int[] x) ps[i] = Pointer.to(x);
            else if (a instanceof Pointer x) ps[i] = Pointer.to(x);
            else throw new IllegalArgumentException("cuda: unsupported kernel argument " + a.getClass());
        }
        int st = JCudaDriver.cuLaunchKernel(kernels.function(fn), gx, gy, gz, bx, by, 1, 0, stream, Pointer.to(ps), null);
        launches.incrementAndGet();
        CudaCheck.check(st, "cuLaunchKernel(" + fn + ", grid " + gx + "x" + gy + "x" + gz + ", block " + bx + "x" + by + ")");
    }

    /** A 1-D grid-stride launch over {@code n} elements. */
    void launch1d(String fn, int n, Object... args) {
        int grid = Math.max(1, Math.min(ceilDiv(n, BLOCK), maxGrid));
        launch(fn, grid, 1, 1, BLOCK, 1, args);
    }

    // ---- memory ---------------------------------------------------------------------------------------------------

    @Override public synchronized Buffer allocate(DType dtype, int size) {
        if (size < 0) throw new IllegalArgumentException("cuda: allocate: negative size " + size);
        enter();
        long bytes = (long) size * dtype.byteSize();
        return new CudaBuffer(this, dtype, size, allocator.allocate(bytes, dtype + "[" + size + "]"));
    }

    @Override public synchronized void upload(Buffer dst, Object hostArray) {
        CudaBuffer b = buf(View.contiguous(dst, dst.size()));
        if (hostArray.getClass() != dst.dtype().hostArrayType()) {
            throw new IllegalArgumentException("cuda: upload: " + hostArray.getClass().getSimpleName() + " into a "
                    + dst.dtype() + " buffer (expected " + dst.dtype().hostArrayType().getSimpleName() + ")");
        }
        int len = java.lang.reflect.Array.getLength(hostArray);
        if (len < dst.size()) {
            throw new IllegalArgumentException("cuda: upload: host array has " + len + " elements, buffer " + dst.size());
        }
        enter();
        transfers.upload(b.ptr(), dst.dtype(), hostArray, dst.size());
    }

    @Override public synchronized Object download(Buffer src) {
        CudaBuffer b = buf(View.contiguous(src, src.size()));
        enter();
        Object array = java.lang.reflect.Array.newInstance(src.dtype().hostArrayType().getComponentType(), src.size());
        transfers.download(b.ptr(), src.dtype(), array, src.size());
        return array;
    }

    @Override public MemoryStats memoryStats() { return allocator.stats(); }

    @Override public synchronized void synchronize() {
        enter();
        CudaCheck.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    // ---- element-wise ---------------------------------------------------------------------------------------------

    @Override public synchronized void fill(View out, double value) {
        if (out.size() == 0) return;
        enter();
        Object v = switch (out.dtype()) {
            case FLOAT32 -> (float) value;
            case FLOAT64 -> value;
            case INT32 -> (int) (long) value;
            case INT64 -> (long) value;
            case BOOL -> value != 0 ? (byte) 1 : (byte) 0;
        };
        String s = suffix(out.dtype());
        if (out.isContiguous()) {
            launch1d("fill_" + s, out.size(), out.size(), ptr(out), v);
            return;
        }
        // A strided output: fill one element, then broadcast it with the copy kernel.
        CudaAllocator.Block one = allocator.allocate(out.dtype().byteSize(), "fill scalar");
        try {
            launch1d("fill_" + s, 1, 1, one.ptr(), v);
            CudaLayout.Packed p = CudaLayout.packStrides("fill", out.shape(),
                new int[][] {out.strides(), new int[out.rank()]}, new int[] {out.offset(), 0}, true);
            launch1d("copy_" + s + "_" + s, p.n(), p.struct(), p.contiguous() ? 1 : 0, base(out), one.ptr());
        } finally {
            allocator.free(one, out.dtype().byteSize());
        }
    }

    @Override public synchronized void copy(View out, View x) {
        requireSameShape("copy", out, x);
        if (out.size() == 0) return;
        enter();
        if (out.dtype() == x.dtype() && out.isContiguous() && x.isContiguous()) {
            long bytes = (long) out.size() * out.dtype().byteSize();
            CudaCheck.check(JCudaDriver.cuMemcpyDtoDAsync(ptr(out), ptr(x), bytes, stream), "cuMemcpyDtoDAsync(" + bytes + ")");
            return;
        }
        CudaLayout.Packed p = CudaLayout.pack("copy", out.shape(), true, out, x);
        launch1d("copy_" + suffix(x.dtype()) + "_" + suffix(out.dtype()), p.n(), p.struct(), p.contiguous() ? 1 : 0,
                base(out), base(x));
    }

    @Override public synchronized void unary(UnaryOp op, View out, View x) {
        requireSameShape("unary " + op, out, x);
        if (!x.dtype().isFloating() && !op.acceptsIntegers()) {
            throw new IllegalArgumentException("cuda: unary " + op + " is not defined on " + x.dtype() + " " + x
                    + " (core promotes integers to floating point first)");
        }
        if (out.size() == 0) return;
        enter();
        CudaLayout.Packed p = CudaLayout.pack("unary " + op, out.shape(), true, out, x);
        launch1d("unary_" + suffix(x.dtype()), p.n(), OpCodes.of(op), p.struct(), p.contiguous() ? 1 : 0, base(out), base(x));
    }

    @Override public synchronized void binary(BinaryOp op, View out, View a, View b) {
        requireSameShape("binary " + op, out, a);
        requireSameShape("binary " + op, out, b);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("cuda: binary " + op + ": operands differ in dtype: " + a + " and " + b);
        }
        boolean cmp = switch (op) {
            case CMPLT, CMPLE, CMPEQ, CMPNE -> true;
            case ADD, SUB, MUL, MAX, MIN -> false;
            case DIV, POW -> {
                if (!a.dtype().isFloating()) {
                    throw new IllegalArgumentException("cuda: binary " + op + " is not defined on " + a.dtype()
                            + " (core promotes integers to floating point first)");
                }
                yield false;
            }
        };
        if (out.size() == 0) return;
        enter();
        CudaLayout.Packed p = CudaLayout.pack("binary " + op, out.shape(), true, out, a, b);
        launch1d((cmp ? "compare_" : "binary_") + suffix(a.dtype()), p.n(), OpCodes.of(op), p.struct(),
                p.contiguous() ? 1 : 0, base(out), base(a), base(b));
    }

    @Override public synchronized void where(View out, View cond, View a, View b) {
        requireSameShape("where", out, cond);
        requireSameShape("where", out, a);
        requireSameShape("where", out, b);
        if (cond.dtype() != DType.BOOL) throw new IllegalArgumentException("cuda: where: condition " + cond + " is not bool");
        if (out.size() == 0) return;
        enter();
        CudaLayout.Packed p = CudaLayout.pack("where", out.shape(), true, out, cond, a, b);
        launch1d("where_" + suffix(out.dtype()), p.n(), p.struct(), p.contiguous() ? 1 : 0, base(out), base(cond),
                base(a), base(b));
    }

    // ---- reductions -----------------------------------------------------------------------------------------------

    @Override public synchronized void reduce(ReduceOp op, View out, View x, int[] axes) {
        boolean arg = switch (op) {
            case SUM, MAX, MIN -> false;
            case ARGMAX, ARGMIN -> true;
        };
        if (arg && axes.length != 1) {
            throw new IllegalArgumentException("cuda: reduce " + op + " takes exactly one axis, got " + Arrays.toString(axes));
        }
        if (out.size() == 0) return;
        enter();
        CudaLayout.Reduction red = CudaLayout.reduction("reduce " + op, x, axes);
        int m = red.m(), k = red.k();
        String fn = "reduce_" + suffix(x.dtype());
        int group = k <= 512 ? 32 : BLOCK;
        int perBlock = BLOCK / group;
        int splits = 1;
        if (group == BLOCK && k > 16384 && m < 2 * maxGrid / 32) {
            splits = Math.min(1024, Math.min(ceilDiv(k, 8192), Math.max(1, ceilDiv(4 * device.multiprocessors(), m))));
        }
        int chunk = ceilDiv(k, splits);
        splits = Math.max(1, ceilDiv(k, Math.max(chunk, 1)));
        if (splits == 1) {
            launch(fn, ceilDiv(m, perBlock), 1, 1, BLOCK, 1, OpCodes.of(op), red.struct(), m, k, Math.max(chunk, 1), group,
                    arg ? null : ptr(out), arg ? ptr(out) : null, base(x), null);
            return;
        }
        // Two passes: S partial results per output, then a reduction of the partials.
        long partialBytes = (long) m * splits * x.dtype().byteSize();
        long idxBytes = arg ? (long) m * splits * 8 : 0;
        CudaAllocator.Block vals = allocator.allocate(partialBytes, "reduce " + op + " partial values");
        CudaAllocator.Block idx = arg ? allocator.allocate(idxBytes, "reduce " + op + " partial indices") : null;
        try {
            launch(fn, ceilDiv(m, perBlock), splits, 1, BLOCK, 1, OpCodes.of(op), red.struct(), m, k, chunk, group,
                    vals.ptr(), idx == null ? null : idx.ptr(), base(x), null);
            int group2 = splits <= 512 ? 32 : BLOCK;
            launch(fn, ceilDiv(m, BLOCK / group2), 1, 1, BLOCK, 1, OpCodes.of(op), CudaLayout.partials(m, splits), m,
                    splits, splits, group2, arg ? null : ptr(out), arg ? ptr(out) : null, vals.ptr(),
                    idx == null ? null : idx.ptr());
        } finally {
            allocator.free(vals, partialBytes);
            if (idx != null) allocator.free(idx, idxBytes);
        }
    }

    // ---- matmul, gather, scatter ----------------------------------------------------------------------------------

    @Override public synchronized void matmul(View out, View a, View b) {
        requireFloating("matmul", out);
        if (out.size() == 0) return;
        enter();
        gemm.matmul("matmul", out, a, b, null, null, true);
    }

    /**
     * {@link #matmul} through our own tiled kernel even when cuBLAS is in use: the benchmark peer of cuBLAS and the
     * way tests cover the fallback on machines that have cuBLAS.
     */
    public synchronized void ownMatmul(View out, View a, View b) {
        requireFloating("matmul", out);
        if (out.size() == 0) return;
        enter();
        gemm.matmul("matmul", out, a, b, null, null, false);
    }

    /** {@link #linear} through our own GEMM kernel with its fused bias + activation epilogue (tests, benchmarks). */
    synchronized void ownLinear(View out, View x, View w, View bias, UnaryOp activation) {
        requireFloating("linear", out);
        if (out.size() == 0) return;
        enter();
        gemm.matmul("linear", out, x, w, bias, activation, false);
    }

    @Override public synchronized void gather(View out, View src, View index, int axis) {
        requireIndex("gather", index);
        if (out.size() == 0) return;
        enter();
        CudaLayout.Packed p = CudaLayout.pack("gather", out.shape(), false, out, src);
        launch1d("gather_" + suffix(out.dtype()), p.n(), p.struct(), axis, base(out), base(src), base(index),
                index.strides()[0], index.offset());
    }

    @Override public synchronized void scatterAdd(View out, View index, View src, int axis) {
        requireIndex("scatterAdd", index);
        if (src.size() == 0) return;
        enter();
        CudaLayout.Packed p = CudaLayout.pack("scatterAdd", src.shape(), false, out, src);
        launch1d("scatter_add_" + suffix(out.dtype()), p.n(), p.struct(), axis, base(out), base(src), base(index),
                index.strides()[0], index.offset());
    }

    // ---- fused kernels --------------------------------------------------------------------------------------------

    @Override public FusedKernels fused() { return this; }

    private static int rowThreads(int n) {
        if (n <= 32) return 32;
        if (n <= 64) return 64;
        if (n <= 128) return 128;
        if (n <= 4096) return 256;
        return 512;
    }

    @Override public synchronized void softmax(View out, View x, boolean log) {
        requireFloating("softmax", x);
        int n = lastDim(x), rows = rows(x);
        if (rows == 0 || n == 0) return;
        enter();
        launch("softmax_fwd_" + suffix(x.dtype()), rows, 1, 1, rowThreads(n), 1, rows, n, log ? 1 : 0, ptr(out), ptr(x));
    }

    @Override public synchronized void softmaxBackward(View gradX, View y, View gradY, boolean log) {
        requireFloating("softmaxBackward", y);
        int n = lastDim(y), rows = rows(y);
        if (rows == 0 || n == 0) return;
        enter();
        launch("softmax_bwd_" + suffix(y.dtype()), rows, 1, 1, rowThreads(n), 1, rows, n, log ? 1 : 0, ptr(gradX),
                ptr(y), ptr(gradY));
    }

    @Override public synchronized void layerNorm(View out, View mean, View rstd, View x, View gamma, View beta, double eps) {
        requireFloating("layerNorm", x);
        int n = lastDim(x), rows = rows(x);
        if (rows == 0 || n == 0) return;
        enter();
        launch("layernorm_fwd_" + suffix(x.dtype()), rows, 1, 1, rowThreads(n), 1, rows, n, eps, ptr(out), ptr(mean),
                ptr(rstd), ptr(x), gamma == null ? null : ptr(gamma), beta == null ? null : ptr(beta));
    }

    @Override public synchronized void layerNormBackward(View gradX, View gradGamma, View gradBeta, View gradY, View x,
                                                         View mean, View rstd, View gamma) {
        requireFloating("layerNormBackward", x);
        int n = lastDim(x), rows = rows(x);
        if (n == 0) return;
        enter();
        String s = suffix(x.dtype());
        if (rows > 0) {
            launch("layernorm_bwd_" + s, rows, 1, 1, rowThreads(n), 1, rows, n, ptr(gradX), ptr(gradY), ptr(x),
                    ptr(mean), ptr(rstd), gamma == null ? null : ptr(gamma));
        }
        if (gradGamma != null || gradBeta != null) {
            launch("layernorm_bwd_params_" + s, ceilDiv(n, 32), 1, 1, 32, 8, rows, n,
                    gradGamma == null ? null : ptr(gradGamma), gradBeta == null ? null : ptr(gradBeta), ptr(gradY),
                    ptr(x), ptr(mean), ptr(rstd));
        }
    }

    @Override public synchronized void activationBackward(UnaryOp activation, View gradX, View x, View gradY) {
        if (!activation.isActivation()) throw new UnsupportedOperationException("cuda: no fused backward for " + activation);
        requireFloating("activationBackward " + activation, x);
        if (x.size() == 0) return;
        enter();
        launch1d("activation_bwd_" + suffix(x.dtype()), x.size(), OpCodes.of(activation), x.size(), ptr(gradX), ptr(x),
                ptr(gradY));
    }

    @Override public synchronized void linear(View out, View x, View w, View bias, UnaryOp activation) {
        assert activation == null || activation.isActivation() : "core passes activations only, got " + activation;
        requireFloating("linear", out);
        if (x.rank() != 2 || w.rank() != 2 || out.rank() != 2) {
            throw new IllegalArgumentException("cuda: linear: expected x (m, k), w (k, n), out (m, n), got " + x + ", "
                    + w + ", " + out);
        }
        if (out.size() == 0) return;
        enter();
        View b = bias;
        CudaAllocator.Block tmp = null;
        long tmpBytes = 0;
        if (bias != null && bias.rank() == 1 && bias.shape()[0] > 1 && bias.strides()[0] != 1) {
            // The epilogues read bias densely: make a contiguous copy of a strided bias.
            tmpBytes = (long) bias.size() * bias.dtype().byteSize();
            tmp = allocator.allocate(tmpBytes, "linear bias copy");
            CudaBuffer view = new CudaBuffer(this, bias.dtype(), bias.size(), tmp);
            b = View.contiguous(view, bias.shape());
            CudaLayout.Packed p = CudaLayout.pack("linear", bias.shape(), true, b, bias);
            launch1d("copy_" + suffix(bias.dtype()) + "_" + suffix(bias.dtype()), p.n(), p.struct(),
                    p.contiguous() ? 1 : 0, base(b), base(bias));
        }
        try {
            gemm.matmul("linear", out, x, w, b, activation, true);
        } finally {
            if (tmp != null) allocator.free(tmp, tmpBytes);
        }
    }

    @Override public synchronized void adamStep(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq,
                                                AdamStep h) {
        AdamStep.checkOperands("cuda", param, grad, expAvg, expAvgSq, maxExpAvgSq);
        int n = param.size();
        if (n == 0) return;
        enter();
        launch1d("adam_step_" + suffix(param.dtype()), n, n, ptr(param), ptr(grad), ptr(expAvg), ptr(expAvgSq),
                maxExpAvgSq == null ? null : ptr(maxExpAvgSq), h.beta1(), 1 - h.beta1(), h.beta2(), 1 - h.beta2(),
                h.gradientDecay(), h.paramScale(), h.stepSize(), 1 / h.sqrtBiasCorrection2(), h.eps());
    }

    @Override public synchronized void dropout(View out, View x, long seed, double p) {
        DropoutMask.checkOperands("cuda", out, x);
        int n = x.size();
        if (n == 0) return;
        enter();
        launch1d("dropout_" + suffix(x.dtype()), n, n, ptr(out), ptr(x), DropoutMask.key0(seed), DropoutMask.key1(seed),
                DropoutMask.threshold(p), 1 / (1 - p));
    }

    // ---- checks ---------------------------------------------------------------------------------------------------

    private static void requireSameShape(String op, View out, View x) {
        if (!Arrays.equals(out.shape(), x.shape())) {
            throw new IllegalArgumentException("cuda: " + op + ": shapes differ: out " + out + ", operand " + x);
        }
    }

    private static void requireFloating(String op, View v) {
        if (!v.dtype().isFloating()) {
            throw new IllegalArgumentException("cuda: " + op + " runs on float32/float64, got " + v);
        }
    }

    private static void requireIndex(String op, View index) {
        if (index.dtype() != DType.INT64 || index.rank() != 1) {
            throw new IllegalArgumentException("cuda: " + op + ": index must be a 1-D int64 view, got " + index);
        }
    }

    private static int lastDim(View v) { return v.rank() == 0 ? 1 : v.shape()[v.rank() - 1]; }

    private static int rows(View v) {
        int n = lastDim(v);
        return n == 0 ? 0 : v.size() / n;
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    /** Waits for pending work and frees the stream, staging buffers, cached memory and the context reference. */
    @Override public synchronized void close() {
        if (closed) return;
        enter();
        JCudaDriver.cuStreamSynchronize(stream);
        closed = true;
        allocator.trim();
        transfers.close();
        gemm.close();
        kernels.unload();
        JCudaDriver.cuStreamDestroy(stream);
        int st = JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice);
        if (st != CUresult.CUDA_SUCCESS) throw new CudaException("cuda: cuDevicePrimaryCtxRelease: " + CUresult.stringFor(st));
    }
}
