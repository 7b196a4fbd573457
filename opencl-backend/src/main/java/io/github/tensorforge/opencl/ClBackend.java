package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.Coalesced;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.MemoryStats;
import io.github.tensorforge.spi.MemoryTracker;
import io.github.tensorforge.spi.OpCodes;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.Arrays;

/**
 * The OpenCL backend: tensors live in device buffers ({@link ClBuffer}); {@link #upload} and {@link #download} are the
 * only host transfers; kernels are enqueued asynchronously on one in-order queue and {@link #download} /
 * {@link #synchronize()} wait for them. Kernel sources are resource files, one per op family (elementwise.cl,
 * reduce.cl, matmul.cl, index.cl, norm.cl, copy.cl), built per dtype with -D options and cached for the process.
 * Thread-safe: enqueues are serialized on the context lock.
 */
public final class ClBackend implements Backend {
    static final String ELEMENTWISE = "elementwise.cl";
    static final String REDUCE = "reduce.cl";
    static final String INDEX = "index.cl";
    static final String COPY = "copy.cl";
    /** Local scratch size of the work-group tree kernels (reduce.cl, norm.cl); launches use at most this many. */
    static final int RWG = 256;

    final ClContext cl;
    private final MemoryTracker memory = new MemoryTracker();
    private final ClGemm gemm;
    private final ClFused fused;

    public ClBackend(ClDevice device) {
        this.cl = new ClContext(device);
        this.gemm = new ClGemm(this);
        this.fused = new ClFused(this);
    }

    /** The device chosen by configuration (see {@link ClDevice}); throws with the reason when there is none. */
    public static ClBackend createDefault() {
        ClDevice.Selection s = ClDevice.select();
        if (!s.found()) throw new IllegalStateException("opencl backend is not available: " + s.reason());
        return new ClBackend(s.device());
    }

    public ClDevice device() { return cl.device; }

    @Override public String name() { return "opencl"; }

    @Override public String description() { return "opencl: " + cl.device.describe(); }

    // ---- memory -------------------------------------------------------------------------------------------------

    @Override public Buffer allocate(DType dtype, int size) {
        if (size < 0) throw new IllegalArgumentException("opencl: allocate: negative size " + size);
        long bytes = (long) size * dtype.byteSize();
        ClDevice d = cl.device;
        if (bytes > d.maxAllocSize()) {
            throw new ClOutOfMemoryException("opencl: allocate " + dtype + "[" + size + "] needs " + bytes
                    + " bytes, more than the largest single allocation device '" + d.name().trim() + "' allows ("
                    + d.maxAllocSize() + " bytes, CL_DEVICE_MAX_MEM_ALLOC_SIZE; global memory " + d.globalMemSize()
                    + " bytes). Use smaller tensors or batches, or another device.", ClErrors.CL_INVALID_BUFFER_SIZE);
        }
        int[] err = new int[1];
        cl_mem mem;
        try {
            // OpenCL rejects zero-sized buffers; an empty tensor still gets a (1-byte) object of its own.
            mem = CL.clCreateBuffer(cl.context, CL.CL_MEM_READ_WRITE, Math.max(bytes, 1), null, err);
        } catch (CLException e) {
            err[0] = e.getStatus();
            mem = null;
        }
        if (err[0] != 0 || mem == null) {
            throw ClErrors.failure(err[0] != 0 ? err[0] : ClErrors.CL_MEM_OBJECT_ALLOCATION_FAILURE,
                    "allocate " + dtype + "[" + size + "]", bytes + " bytes", "live " + memory.stats(0));
        }
        return new ClBuffer(this, dtype, size, mem, memory);
    }

    @Override public void upload(Buffer dst, Object hostArray) {
        ClBuffer b = own(dst, "upload");
        int n = b.size();
        int len = java.lang.reflect.Array.getLength(hostArray);
        if (!b.dtype().hostArrayType().isInstance(hostArray) || len < n) {
            throw new IllegalArgumentException("opencl: upload: buffer " + b.dtype() + "[" + n + "] needs a "
                    + b.dtype().hostArrayType().getSimpleName() + " of length >= " + n + ", got "
                    + hostArray.getClass().getSimpleName() + " of length " + len);
        }
        if (n == 0) return;
        Pointer p = switch (b.dtype()) {
            case BOOL -> {
                boolean[] a = (boolean[]) hostArray;
                byte[] bytes = new byte[n];
                for (int i = 0; i < n; i++) bytes[i] = (byte) (a[i] ? 1 : 0);
                yield Pointer.to(bytes);
            }
            case INT32 -> Pointer.to((int[]) hostArray);
            case INT64 -> Pointer.to((long[]) hostArray);
            case FLOAT32 -> Pointer.to((float[]) hostArray);
            case FLOAT64 -> Pointer.to((double[]) hostArray);
        };
        int st;
        synchronized (cl.lock) {
            try {
                // Blocking: Java arrays may move, so the copy must finish before returning.
                st = CL.clEnqueueWriteBuffer(cl.queue, b.mem(), true, 0, b.byteSize(), p, 0, null, null);
            } catch (CLException e) {
                st = e.getStatus();
            }
        }
        ClErrors.check(st, "upload", b.dtype() + "[" + n + "]");
    }

