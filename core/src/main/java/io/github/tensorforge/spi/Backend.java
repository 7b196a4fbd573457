package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

/**
 * The narrow kernel interface every backend implements: memory, host transfers, and one method per op family. Core
 * checks shapes, dtypes and axes before calling a kernel, allocates every output, and passes it first; kernels never
 * allocate tensors and never see an invalid argument from core, so they need not validate again. Output views of all
 * kernels but {@link #copy} and {@link #fill} are contiguous, freshly allocated, and do not alias any input. Except
 * for those two, core calls a kernel only when its output has at least one element. All views passed to a backend
 * belong to buffers it allocated itself.
 *
 * <p>Kernels may run asynchronously (GPU backends enqueue them on a stream); {@link #download} and
 * {@link #synchronize()} are the points where results become visible to the host.
 *
 * <p>A backend instance is used from many threads (concurrent inference on shared weights); implementations must be
 * thread-safe or serialize internally.
 */
public interface Backend {
    /**
     * The provider name ("reference", "cpu", ...), used in error messages and reports.
     *
     * @return the same name as the backend's {@link BackendProvider#name()}
     */
    String name();

    /**
     * Human-readable description: device, driver, version, threads.
     *
     * @return a one-line description for logs and reports
     */
    String description();

    // ---- memory -------------------------------------------------------------------------------------------------

    /**
     * Allocates {@code size} elements; contents are unspecified. Core passes a size it has checked (non-negative, at
     * most {@code Shapes.MAX_ELEMENTS}); the backend must count the buffer in its {@link #memoryStats()} until it is
     * released.
     *
     * @param dtype the element type
     * @param size  the number of elements, possibly 0
     * @return a new buffer owned by the caller, who releases it
     */
    Buffer allocate(DType dtype, int size);

    /**
     * Copies a whole host array (float[], double[], int[], long[] or boolean[], matching the dtype) into {@code dst}.
     * Core guarantees the array's type matches {@code dst}'s dtype and its length is {@code dst.size()}.
     *
     * @param dst       a buffer of this backend; overwritten
     * @param hostArray the values, in row-major order; not kept after the call returns
     */
    void upload(Buffer dst, Object hostArray);

    /**
     * Copies the whole buffer into a new host array of the buffer's dtype. Waits for pending kernels.
     *
     * @param src a buffer of this backend
     * @return a new array of {@link DType#hostArrayType()} with {@code src.size()} elements
     */
    Object download(Buffer src);

    /**
     * The memory this backend holds now, so that tests can prove a workload leaks nothing.
     *
     * @return a snapshot of the live-buffer, live-byte, peak and cache counters
     */
    MemoryStats memoryStats();

    /** Waits until every queued kernel has finished. The default does nothing (for backends that run synchronously). */
    default void synchronize() {}

    // ---- kernels: output first ----------------------------------------------------------------------------------

    /**
     * Sets every element of {@code out} to {@code value}, converted to out's dtype.
     *
     * @param out   the elements to set, possibly none; may be a strided view into an existing tensor
     * @param value the value, converted as by {@link #copy} (truncated toward zero for integers, {@code != 0} for BOOL)
     */
    void fill(View out, double value);

    /**
     * Copies {@code x} into {@code out} element by element, converting dtype when they differ (float to int truncates
     * toward zero, anything to BOOL is {@code != 0}). Both views may be strided; same shape; they do not overlap.
     * Unlike the other kernels, {@code out} may be a strided view into an existing tensor (in-place assignment).
     *
     * @param out the destination, {@code x}'s shape; overwritten
     * @param x   the source, any dtype; may be broadcast (stride 0)
     */
    void copy(View out, View x);

    /**
     * {@code out = op(x)}; same shape and dtype; x may be strided or broadcast. Core dispatches an op that is not
     * {@link UnaryOp#acceptsIntegers()} only on FLOAT32/FLOAT64.
     *
     * @param op  the operation
     * @param out the result, x's shape and dtype
     * @param x   the operand
     */
    void unary(UnaryOp op, View out, View x);

    /**
     * {@code out = a op b}; a and b have out's shape (broadcast with stride 0) and one dtype, never BOOL (core converts
     * masks to INT32 first); comparisons write BOOL. DIV and POW arrive only on floating dtypes.
     *
     * @param op  the operation
     * @param out the result: the operands' dtype, or BOOL for a comparison
     * @param a   the left operand
     * @param b   the right operand, a's dtype
     */
    void binary(BinaryOp op, View out, View a, View b);

    /**
     * {@code out = cond ? a : b}; cond is BOOL; all have out's shape (broadcast with stride 0).
     *
     * @param out  the result, the dtype of a and b
     * @param cond the BOOL selector
     * @param a    the values taken where cond is true, out's dtype
     * @param b    the values taken where cond is false, out's dtype
     */
    void where(View out, View cond, View a, View b);

    /**
     * Reduces {@code x} over {@code axes} (sorted, distinct). {@code out} has x's shape with each reduced axis set to
     * 1. ARGMAX/ARGMIN get exactly one axis and write INT64; see {@link ReduceOp} for NaN and empty axes.
     *
     * @param op   the reduction
     * @param out  the result, contiguous: x's rank, reduced axes of size 1; x's dtype, or INT64 for ARGMAX/ARGMIN
     * @param x    the input, any strides
     * @param axes the axes to reduce, normalized to {@code [0, rank)}, sorted and distinct
     */
    void reduce(ReduceOp op, View out, View x, int[] axes);

    /**
     * Batched matrix product {@code out[..., m, n] = sum_k a[..., m, k] * b[..., k, n]} on FLOAT32 or FLOAT64. All
     * three views have the same rank (at least 2) and the same batch dimensions; a and b may have stride 0 on batch
     * axes (broadcast) and any strides on the matrix axes (a transposed operand arrives as swapped strides, not a
     * copy). Core calls it only with {@code K > 0}; for {@code K = 0} it fills the output with 0 itself.
     *
     * @param out the product {@code (..., M, N)}, the operands' dtype
     * @param a   the left operand {@code (..., M, K)}
     * @param b   the right operand {@code (..., K, N)}, a's dtype
     */
    void matmul(View out, View a, View b);

    /**
     * Index select: {@code out[.., i, ..] = src[.., index[i], ..]} along {@code axis}. index is a 1-D INT64 view
     * whose values core has checked to lie in {@code [0, src.shape[axis])}.
     *
     * @param out   the result: src's shape with {@code index.size()} along axis, src's dtype
     * @param src   the values to select from, any strides
     * @param index the positions along axis to take
     * @param axis  the axis, normalized to {@code [0, rank)}
     */
    void gather(View out, View src, View index, int axis);

    /**
     * The adjoint of {@link #gather}: {@code out[.., index[i], ..] += src[.., i, ..]} along {@code axis}, accumulating
     * repeated indices. {@code out} is contiguous and holds the values to add to. Unlike the other kernels it
     * accumulates into {@code out} in place instead of overwriting it.
     *
     * @param out   the accumulator, updated in place; src's dtype
     * @param index a 1-D INT64 view of positions along axis, each checked by core to lie in
     *              {@code [0, out.shape[axis])}
     * @param src   the values to add: out's shape with {@code index.size()} along axis
     * @param axis  the axis, normalized to {@code [0, rank)}
     */
    void scatterAdd(View out, View index, View src, int axis);

    /**
     * Optional fused kernels; core falls back to composites of the primitives above when this is null.
     *
     * @return this backend's fused kernels, or null (the default) when it has none
     */
    default FusedKernels fused() { return null; }
}
