package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

/**
 * The narrow kernel interface every backend implements: memory, host transfers, and one method per op family. Core
 * checks shapes, dtypes and axes before calling a kernel, allocates every output, and passes it first; kernels never
 * allocate tensors and never see an invalid argument from core. Output views of all kernels but {@link #copy} are
 * contiguous, freshly allocated, and do not alias any input.
 *
 * <p>Kernels may run asynchronously (GPU backends enqueue them on a stream); {@link #download} and
 * {@link #synchronize()} are the points where results become visible to the host.
 *
 * <p>A backend instance is used from many threads (concurrent inference on shared weights); implementations must be
 * thread-safe or serialize internally.
 */
public interface Backend {
    /** The provider name ("reference", "cpu", ...). */
    String name();

    /** Human-readable description: device, driver, version, threads. */
    String description();

    // ---- memory -------------------------------------------------------------------------------------------------

    /** Allocates {@code size} elements; contents are unspecified. */
    Buffer allocate(DType dtype, int size);

    /** Copies a whole host array (float[], double[], int[], long[] or boolean[], matching the dtype) into {@code dst}. */
    void upload(Buffer dst, Object hostArray);

    /** Copies the whole buffer into a new host array of the buffer's dtype. Waits for pending kernels. */
    Object download(Buffer src);

    MemoryStats memoryStats();

    /** Waits until every queued kernel has finished. */
    default void synchronize() {}

    // ---- kernels: output first ----------------------------------------------------------------------------------

    /** Sets every element of {@code out} to {@code value}, converted to out's dtype. */
    void fill(View out, double value);

    /**
     * Copies {@code x} into {@code out} element by element, converting dtype when they differ (float to int truncates
     * toward zero, anything to BOOL is {@code != 0}). Both views may be strided; same shape; they do not overlap.
     */
    void copy(View out, View x);

    /** {@code out = op(x)}; same shape and dtype; x may be strided or broadcast. */
    void unary(UnaryOp op, View out, View x);

    /**
     * {@code out = a op b}; a and b have out's shape (broadcast with stride 0) and one dtype, never BOOL (core converts
     * masks to INT32 first); comparisons write BOOL.
     */
    void binary(BinaryOp op, View out, View a, View b);

    /** {@code out = cond ? a : b}; cond is BOOL; all have out's shape (broadcast with stride 0). */
    void where(View out, View cond, View a, View b);

    /**
     * Reduces {@code x} over {@code axes} (sorted, distinct). {@code out} has x's shape with each reduced axis set to 1.
     * ARGMAX/ARGMIN get exactly one axis and write INT64.
     */
    void reduce(ReduceOp op, View out, View x, int[] axes);

    /**
     * Batched matrix product {@code out[..., m, n] = sum_k a[..., m, k] * b[..., k, n]} on FLOAT32 or FLOAT64. All three
     * views have the same rank (at least 2) and the same batch dimensions; a and b may have stride 0 on batch axes
     * (broadcast) and any strides on the matrix axes (a transposed operand arrives as swapped strides, not a copy).
     */
    void matmul(View out, View a, View b);

    /**
     * Index select: {@code out[.., i, ..] = src[.., index[i], ..]} along {@code axis}. index is a 1-D INT64 view
     * whose values core has checked to lie in {@code [0, src.shape[axis])}.
     */
    void gather(View out, View src, View index, int axis);

    /**
     * The adjoint of {@link #gather}: {@code out[.., index[i], ..] += src[.., i, ..]} along {@code axis}, accumulating
     * repeated indices. {@code out} is contiguous and holds the values to add to.
     */
    void scatterAdd(View out, View index, View src, int axis);

    /** Optional fused kernels; core falls back to composites of the primitives above when this is null. */
    default FusedKernels fused() { return null; }
}
