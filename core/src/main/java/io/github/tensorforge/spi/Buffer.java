package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

/**
 * A block of backend memory holding {@link #size()} elements of one dtype: a Java array for CPU backends, a device
 * allocation for GPU backends. Core owns buffers through reference-counted storage and calls {@link #release()}
 * exactly when the last tensor using it is closed (or, as a safety net, when it becomes unreachable). The safety net
 * calls {@link #release()} from a cleaner thread, so a backend must not rely on the thread that allocated it.
 */
public interface Buffer {
    /**
     * The backend that allocated this buffer; kernels receive only buffers of their own backend.
     *
     * @return the owning backend
     */
    Backend backend();

    /**
     * The element type, fixed at allocation.
     *
     * @return the dtype of every element
     */
    DType dtype();

    /**
     * Number of elements.
     *
     * @return the element count, fixed at allocation
     */
    int size();

    /**
     * Size in bytes, as counted by the backend's memory statistics.
     *
     * @return {@link #size()} times the dtype's {@link DType#byteSize()}
     */
    default long byteSize() { return (long) size() * dtype().byteSize(); }

    /** Frees the memory. Idempotent and thread-safe; using the buffer afterwards is an error. */
    void release();

    /**
     * Whether {@link #release()} has been called.
     *
     * @return true once the buffer is released
     */
    boolean isReleased();
}
