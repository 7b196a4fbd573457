package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.OpCodes;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One OpenCL context and one in-order command queue on one device, the program cache (one build per source file and
 * option string, for the life of the process) and the launch helper. Every enqueue happens under one lock, because
 * {@code clSetKernelArg} on a shared kernel object is not thread-safe; the device itself executes asynchronously.
 */
final class ClContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClContext.class);
    private static final String RESOURCE_DIR = "/io/github/tensorforge/opencl/";

    final ClDevice device;
    final cl_context context;
    final cl_command_queue queue;
    final Object lock = new Object();

    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final Map<cl_kernel, Long> kernelWorkGroup = new HashMap<>();
    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();

    ClContext(ClDevice device) {
        this.device = device;
        int[] err = new int[1];
        cl_device_id[] ids = {device.id()};
        org.jocl.cl_context_properties props = new org.jocl.cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        this.context = CL.clCreateContext(props, 1, ids, null, null, err);
        ClErrors.check(err[0], "clCreateContext", device.name());
        cl_command_queue q;
        try {
            q = createQueue(err);
        } catch (CLException | UnsatisfiedLinkError e) {
            q = null;
        }
        if (q == null || err[0] != 0) {
            CL.clReleaseContext(context);
            ClErrors.check(err[0] != 0 ? err[0] : -36, "clCreateCommandQueue", device.name());
        }
        this.queue = q;
    }

    @SuppressWarnings("deprecation")
    private cl_command_queue createQueue(int[] err) {
        // clCreateCommandQueue is deprecated in OpenCL 2.0 but present everywhere, including 1.2-only drivers.
        return CL.clCreateCommandQueue(context, device.id(), 0, err);
    }

    // ---- programs -------------------------------------------------------------------------------------------------

    static String source(String file) {
        return SOURCES.computeIfAbsent(file, f -> {
            try (InputStream in = ClContext.class.getResourceAsStream(RESOURCE_DIR + f)) {
                if (in == null) throw new IllegalStateException("opencl: kernel source " + RESOURCE_DIR + f + " is missing from the jar");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("opencl: cannot read kernel source " + f, e);
            }
        });
    }

    /** The -D option selecting the element type T of common.cl. */
    static String typeOption(DType t) {
        return switch (t) {
            case BOOL -> "-DDT_U8";
            case INT32 -> "-DDT_I32";
            case INT64 -> "-DDT_I64";
            case FLOAT32 -> "-DDT_F32";
            case FLOAT64 -> "-DDT_F64";
        };
    }

    /** The OpenCL C type name of a dtype. */
    static String clType(DType t) {
        return switch (t) {
            case BOOL -> "uchar";
            case INT32 -> "int";
            case INT64 -> "long";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
        };
    }

    /** Throws a clear error when {@code op} needs float64 and the device lacks cl_khr_fp64. */
    void requireDType(DType t, String op) {
        requireDType(device, t, op);
    }

    static void requireDType(ClDevice device, DType t, String op) {
        if (t == DType.FLOAT64 && !device.fp64()) {
            throw new UnsupportedOperationException("opencl: " + op + " on float64 needs the cl_khr_fp64 extension, which "
                    + "device '" + device.name().trim() + "' does not support; use float32 tensors or another backend");
        }
    }

    /**
     * The op codes, common.cl and {@code file}, built with {@code options}; cached for the process. Build failures
     * carry the log.
     */
    cl_program program(String file, String options) {
        String key = file + "|" + options;
        synchronized (lock) {
            cl_program p = programs.get(key);
            if (p != null) return p;
            String src = OpCodes.header() + source("common.cl") + "\n" + source(file);
            int[] err = new int[1];
            p = CL.clCreateProgramWithSource(context, 1, new String[] {src}, null, err);
            ClErrors.check(err[0], "clCreateProgramWithSource " + file);
            long t0 = System.nanoTime();
            int status;
            try {
                status = CL.clBuildProgram(p, 1, new cl_device_id[] {device.id()}, options, null, null);
            } catch (CLException e) {
                status = e.getStatus();
            }
            if (status != 0) {
                String log = buildLog(p);
                CL.clReleaseProgram(p);
                throw new ClException("opencl: building " + file + " with options '" + options + "' for device '"
                        + device.name().trim() + "' failed with " + ClErrors.name(status) + "; build log:\n" + log, status);
            }
            LOG.debug("built {} [{}] in {} ms", file, options, (System.nanoTime() - t0) / 1_000_000);
            programs.put(key, p);
            return p;
        }
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(p, device.id(), CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(p, device.id(), CL.CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            int n = 0;
            while (n < buf.length && buf[n] != 0) n++;
            return new String(buf, 0, n, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return "(build log unavailable: " + e + ")";
        }
    }

    /** A kernel of a cached program; kernel objects are cached too. */
    cl_kernel kernel(String file, String options, String name) {
        String key = file + "|" + options + "|" + name;
        synchronized (lock) {
            cl_kernel k = kernels.get(key);
            if (k != null) return k;
            cl_program p = program(file, options);
            int[] err = new int[1];
            k = CL.clCreateKernel(p, name, err);
            ClErrors.check(err[0], "clCreateKernel " + name + " in " + file);
            kernels.put(key, k);
            return k;
        }
    }

    /** The largest work-group size the device allows for this kernel. */
    long maxWorkGroup(cl_kernel k) {
        synchronized (lock) {
            Long v = kernelWorkGroup.get(k);
            if (v != null) return v;
            long[] out = new long[1];
            int st = CL.clGetKernelWorkGroupInfo(k, device.id(), CL.CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
                    Pointer.to(out), null);
            long w = st == 0 && out[0] > 0 ? out[0] : device.maxWorkGroupSize();
            kernelWorkGroup.put(k, w);
            return w;
        }
    }

    /** The largest power of two <= min(cap, the kernel's limit). */
    int powerOfTwoLocal(cl_kernel k, int cap) {
        long lim = Math.min(cap, maxWorkGroup(k));
        int p = 1;
        while ((long) p * 2 <= lim) p *= 2;
        return p;
    }

    // ---- launches -------------------------------------------------------------------------------------------------

    /**
     * Sets the arguments and enqueues {@code k}. Arguments: ClBuffer or cl_mem (a buffer), Integer, Long, Float,
     * Double, Byte (uchar) or int[] (a by-value struct of ints). {@code local} may be null.
     */
    void launch(String op, cl_kernel k, long[] global, long[] local, Object... args) {
        for (long g : global) if (g == 0) return;
        synchronized (lock) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                int st;
                if (a instanceof ClBuffer b) st = CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(b.mem()));
                else if (a instanceof cl_mem m) st = CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
                else if (a instanceof Integer v) st = CL.clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
                else if (a instanceof Long v) st = CL.clSetKernelArg(k, i, Sizeof.cl_long, Pointer.to(new long[] {v}));
                else if (a instanceof Float v) st = CL.clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
                else if (a instanceof Double v) st = CL.clSetKernelArg(k, i, Sizeof.cl_double, Pointer.to(new double[] {v}));
                else if (a instanceof Byte v) st = CL.clSetKernelArg(k, i, Sizeof.cl_uchar, Pointer.to(new byte[] {v}));
                else if (a instanceof int[] v) st = CL.clSetKernelArg(k, i, (long) Sizeof.cl_int * v.length, Pointer.to(v));
                else throw new IllegalArgumentException("opencl: " + op + ": unsupported kernel argument " + a);
                ClErrors.check(st, op + ": clSetKernelArg " + i);
            }
            int st;
            try {
                st = CL.clEnqueueNDRangeKernel(queue, k, global.length, null, global, local, 0, null, null);
            } catch (CLException e) {
                st = e.getStatus();
            }
            ClErrors.check(st, op + ": clEnqueueNDRangeKernel", "global " + java.util.Arrays.toString(global),
                    "local " + java.util.Arrays.toString(local));
        }
    }

    /** A 1-D launch of {@code n} work-items rounded up to the local size. */
    void launch1d(String op, cl_kernel k, long n, Object... args) {
        if (n == 0) return;
        long local = Math.min(256, maxWorkGroup(k));
        long global = ceilDiv(n, local) * local;
        launch(op, k, new long[] {global}, new long[] {local}, args);
    }

    static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    void finish(String op) {
        int st;
        synchronized (lock) {
            try {
                st = CL.clFinish(queue);
            } catch (CLException e) {
                st = e.getStatus();
            }
        }
        ClErrors.check(st, op + ": clFinish");
    }

    @Override public void close() {
        synchronized (lock) {
            for (cl_kernel k : kernels.values()) CL.clReleaseKernel(k);
            for (cl_program p : programs.values()) CL.clReleaseProgram(p);
            kernels.clear();
            programs.clear();
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }
}
