package io.github.tensorforge.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An OpenCL device with the properties the backend needs, and the device choice from configuration:
 * {@code tensorforge.opencl.platform} / {@code tensorforge.opencl.device} (system property, or the environment variables
 * {@code TENSORFORGE_OPENCL_PLATFORM} / {@code TENSORFORGE_OPENCL_DEVICE}), each an index or a case-insensitive name
 * substring. Without configuration the first GPU wins, else the first device of any type.
 */
public record ClDevice(cl_platform_id platform, cl_device_id id, String platformName, String name, String vendor,
                       String version, String driverVersion, long type, boolean fp64, long maxWorkGroupSize,
                       long localMemSize, long maxAllocSize, long globalMemSize, int computeUnits) {

    public static final String PLATFORM_KEY = "tensorforge.opencl.platform";
    public static final String DEVICE_KEY = "tensorforge.opencl.device";

    public boolean isGpu() { return (type & CL.CL_DEVICE_TYPE_GPU) != 0; }

    public String typeName() {
        if ((type & CL.CL_DEVICE_TYPE_GPU) != 0) return "GPU";
        if ((type & CL.CL_DEVICE_TYPE_CPU) != 0) return "CPU";
        if ((type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) return "accelerator";
        return "device";
    }

    public String describe() {
        return name.trim() + " (" + typeName() + ", " + platformName.trim() + ", " + version.trim() + ", driver "
                + driverVersion.trim() + ", " + computeUnits + " compute units, " + (globalMemSize >> 20) + " MiB, fp64 "
                + (fp64 ? "yes" : "no") + ")";
    }

    /** The outcome of probing: the chosen device, or why there is none. */
    public record Selection(ClDevice device, String reason) {
        public boolean found() { return device != null; }
    }

    static String config(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            v = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * Enumerates platforms and devices and applies the configuration. Never throws: a missing libOpenCL, an empty
     * platform list or a configured name that matches nothing becomes the selection's reason, listing what exists.
     */
    public static Selection select() {
        String missing = ClLibrary.missing();
        if (missing != null) return new Selection(null, missing);
        try {
            return selectUnchecked(config(PLATFORM_KEY), config(DEVICE_KEY));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return new Selection(null, "libOpenCL.so (the OpenCL ICD loader) or the JOCL native library cannot be "
                    + "loaded: " + e + ". Install an OpenCL driver and loader (e.g. ocl-icd-libopencl1 plus "
                    + "pocl-opencl-icd, or a GPU vendor driver).");
        } catch (Throwable e) {
            return new Selection(null, "OpenCL probing failed: " + e);
        }
    }

    private static Selection selectUnchecked(String platformCfg, String deviceCfg) {
        int[] count = new int[1];
        int status = CL.clGetPlatformIDs(0, null, count);
        if (status == -1001 || (status == 0 && count[0] == 0)) {
            return new Selection(null, "no OpenCL platform is installed (clGetPlatformIDs found none; install an ICD "
                    + "such as pocl-opencl-icd or a GPU driver)");
        }
        if (status != 0) {
            return new Selection(null, "clGetPlatformIDs failed with " + ClErrors.name(status));
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        CL.clGetPlatformIDs(platforms.length, platforms, null);
        List<String> platformNames = new ArrayList<>();
        for (cl_platform_id p : platforms) platformNames.add(platformString(p, CL.CL_PLATFORM_NAME));

        List<Integer> chosenPlatforms = new ArrayList<>();
        if (platformCfg != null) {
            int idx = match(platformCfg, platformNames);
            if (idx < 0) {
                return new Selection(null, "the configured OpenCL platform '" + platformCfg + "' (" + PLATFORM_KEY
                        + ") matches no platform; platforms: " + numbered(platformNames));
            }
            chosenPlatforms.add(idx);
        } else {
            for (int i = 0; i < platforms.length; i++) chosenPlatforms.add(i);
        }

        List<ClDevice> devices = new ArrayList<>();
        for (int pi : chosenPlatforms) {
            int[] n = new int[1];
            int st = CL.clGetDeviceIDs(platforms[pi], CL.CL_DEVICE_TYPE_ALL, 0, null, n);
            if (st != 0 || n[0] == 0) continue;
            cl_device_id[] ids = new cl_device_id[n[0]];
            CL.clGetDeviceIDs(platforms[pi], CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            for (cl_device_id d : ids) devices.add(query(platforms[pi], platformNames.get(pi), d));
        }
        if (devices.isEmpty()) {
            return new Selection(null, "no OpenCL device found on platform(s) " + numbered(platformNames));
        }
        List<String> deviceNames = new ArrayList<>();
        for (ClDevice d : devices) deviceNames.add(d.name().trim() + " [" + d.typeName() + ", " + d.platformName().trim() + "]");
        if (deviceCfg != null) {
            List<String> plain = new ArrayList<>();
            for (ClDevice d : devices) plain.add(d.name());
            int idx = match(deviceCfg, plain);
            if (idx < 0) {
                return new Selection(null, "the configured OpenCL device '" + deviceCfg + "' (" + DEVICE_KEY
                        + ") matches no device; devices: " + numbered(deviceNames));
            }
            return new Selection(devices.get(idx), null);
        }
        for (ClDevice d : devices) if (d.isGpu()) return new Selection(d, null);
        return new Selection(devices.get(0), null);
    }

    /** An index into {@code names}, or the first name containing {@code cfg} (case-insensitive); -1 when none. */
    static int match(String cfg, List<String> names) {
        try {
            int i = Integer.parseInt(cfg);
            return i >= 0 && i < names.size() ? i : -1;
        } catch (NumberFormatException ignored) {
            // a name substring
        }
        String needle = cfg.toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).toLowerCase(Locale.ROOT).contains(needle)) return i;
        }
        return -1;
    }

    private static String numbered(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) sb.append("; ");
            sb.append(i).append(": ").append(names.get(i).trim());
        }
        return sb.toString();
    }

    private static ClDevice query(cl_platform_id p, String platformName, cl_device_id d) {
        String ext = deviceString(d, CL.CL_DEVICE_EXTENSIONS);
        return new ClDevice(p, d, platformName, deviceString(d, CL.CL_DEVICE_NAME), deviceString(d, CL.CL_DEVICE_VENDOR),
                deviceString(d, CL.CL_DEVICE_VERSION), deviceString(d, CL.CL_DRIVER_VERSION),
                deviceLong(d, CL.CL_DEVICE_TYPE), ext.contains("cl_khr_fp64"),
                deviceSizeT(d, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE), deviceLong(d, CL.CL_DEVICE_LOCAL_MEM_SIZE),
                deviceLong(d, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE), deviceLong(d, CL.CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceInt(d, CL.CL_DEVICE_MAX_COMPUTE_UNITS));
    }

    static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSizeT(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