    @Override public Object download(Buffer src) {
        ClBuffer b = own(src, "download");
        int n = b.size();
        Object out = io.github.tensorforge.spi.HeapBuffer.newArray(b.dtype(), n);
        if (n == 0) return out;
        byte[] bytes = b.dtype() == DType.BOOL ? new byte[n] : null;
        Pointer p = switch (b.dtype()) {
            case BOOL -> Pointer.to(bytes);
            case INT32 -> Pointer.to((int[]) out);
            case INT64 -> Pointer.to((long[]) out);
            case FLOAT32 -> Pointer.to((float[]) out);
            case FLOAT64 -> Pointer.to((double[]) out);
        };
        int st;
        synchronized (cl.lock) {
            try {
                st = CL.clEnqueueReadBuffer(cl.queue, b.mem(), true, 0, b.byteSize(), p, 0, null, null);
            } catch (CLException e) {
                st = e.getStatus();
            }
        }
        ClErrors.check(st, "download", b.dtype() + "[" + n + "]");
        if (bytes != null) {
            boolean[] bools = (boolean[]) out;
            for (int i = 0; i < n; i++) bools[i] = bytes[i] != 0;
        }
        return out;
    }

    @Override public MemoryStats memoryStats() { return memory.stats(0); }

    @Override public void synchronize() { cl.finish("synchronize"); }

    private ClBuffer own(Buffer b, String op) {
        if (b instanceof ClBuffer c && c.backend() == this) return c;
        throw new IllegalArgumentException("opencl: " + op + ": buffer " + b + " does not belong to this backend");
    }

    /** Kernels of a per-dtype program (common.cl + file), checking float64 support first. */
    cl_kernel kernel(String file, DType t, String name, String op) {
        cl.requireDType(t, op);
        return cl.kernel(file, ClContext.typeOption(t) + " -DRWG=" + RWG, name);
    }

    static void requireContiguous(View out, String op) {
        if (!out.isContiguous()) {
            throw new IllegalArgumentException("opencl: " + op + ": output view must be contiguous, got " + out);
        }
    }

    static void requireDType(View v, DType t, String op, String role) {
        if (v.dtype() != t) {
            throw new IllegalArgumentException("opencl: " + op + ": " + role + " has dtype " + v.dtype() + ", expected " + t
                    + " (" + v + ")");
        }
    }

    /** A host scalar as the kernel argument type of dtype t (conversions as in {@link Backend#fill}). */
    static Object scalarArg(DType t, double v) {
        return switch (t) {
            case BOOL -> (byte) (v != 0 ? 1 : 0);
            case INT32 -> (int) (long) v;
            case INT64 -> (long) v;
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
        };
    }

    // ---- kernels ------------------------------------------------------------------------------------------------

    @Override public void fill(View out, double value) {
        int n = out.size();
        if (n == 0) return;
        cl_kernel k = kernel(ELEMENTWISE, out.dtype(), "fill_s", "fill");
        cl.launch1d("fill", k, n, ClBuffer.of(out, "fill"), ClLayout.of(out, "fill"), n, scalarArg(out.dtype(), value));
    }

