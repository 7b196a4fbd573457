package io.github.tensorforge.cuda;

import java.util.Locale;

/**
 * Configuration keys of the CUDA backend: each is a system property with an environment-variable fallback
 * ({@code tensorforge.cuda.device} / {@code TENSORFORGE_CUDA_DEVICE}).
 * <ul>
 *   <li>{@code tensorforge.cuda.device}: index of the device among those the driver shows (after
 *       {@code CUDA_VISIBLE_DEVICES}); default 0.</li>
 *   <li>{@code tensorforge.cuda.math}: {@code fp32} (default), {@code tf32} or {@code bf16}: the math mode of
 *       float32 GEMMs through cuBLAS (bf16 converts both operands to bfloat16 on the device and accumulates in
 *       float32). Our own GEMM kernel always computes in float32.</li>
 *   <li>{@code tensorforge.cuda.gemm}: {@code auto} (default: cuBLAS where it loads) or {@code own} (always our
 *       tiled kernel, e.g. to benchmark it).</li>
 *   <li>{@code tensorforge.cuda.kernels}: {@code auto} (default: bundled fatbin, then PTX, then NVRTC) or
 *       {@code nvrtc} (always compile the bundled sources at run time).</li>
 * </ul>
 */
public final class CudaConfig {
    public static final String DEVICE = "tensorforge.cuda.device";
    public static final String MATH = "tensorforge.cuda.math";
    public static final String GEMM = "tensorforge.cuda.gemm";
    public static final String KERNELS = "tensorforge.cuda.kernels";

    private CudaConfig() {}

    /** The value of {@code key} as a system property, else its environment variable, else null. */
    public static String get(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) v = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** Math mode of float32 GEMMs. */
    public enum MathMode { FP32, TF32, BF16 }

    static MathMode mathMode() {
        String v = get(MATH);
        if (v == null) return MathMode.FP32;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> MathMode.FP32;
            case "tf32" -> MathMode.TF32;
            case "bf16", "bfloat16" -> MathMode.BF16;
            default -> throw new IllegalArgumentException("cuda: " + MATH + " must be fp32, tf32 or bf16, got '" + v + "'");
        };
    }

    static boolean ownGemmForced() {
        String v = get(GEMM);
        if (v == null || v.equalsIgnoreCase("auto") || v.equalsIgnoreCase("cublas")) return false;
        if (v.equalsIgnoreCase("own")) return true;
        throw new IllegalArgumentException("cuda: " + GEMM + " must be auto or own, got '" + v + "'");
    }

    static boolean nvrtcForced() {
        String v = get(KERNELS);
        if (v == null || v.equalsIgnoreCase("auto")) return false;
        if (v.equalsIgnoreCase("nvrtc")) return true;
        throw new IllegalArgumentException("cuda: " + KERNELS + " must be auto or nvrtc, got '" + v + "'");
    }
}
