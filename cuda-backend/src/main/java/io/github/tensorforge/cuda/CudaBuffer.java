package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.Buffer;
import jcuda.driver.CUdeviceptr;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A device allocation of {@link #size()} elements. Release hands the block back to the backend's caching allocator
 * (no CUDA call, so it is safe from any thread, including a Cleaner); later kernels that reuse it are ordered after
 * earlier ones on the backend's single stream.
 */
final class CudaBuffer implements Buffer {
    private final CudaBackend backend;
    private final DType dtype;
    private final int size;
    private final CudaAllocator.Block block;
    private final AtomicBoolean released = new AtomicBoolean();

    CudaBuffer(CudaBackend backend, DType dtype, int size, CudaAllocator.Block block) {
        this.backend = backend;
        this.dtype = dtype;
        this.size = size;
        this.block = block;
    }

    /** The device pointer; throws if released. */
    CUdeviceptr ptr() {
        if (released.get()) throw new IllegalStateException("cuda: buffer used after release (" + dtype + "[" + size + "])");
        return block.ptr();
    }

    /** The device pointer advanced by {@code elements} elements. */
    CUdeviceptr ptr(long elements) {
        return elements == 0 ? ptr() : ptr().withByteOffset(elements * dtype.byteSize());
    }

    @Override public Backend backend() { return backend; }
    @Override public DType dtype() { return dtype; }
    @Override public int size() { return size; }

    @Override public void release() {
        if (released.compareAndSet(false, true)) backend.allocator().free(block, byteSize());
    }

    @Override public boolean isReleased() { return released.get(); }

    @Override public String toString() { return "CudaBuffer[" + dtype + "[" + size + "]]"; }
}