    @Override public void copy(View out, View x) {
        int n = out.size();
        if (n == 0) return;
        if (!Arrays.equals(out.shape(), x.shape())) {
            throw new IllegalArgumentException("opencl: copy: shapes differ: " + out + " <- " + x);
        }
        Coalesced c = ClLayout.collapse(out.shape(), out.strides(), x.strides());
        ClBuffer ob = ClBuffer.of(out, "copy"), xb = ClBuffer.of(x, "copy");
        DType dt = out.dtype(), st = x.dtype();
        if (dt == st && c.unitStride(0) && c.unitStride(1)) {
            long es = dt.byteSize();
            int status;
            synchronized (cl.lock) {
                try {
                    status = CL.clEnqueueCopyBuffer(cl.queue, xb.mem(), ob.mem(), x.offset() * es, out.offset() * es,
                            n * es, 0, null, null);
                } catch (CLException e) {
                    status = e.getStatus();
                }
            }
            ClErrors.check(status, "copy", out, x);
            return;
        }
        cl.requireDType(dt, "copy");
        cl.requireDType(st, "copy");
        StringBuilder opts = new StringBuilder("-DSRC_T=").append(ClContext.clType(st)).append(" -DDST_T=")
                .append(ClContext.clType(dt));
        if (dt == DType.BOOL) opts.append(" -DCONV_BOOL");
        else if (st.isFloating() && !dt.isFloating()) opts.append(" -DCONV_SAT");
        if (dt == DType.FLOAT64 || st == DType.FLOAT64) opts.append(" -DNEED_FP64");
        if (c.unitStride(0) && c.unitStride(1)) {
            cl_kernel k = cl.kernel(COPY, opts.toString(), "copy_c");
            cl.launch1d("copy", k, n, ob, out.offset(), xb, x.offset(), n);
        } else {
            cl_kernel k = cl.kernel(COPY, opts.toString(), "copy_s");
            cl.launch1d("copy", k, n, ob, ClLayout.pack(c, 0, out.offset(), "copy"), xb,
                    ClLayout.pack(c, 1, x.offset(), "copy"), n);
        }
    }

    @Override public void unary(UnaryOp op, View out, View x) {
        String name = "unary " + op;
        int n = out.size();
        DType t = x.dtype();
        if (!t.isFloating() && !op.acceptsIntegers()) {
            throw new IllegalArgumentException("opencl: " + name + " is defined on float32/float64 only, got " + t
                    + " (core promotes integer input first)");
        }
        requireDType(out, t, name, "out");
        requireContiguous(out, name);
        if (n == 0) return;
        Coalesced c = ClLayout.collapse(out.shape(), x.strides());
        ClBuffer ob = ClBuffer.of(out, name), xb = ClBuffer.of(x, name);
        int code = OpCodes.of(op);
        if (c.unitStride(0)) {
            cl.launch1d(name, kernel(ELEMENTWISE, t, "unary_c", name), n, ob, out.offset(), xb, x.offset(), n, code);
        } else {
            cl.launch1d(name, kernel(ELEMENTWISE, t, "unary_s", name), n, ob, out.offset(), xb,
                    ClLayout.pack(c, 0, x.offset(), name), n, code);
        }
    }

    @Override public void binary(BinaryOp op, View out, View a, View b) {
        String name = "binary " + op;
        int n = out.size();
        DType t = a.dtype();
        requireDType(b, t, name, "b");
        if (!op.acceptsIntegers() && !t.isFloating()) {
            throw new IllegalArgumentException("opencl: " + name + " is defined on float32/float64 only, got " + t
                    + " (core promotes integer input first)");
        }
        requireDType(out, op.isComparison() ? DType.BOOL : t, name, "out");
        requireContiguous(out, name);
        if (n == 0) return;
        Coalesced c = ClLayout.collapse(out.shape(), a.strides(), b.strides());
        ClBuffer ob = ClBuffer.of(out, name), ab = ClBuffer.of(a, name), bb = ClBuffer.of(b, name);
        String family = op.isComparison() ? "compare" : "binary";
        int code = OpCodes.of(op);
        if (c.unitStride(0) && c.unitStride(1)) {
            cl.launch1d(name, kernel(ELEMENTWISE, t, family + "_c", name), n, ob, out.offset(), ab, a.offset(), bb,
                    b.offset(), n, code);
        } else {
            cl.launch1d(name, kernel(ELEMENTWISE, t, family + "_s", name), n, ob, out.offset(), ab,
                    ClLayout.pack(c, 0, a.offset(), name), bb, ClLayout.pack(c, 1, b.offset(), name), n, code);
        }
    }

    @Override public void where(View out, View cond, View a, View b) {
        String name = "where";
        int n = out.size();
        DType t = out.dtype();
        requireDType(cond, DType.BOOL, name, "cond");
        requireDType(a, t, name, "a");
        requireDType(b, t, name, "b");
        requireContiguous(out, name);
        if (n == 0) return;
        Coalesced c = ClLayout.collapse(out.shape(), cond.strides(), a.strides(), b.strides());
        ClBuffer ob = ClBuffer.of(out, name), cb = ClBuffer.of(cond, name), ab = ClBuffer.of(a, name),
                bb = ClBuffer.of(b, name);
        if (c.unitStride(0) && c.unitStride(1) && c.unitStride(2)) {
            cl.launch1d(name, kernel(ELEMENTWISE, t, "where_c", name), n, ob, out.offset(), cb, cond.offset(), ab,
                    a.offset(), bb, b.offset(), n);
        } else {
            cl.launch1d(name, kernel(ELEMENTWISE, t, "where_s", name), n, ob, out.offset(), cb,
                    ClLayout.pack(c, 0, cond.offset(), name), ab, ClLayout.pack(c, 1, a.offset(), name), bb,
                    ClLayout.pack(c, 2, b.offset(), name), n);
        }
    }

