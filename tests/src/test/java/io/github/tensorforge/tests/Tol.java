package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;

/**
 * Dtype-aware tolerance: an element passes when {@code |actual - expected| <= atol + rtol * |expected| + scale * max|expected|}
 * (the last term covers sums whose rounding error grows with the magnitude of the whole result). Integer and boolean
 * results must match exactly; NaN must match NaN and infinities must match exactly.
 */
public record Tol(double rtol32, double atol32, double scale32, double rtol64, double atol64, double scale64) {
    public static final Tol EXACT = new Tol(0, 0, 0, 0, 0, 0);
    /** One rounding step per element (transcendentals allowed a few ulp in float32). */
    public static final Tol ELEMENTWISE = new Tol(1e-5, 1e-6, 0, 1e-10, 1e-12, 0);
    /** Sums and chains of a few ops. */
    public static final Tol REDUCTION = new Tol(1e-4, 1e-5, 1e-5, 1e-10, 1e-12, 1e-12);
    /** Gradients: chains of ops in the backward pass. */
    public static final Tol GRAD = new Tol(2e-4, 2e-5, 2e-5, 1e-9, 1e-11, 1e-11);

    /** Matrix products with inner dimension k. */
    public static Tol matmul(int k) {
        double kk = Math.max(1, k);
        return new Tol(1e-4, 1e-6 * kk, 2e-6 * Math.sqrt(kk), 1e-10, 1e-13 * kk, 1e-12);
    }

    public Tol times(double f) {
        return new Tol(rtol32 * f, atol32 * f, scale32 * f, rtol64 * f, atol64 * f, scale64 * f);
    }

    double rtol(DType d) { return d == DType.FLOAT32 ? rtol32 : d == DType.FLOAT64 ? rtol64 : 0; }
    double atol(DType d) { return d == DType.FLOAT32 ? atol32 : d == DType.FLOAT64 ? atol64 : 0; }
    double scale(DType d) { return d == DType.FLOAT32 ? scale32 : d == DType.FLOAT64 ? scale64 : 0; }
}
