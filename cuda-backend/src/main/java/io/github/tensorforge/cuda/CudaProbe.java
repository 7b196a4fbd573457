package io.github.tensorforge.cuda;

import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds out, without throwing, whether the CUDA backend can run here: loads JCuda's driver binding (which needs
 * {@code libcuda.so.1}, i.e. an NVIDIA driver), calls {@code cuInit}, counts devices, picks the configured one and
 * checks that the driver can load the kernels bundled in this jar (or that NVRTC can compile their sources).
 * The result is computed once per process.
 */
final class CudaProbe {
    /** What the probe found. {@code reason} explains a "no"; {@code detail} describes a "yes". */
    record Result(boolean available, String reason, int deviceIndex, String deviceName, int ccMajor, int ccMinor,
                  int multiprocessors, long totalMemory, int driverVersion, String kernelSource, String cublas) {
        String describe() {
            return deviceName + " (sm_" + ccMajor + ccMinor + ", " + multiprocessors + " SMs, "
                    + (totalMemory >> 20) + " MiB), driver CUDA " + versionString(driverVersion) + ", kernels: "
                    + kernelSource + ", GEMM: " + cublas;
        }
    }

    private static volatile Result cached;

    private CudaProbe() {}

    static Result result() {
        Result r = cached;
        if (r == null) {
            synchronized (CudaProbe.class) {
                r = cached;
                if (r == null) cached = r = probe();
            }
        }
        return r;
    }

    private static Result no(String reason) {
        return new Result(false, reason, -1, null, 0, 0, 0, 0, 0, null, null);
    }

    private static Result probe() {
        try {
            return probeUnchecked();
        } catch (Throwable t) {
            return no("cuda: probe failed: " + describeThrowable(t));
        }
    }

    private static Result probeUnchecked() {
        // 1. The driver binding: JCuda's native library links libcuda.so.1, so loading it fails without a driver.
        int init;
        try {
            JCudaDriver.setExceptionsEnabled(false);
            init = JCudaDriver.cuInit(0);
        } catch (Throwable t) {
            return no(driverLoadReason(t));
        }
        if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
            return no("cuda: no CUDA device: cuInit returned CUDA_ERROR_NO_DEVICE" + visibleDevicesNote());
        }
        if (init != CUresult.CUDA_SUCCESS) {
            return no("cuda: cuInit failed: " + CUresult.stringFor(init) + visibleDevicesNote()
                    + " (is the NVIDIA kernel module loaded and does the driver match it?)");
        }
        int[] driver = new int[1];
        int st = JCudaDriver.cuDriverGetVersion(driver);
        if (st != CUresult.CUDA_SUCCESS) return no("cuda: cuDriverGetVersion failed: " + CUresult.stringFor(st));
        int[] count = new int[1];
        st = JCudaDriver.cuDeviceGetCount(count);
        if (st != CUresult.CUDA_SUCCESS) return no("cuda: cuDeviceGetCount failed: " + CUresult.stringFor(st));
        if (count[0] == 0) return no("cuda: no CUDA device: the driver reports 0 devices" + visibleDevicesNote());