    @Override public void reduce(ReduceOp op, View out, View x, int[] axes) {
        String name = "reduce " + op + " over axes " + Arrays.toString(axes);
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        DType t = x.dtype();
        requireDType(out, arg ? DType.INT64 : t, name, "out");
        requireContiguous(out, name);
        int r = x.rank();
        boolean[] reduced = new boolean[r];
        for (int ax : axes) {
            if (ax < 0 || ax >= r) throw new IllegalArgumentException("opencl: " + name + ": axis out of range for " + x);
            reduced[ax] = true;
        }
        int nk = r - axes.length;
        int[] kShape = new int[nk], kStrides = new int[nk], rShape = new int[axes.length], rStrides = new int[axes.length];
        long rows = 1, len = 1;
        for (int d = 0, ki = 0, ri = 0; d < r; d++) {
            if (reduced[d]) { rShape[ri] = x.shape()[d]; rStrides[ri++] = x.strides()[d]; len *= x.shape()[d]; }
            else { kShape[ki] = x.shape()[d]; kStrides[ki++] = x.strides()[d]; rows *= x.shape()[d]; }
        }
        if (rows == 0) return;
        Coalesced kc = ClLayout.collapse(kShape, kStrides);
        Coalesced rc = ClLayout.collapse(rShape, rStrides);
        int[] kept = ClLayout.pack(kc, 0, x.offset(), name);
        int[] red = ClLayout.pack(rc, 0, 0, name);
        ClBuffer ob = ClBuffer.of(out, name), xb = ClBuffer.of(x, name);
        int code = OpCodes.of(op);
        String base = arg ? "argreduce" : "reduce";
        // Short rows, or many medium rows that already fill the device: one work-item per row.
        boolean serial = len <= 32 || (rows >= 8192 && len <= 256);
        if (serial) {
            cl.launch1d(name, kernel(REDUCE, t, base + "_serial", name), rows, ob, out.offset(), xb, kept, red,
                    (int) len, (int) rows, code);
        } else {
            cl_kernel k = kernel(REDUCE, t, base + "_wg", name);
            int local = cl.powerOfTwoLocal(k, (int) Math.min(RWG, Math.max(1, Long.highestOneBit(len - 1) << 1)));
            if (arg) {
                cl.launch(name, k, new long[] {rows * local}, new long[] {local}, ob, out.offset(), xb, kept, red,
                        (int) len, code);
                return;
            }
            // Few long rows would leave most compute units idle: split each row into chunks of >= 4 elements per
            // work-item, reduce the chunks, then reduce the (rows, chunks) partials.
            long groupsWanted = 4L * Math.max(1, cl.device.computeUnits());
            int chunks = (int) Math.min(ClContext.ceilDiv(groupsWanted, rows), len / (4L * local));
            if (chunks < 2) {
                cl.launch(name, k, new long[] {rows * local}, new long[] {local}, ob, out.offset(), xb, kept, red,
                        (int) len, code, 1, (int) len);
                return;
            }
            int chunkLen = (int) ClContext.ceilDiv(len, chunks);
            chunks = (int) ClContext.ceilDiv(len, chunkLen);
            ClBuffer partial = (ClBuffer) allocate(t, (int) (rows * chunks));
            try {
                cl.launch(name, k, new long[] {rows * chunks * local}, new long[] {local}, partial, 0, xb, kept, red,
                        (int) len, code, chunks, chunkLen);
                int[] pKept = ClLayout.pack(new int[] {(int) rows}, new int[] {chunks}, 0, name);
                int[] pRed = ClLayout.pack(new int[] {chunks}, new int[] {1}, 0, name);
                int local2 = cl.powerOfTwoLocal(k, Math.min(RWG, Math.max(1, Integer.highestOneBit(chunks - 1) << 1)));
                cl.launch(name, k, new long[] {rows * local2}, new long[] {local2}, ob, out.offset(), partial, pKept,
                        pRed, chunks, code, 1, chunks);
            } finally {
                partial.release(); // freed once the enqueued kernels are done with it
            }
        }
    }

