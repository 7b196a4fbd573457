package io.github.tensorforge.cuda;

import io.github.tensorforge.spi.OpCodes;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the kernel modules (one per .cu file) into the backend's context, once, and looks kernels up by name.
 * Order per module: the bundled fatbin (SASS for sm_80/sm_90 plus compute_80 PTX), then the bundled PTX (JIT-compiled
 * by the driver), then the compatibility PTX (the same code declaring PTX ISA 8.0, which CUDA 12.0+ drivers accept;
 * ptxas verified at build time that no instruction needs a newer ISA), then NVRTC on the bundled .cu source. A driver
 * older than the CUDA that built the jar rejects the first two (CUDA_ERROR_UNSUPPORTED_PTX_VERSION or similar); when
 * nothing loads and NVRTC is not installed, the error lists every attempt and what to install.
 */
final class CudaKernels {
    private static final Logger LOG = LoggerFactory.getLogger(CudaKernels.class);

    private static final String[] SUFFIXES = {"f32", "f64", "i32", "i64", "u8"};

    /** Every extern "C" kernel per module; the build-time test checks that the PTX has each of them. */
    static final Map<String, List<String>> EXPECTED = expected();

    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<String, String> functionModule = new HashMap<>();
    private final List<String> sources = new ArrayList<>();

    private static Map<String, List<String>> expected() {
        Map<String, List<String>> m = new HashMap<>();
        List<String> e = new ArrayList<>();
        for (String s : SUFFIXES) {
            e.add("fill_" + s);
            e.add("unary_" + s);
            e.add("binary_" + s);
            e.add("compare_" + s);
            e.add("where_" + s);
            for (String d : SUFFIXES) e.add("copy_" + s + "_" + d);
        }
        e.add("to_bf16_f32");
        m.put("elementwise", e);
        List<String> r = new ArrayList<>();
        List<String> ix = new ArrayList<>();
        for (String s : SUFFIXES) {
            r.add("reduce_" + s);
            ix.add("gather_" + s);
            ix.add("scatter_add_" + s);
        }
        m.put("reduce", r);
        m.put("index", ix);
        List<String> n = new ArrayList<>();
        List<String> mm = new ArrayList<>();
        for (String s : new String[] {"f32", "f64"}) {
            for (String k : new String[] {"softmax_fwd_", "softmax_bwd_", "layernorm_fwd_", "layernorm_bwd_",
                    "layernorm_bwd_params_", "activation_bwd_", "adam_step_", "dropout_"}) n.add(k + s);
            mm.add("gemm_" + s);
            mm.add("bias_act_" + s);
        }
        m.put("norm", n);
        m.put("matmul", mm);
        return m;
    }

    /** Loads every module; {@code cc} is the device's compute capability as major * 10 + minor. */
    CudaKernels(int cc, boolean forceNvrtc) {
        String skew = opCodeSkew();
        for (String module : CudaProbe.KernelBuild.MODULES) {
            CUmodule mod = load(module, cc, forceNvrtc, skew);
            modules.put(module, mod);
            for (String fn : EXPECTED.get(module)) functionModule.put(fn, module);
        }
    }

    /** How each module was loaded, e.g. "elementwise: fatbin". */
    String describe() { return String.join(", ", sources); }

    synchronized CUfunction function(String name) {
        CUfunction f = functions.get(name);
        if (f != null) return f;
        String module = functionModule.get(name);
        if (module == null) throw new CudaException("cuda: no kernel named " + name + " in any module");
        f = new CUfunction();
        CudaCheck.check(JCudaDriver.cuModuleGetFunction(f, modules.get(module), name),
                "cuModuleGetFunction(" + module + "." + name + ")");
        functions.put(name, f);
        return f;
    }

    void unload() {
        for (CUmodule m : modules.values()) JCudaDriver.cuModuleUnload(m);
        modules.clear();
        functions.clear();
    }

    /**
     * Why the bundled binaries cannot be used with the core on the class path, or null when they can: they were
     * compiled against the op codes of the core they were built with, and a different core numbers its ops otherwise.
     */
    private static String opCodeSkew() {
        byte[] bundled = CudaProbe.KernelBuild.resource("op_codes.cuh");
        if (bundled == null || new String(bundled, StandardCharsets.UTF_8).equals(OpCodes.header())) return null;
        return "bundled kernels were compiled for another version of tensorforge-core's op table";
    }

