package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

/**
 * A block of backend memory holding {@link #size()} elements of one dtype: a Java array for CPU backends, a device
 * allocation for GPU backends. Core owns buffers through reference-counted storage and calls {@link #release()}
 * exactly when the last tensor using it is closed (or, as a safety net, when it becomes unreachable).
 */
public interface Buffer {
    Backend backend();

    DType dtype();

    /** Number of elements. */
    int size();

    default long byteSize() { return (long) size() * dtype().byteSize(); }

    /** Frees the memory. Idempotent and thread-safe; using the buffer afterwards is an error. */
    void release();

    boolean isReleased();
}