    @Override public void matmul(View out, View a, View b) {
        gemm.matmul(out, a, b);
    }

    @Override public void gather(View out, View src, View index, int axis) {
        String name = "gather along axis " + axis;
        DType t = src.dtype();
        requireDType(out, t, name, "out");
        requireDType(index, DType.INT64, name, "index");
        requireContiguous(out, name);
        int n = out.size();
        if (n == 0) return;
        int[] ls = ClLayout.pack(out.shape(), src.strides(), src.offset(), name);
        cl.launch1d(name, kernel(INDEX, t, "gather", name), n, ClBuffer.of(out, name), out.offset(),
                ClBuffer.of(src, name), ls, ClBuffer.of(index, name), index.offset(), index.strides()[0], axis, n);
    }

    @Override public void scatterAdd(View out, View index, View src, int axis) {
        scatterAdd(out, index, src, axis, null);
    }

    /** {@code bucketed}: null picks the cheaper path; true/false forces one (tests compare both). */
    void scatterAdd(View out, View index, View src, int axis, Boolean bucketed) {
        String name = "scatterAdd along axis " + axis;
        DType t = src.dtype();
        requireDType(out, t, name, "out");
        requireDType(index, DType.INT64, name, "index");
        requireContiguous(out, name);
        int n = out.size();
        if (n == 0 || src.size() == 0) return;
        int[] os = ClLayout.pack(out.shape(), View.rowMajorStrides(out.shape()), 0, name);
        int[] ls = ClLayout.pack(src.shape(), src.strides(), src.offset(), name);
        int len = index.shape()[0];
        ClBuffer ob = ClBuffer.of(out, name), sb = ClBuffer.of(src, name), ib = ClBuffer.of(index, name);
        int ioff = index.offset(), istride = index.strides()[0];
        // Work of the plain kernel: every output element scans the whole index list. The bucketed path costs about
        // len^2/2 comparisons plus one pass over out and src; both add in the same order and give identical bits.
        double plain = (double) n * len;
        double cost = 0.5 * len * len + n + src.size();
        boolean useBuckets = bucketed != null ? bucketed : plain > 4 * cost && len >= 64;
        if (!useBuckets) {
            cl.launch1d(name, kernel(INDEX, t, "scatter_add", name), n, ob, out.offset(), os, sb, ls, ib, ioff, istride,
                    len, axis, n);
            return;
        }
        int targets = out.shape()[axis];
        ClBuffer count = null, start = null, rank = null, perm = null;
        try {
            count = (ClBuffer) allocate(DType.INT32, targets);
            start = (ClBuffer) allocate(DType.INT32, targets + 1);
            rank = (ClBuffer) allocate(DType.INT32, len);
            perm = (ClBuffer) allocate(DType.INT32, len);
            fill(View.contiguous(count, targets), 0);
            cl.launch1d(name, kernel(INDEX, t, "scatter_rank", name), len, rank, count, ib, ioff, istride, len);
            cl_kernel scan = kernel(INDEX, t, "scatter_scan", name);
            int local = cl.powerOfTwoLocal(scan, RWG);
            cl.launch(name, scan, new long[] {local}, new long[] {local}, start, count, targets);
            cl.launch1d(name, kernel(INDEX, t, "scatter_place", name), len, perm, start, rank, ib, ioff, istride, len);
            cl.launch1d(name, kernel(INDEX, t, "scatter_add_sorted", name), n, ob, out.offset(), os, sb, ls, start, perm,
                    axis, n);
        } finally {
            // OpenCL keeps released buffers alive until the kernels enqueued on them have run
            for (ClBuffer b : new ClBuffer[] {count, start, rank, perm}) if (b != null) b.release();
        }
    }

    /** Matmul with a given GEMM tile configuration (tests run every configuration, including the GPU one). */
    void matmul(View out, View a, View b, ClGemm.Tile tile) {
        gemm.matmul(out, a, b, tile);
    }

    void gemmLinear(View out, View x, View w, View bias, UnaryOp activation) {
        gemm.linear(out, x, w, bias, activation);
    }

    /** A description of the GEMM tiling used for dtype t on this device (for benchmarks and reports). */
    public String gemmTile(DType t) { return gemm.tile(t).toString(); }

    @Override public FusedKernels fused() { return fused; }

    /** Releases the context, queue, programs and kernels. Buffers still alive become unusable. */
    public void close() { cl.close(); }
}