    /** Loads one module; {@code skew} is why the bundled binaries do not fit this core, or null. */
    private CUmodule load(String module, int cc, boolean forceNvrtc, String skew) {
        List<String> failures = new ArrayList<>();
        if (skew != null) {
            failures.add(skew);
        } else if (!forceNvrtc) {
            byte[] fatbin = CudaProbe.KernelBuild.resource(module + ".fatbin");
            if (fatbin != null) {
                CUmodule m = new CUmodule();
                int st = JCudaDriver.cuModuleLoadData(m, fatbin);
                if (st == CUresult.CUDA_SUCCESS) { sources.add(module + ": fatbin"); return m; }
                failures.add("bundled fatbin: " + CUresult.stringFor(st));
            } else {
                failures.add("no bundled fatbin");
            }
            byte[] ptx = CudaProbe.KernelBuild.resource(module + ".ptx");
            if (ptx != null) {
                CUmodule m = new CUmodule();
                byte[] z = new byte[ptx.length + 1];   // the driver reads PTX as a NUL-terminated string
                System.arraycopy(ptx, 0, z, 0, ptx.length);
                int st = JCudaDriver.cuModuleLoadData(m, z);
                if (st == CUresult.CUDA_SUCCESS) { sources.add(module + ": PTX (JIT)"); return m; }
                failures.add("bundled PTX: " + CUresult.stringFor(st));
            } else {
                failures.add("no bundled PTX (jar built without nvcc)");
            }
            byte[] compat = CudaProbe.KernelBuild.resource(module + ".compat.ptx");
            if (compat != null) {
                CUmodule m = new CUmodule();
                byte[] z = new byte[compat.length + 1];
                System.arraycopy(compat, 0, z, 0, compat.length);
                int st = JCudaDriver.cuModuleLoadData(m, z);
                if (st == CUresult.CUDA_SUCCESS) { sources.add(module + ": compatibility PTX (JIT)"); return m; }
                failures.add("bundled compatibility PTX: " + CUresult.stringFor(st));
            }
        } else {
            failures.add(CudaConfig.KERNELS + "=nvrtc");
        }
        String nvrtc = CudaNvrtc.unavailableReason();
        if (nvrtc != null) {
            throw new CudaException("cuda: cannot load kernel module '" + module + "': " + String.join("; ", failures)
                    + "; and NVRTC cannot compile the bundled source: " + nvrtc + ". Install an NVIDIA driver at "
                    + "least as new as the CUDA that built this jar, or the CUDA 12.x toolkit (libnvrtc.so.12) so "
                    + "the kernels can be compiled at run time.");
        }
        byte[] src = CudaProbe.KernelBuild.resource(module + ".cu");
        byte[] common = CudaProbe.KernelBuild.resource("common.cuh");
        if (src == null || common == null) {
            throw new CudaException("cuda: cannot load kernel module '" + module + "': " + String.join("; ", failures)
                    + "; and the jar carries no source " + module + ".cu / common.cuh for NVRTC (broken build)");
        }
        LOG.info("cuda: compiling {}.cu with NVRTC for compute_{} ({})", module, cc, String.join("; ", failures));
        String ptx = CudaNvrtc.compile(module + ".cu", new String(src, StandardCharsets.UTF_8),
                new String[] {"common.cuh", "op_codes.cuh"},
                new String[] {new String(common, StandardCharsets.UTF_8), OpCodes.header()}, cc);
        CUmodule m = new CUmodule();
        byte[] bytes = ptx.getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, z, 0, bytes.length);
        int st = JCudaDriver.cuModuleLoadData(m, z);
        if (st != CUresult.CUDA_SUCCESS) {
            throw new CudaException("cuda: the driver rejected the PTX that NVRTC produced for '" + module + "': "
                    + CUresult.stringFor(st) + " (after: " + String.join("; ", failures) + ")");
        }
        sources.add(module + ": NVRTC");
        return m;
    }
}