        // 2. The configured device.
        int index;
        String configured = CudaConfig.get(CudaConfig.DEVICE);
        try {
            index = configured == null ? 0 : Integer.parseInt(configured);
        } catch (NumberFormatException e) {
            return no("cuda: " + CudaConfig.DEVICE + " must be a device index, got '" + configured + "'");
        }
        if (index < 0 || index >= count[0]) {
            return no("cuda: configured device " + index + " (" + CudaConfig.DEVICE + ") not found: " + count[0]
                    + " device(s) visible" + visibleDevicesNote());
        }
        CUdevice dev = new CUdevice();
        st = JCudaDriver.cuDeviceGet(dev, index);
        if (st != CUresult.CUDA_SUCCESS) return no("cuda: cuDeviceGet(" + index + ") failed: " + CUresult.stringFor(st));
        byte[] nameBytes = new byte[256];
        JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, dev);
        String name = cString(nameBytes);
        int major = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int sms = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        long[] mem = new long[1];
        JCudaDriver.cuDeviceTotalMem(mem, dev);

        // 3. Can this driver load the bundled kernels, or can NVRTC build them?
        KernelBuild build = KernelBuild.bundled();
        String nvrtc = CudaNvrtc.unavailableReason();
        String kernelSource;
        boolean bundledUsable = build.loadableBy(driver[0]) && (major * 10 + minor) >= 80 && !CudaConfig.nvrtcForced();
        if (bundledUsable) {
            kernelSource = "bundled " + build.describe();
        } else if (nvrtc == null) {
            kernelSource = "NVRTC (compiled at run time: " + whyNotBundled(build, driver[0], major, minor) + ")";
        } else {
            String why = whyNotBundled(build, driver[0], major, minor);
            String prefix = build.hasBinaries() && !build.loadableBy(driver[0])
                    ? "cuda: driver too old for the kernels: " : "cuda: cannot load the kernels: ";
            return no(prefix + why + ", and NVRTC cannot compile the bundled sources (" + nvrtc + "); install an "
                    + "NVIDIA driver for CUDA " + versionString(build.requiredDriverVersion())
                    + " or newer, or the CUDA 12.x toolkit's NVRTC (libnvrtc.so.12) on the library path");
        }
        String cublas = CudaGemm.cublasUnavailableReason();
        String gemm = cublas == null ? "cuBLAS (JCublas2)" : "own tiled kernel (cuBLAS unavailable: " + cublas + ")";
        if (CudaConfig.ownGemmForced()) gemm = "own tiled kernel (" + CudaConfig.GEMM + "=own)";
        return new Result(true, null, index, name, major, minor, sms, mem[0], driver[0], kernelSource, gemm);
    }

    private static String whyNotBundled(KernelBuild build, int driver, int major, int minor) {
        if (CudaConfig.nvrtcForced()) return CudaConfig.KERNELS + "=nvrtc";
        if (!build.hasBinaries()) return "this jar carries no compiled kernels (it was built without nvcc)";
        if (!build.loadableBy(driver)) {
            return "the driver supports CUDA " + versionString(driver) + " but the bundled kernels need CUDA "
                    + versionString(Math.min(build.requiredDriverVersion(), build.compatDriverVersion()))
                    + " or newer (" + build.describe() + ")";
        }
        return "the device has compute capability " + major + "." + minor + " and the bundled kernels need 8.0 or newer";
    }

    private static int attribute(CUdevice dev, int attr) {
        int[] v = new int[1];
        int st = JCudaDriver.cuDeviceGetAttribute(v, attr, dev);
        if (st != CUresult.CUDA_SUCCESS) throw new CudaException("cuda: cuDeviceGetAttribute(" + attr + ") failed: "
                + CUresult.stringFor(st));
        return v[0];
    }

    static String versionString(int v) { return (v / 1000) + "." + (v % 1000) / 10; }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static String visibleDevicesNote() {
        String v = System.getenv("CUDA_VISIBLE_DEVICES");
        return v == null ? "" : " (CUDA_VISIBLE_DEVICES=" + v + ")";
    }

    /** Why JCuda's driver binding did not load, in one line. */
    static String driverLoadReason(Throwable t) {
        String all = describeThrowable(t);
        if (all.contains("libcuda.so")) {
            return "cuda: libcuda.so.1 not found: no NVIDIA driver is installed (JCuda's driver binding could not be "
                    + "loaded: " + firstLineWith(all, "libcuda.so") + ")";
        }
        return "cuda: JCuda's driver binding could not be loaded: " + firstLine(all);
    }

    /** Why a JCuda native binding (NVRTC, cuBLAS) did not load, in one line naming the missing library. */
    static String bindingLoadReason(String what, Throwable t) {
        String all = describeThrowable(t);
        String missing = firstLineWith(all, "cannot open shared object file");
        return what + " could not be loaded: " + (missing != null ? missing.trim() : firstLine(all));
    }

    /** The throwable and its causes, messages included, as text. */
    static String describeThrowable(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (sb.length() > 0) sb.append("\ncaused by: ");
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String firstLineWith(String s, String needle) {
        for (String line : s.split("\n")) {
            if (line.contains(needle)) {
                int colon = line.lastIndexOf(": /");
                return colon >= 0 ? line.substring(colon + 2).trim() : line.trim();
            }
        }
        return null;
    }

    /**
     * What the build put into the jar: which kernel files exist, the CUDA release that compiled them (the driver must
     * be at least that new to load them), and the compatibility PTX that declares an older PTX ISA (checked by ptxas
     * at build time) for older drivers.
     */
    record KernelBuild(boolean hasPtx, boolean hasFatbin, int requiredDriverVersion, String ptxIsa,
                       boolean hasCompatPtx, int compatDriverVersion, String compatIsa) {
        static final String DIR = "/io/github/tensorforge/cuda/kernels/";
        static final String[] MODULES = {"elementwise", "reduce", "index", "norm", "matmul"};
        private static final Pattern RELEASE = Pattern.compile("release (\\d+)\\.(\\d+)");
        private static final Pattern VERSION = Pattern.compile("\\.version (\\d+)\\.(\\d+)");

        boolean hasBinaries() { return hasPtx || hasFatbin; }

        /** Whether a driver of this CUDA version (1000 * major + 10 * minor) can load some bundled kernel form. */
        boolean loadableBy(int driverVersion) {
            return (hasBinaries() && driverVersion >= requiredDriverVersion)
                    || (hasCompatPtx && driverVersion >= compatDriverVersion);
        }

        String describe() {
            return (hasFatbin ? "fatbin + " : "") + "PTX (CUDA " + versionString(requiredDriverVersion) + ", PTX ISA "
                    + ptxIsa + ")" + (hasCompatPtx ? " + compatibility PTX (ISA " + compatIsa + ", drivers for CUDA "
                    + versionString(compatDriverVersion) + "+)" : "");
        }

        static KernelBuild bundled() {
            String head = header(MODULES[0] + ".ptx");
            boolean fat = CudaProbe.class.getResource(DIR + MODULES[0] + ".fatbin") != null;
            String compat = header(MODULES[0] + ".compat.ptx");
            int required = Integer.MAX_VALUE;
            String isa = "none";
            if (head != null) {
                Matcher rel = RELEASE.matcher(head);
                if (rel.find()) required = Integer.parseInt(rel.group(1)) * 1000 + Integer.parseInt(rel.group(2)) * 10;
                Matcher ver = VERSION.matcher(head);
                isa = ver.find() ? ver.group(1) + "." + ver.group(2) : "unknown";
            }
            int compatRequired = Integer.MAX_VALUE;
            String compatIsa = "none";
            if (compat != null) {
                Matcher ver = VERSION.matcher(compat);
                if (ver.find()) {
                    compatIsa = ver.group(1) + "." + ver.group(2);
                    compatRequired = driverForIsa(Integer.parseInt(ver.group(1)), Integer.parseInt(ver.group(2)));
                }
            }
            return new KernelBuild(head != null, fat, required, isa, compat != null, compatRequired, compatIsa);
        }

        /** The first CUDA release (as a driver version number) whose driver JIT-compiles PTX of this ISA version. */
        static int driverForIsa(int major, int minor) {
            if (major <= 6) return 10_000;
            if (major == 7) return 11_000 + 10 * minor;          // 7.0 = CUDA 11.0 ... 7.8 = 11.8
            if (major == 8) return minor <= 5 ? 12_000 + 10 * minor : 12_010 + 10 * minor;   // 8.6 = 12.7 ... 8.8 = 12.9
            return (major + 4) * 1000 + 10 * minor;            // 9.0 = CUDA 13.0
        }

        private static String header(String file) {
            byte[] b = resource(file);
            return b == null ? null : new String(b, 0, Math.min(b.length, 2048), StandardCharsets.US_ASCII);
        }

        static byte[] resource(String file) {
            try (InputStream in = CudaProbe.class.getResourceAsStream(DIR + file)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        }
    }
}
