package io.github.tensorforge.cuda;

import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.nvrtc.nvrtcResult;

/**
 * Run-time compilation of the bundled {@code .cu} sources with NVRTC (JCuda's binding, which needs
 * {@code libnvrtc.so.12} from a CUDA 12.x toolkit). Used when the driver rejects the bundled PTX/fatbin, when the jar
 * was built without nvcc, or when {@code tensorforge.cuda.kernels=nvrtc}.
 */
final class CudaNvrtc {
    private static volatile String unavailable;
    private static volatile boolean probed;

    private CudaNvrtc() {}

    /** Null when NVRTC loads, else why not (names the missing library). Never throws. */
    static String unavailableReason() {
        if (!probed) {
            synchronized (CudaNvrtc.class) {
                if (!probed) {
                    try {
                        JNvrtc.setExceptionsEnabled(false);
                        int[] major = new int[1], minor = new int[1];
                        int st = JNvrtc.nvrtcVersion(major, minor);
                        unavailable = st == nvrtcResult.NVRTC_SUCCESS ? null
                                : "nvrtcVersion failed: " + nvrtcResult.stringFor(st);
                    } catch (Throwable t) {
                        unavailable = CudaProbe.bindingLoadReason("NVRTC (libnvrtc.so.12)", t);
                    }
                    probed = true;
                }
            }
        }
        return unavailable;
    }

    /**
     * Compiles {@code source} (which may include the named headers) to PTX for {@code compute_<cc>}.
     *
     * @throws CudaException with the compiler log when compilation fails
     */
    static String compile(String name, String source, String[] headerNames, String[] headers, int cc) {
        String reason = unavailableReason();
        if (reason != null) throw new CudaException("cuda: cannot compile " + name + " with NVRTC: " + reason);
        nvrtcProgram program = new nvrtcProgram();
        CudaCheck.checkNvrtc(JNvrtc.nvrtcCreateProgram(program, source, name, headers.length, headers, headerNames),
                "nvrtcCreateProgram(" + name + ")");
        try {
            String[] options = {"--gpu-architecture=compute_" + cc, "--std=c++17", "-default-device"};
            int st = JNvrtc.nvrtcCompileProgram(program, options.length, options);
            if (st != nvrtcResult.NVRTC_SUCCESS) {
                String[] log = new String[1];
                JNvrtc.nvrtcGetProgramLog(program, log);
                throw new CudaException("cuda: NVRTC could not compile " + name + " for compute_" + cc + ": "
                        + nvrtcResult.stringFor(st) + "\n" + log[0]);
            }
            String[] ptx = new String[1];
            CudaCheck.checkNvrtc(JNvrtc.nvrtcGetPTX(program, ptx), "nvrtcGetPTX(" + name + ")");
            return ptx[0];
        } finally {
            JNvrtc.nvrtcDestroyProgram(program);
        }
    }
}
