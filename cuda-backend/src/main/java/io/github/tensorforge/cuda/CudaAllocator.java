package io.github.tensorforge.cuda;

import io.github.tensorforge.spi.MemoryStats;
import io.github.tensorforge.spi.MemoryTracker;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A caching device allocator: requests are rounded up to size buckets (powers of two up to 1 MiB, multiples of
 * 2 MiB above), and freed blocks wait in a per-bucket free list for the next request of the same bucket instead of
 * going back to the driver (cuMemAlloc/cuMemFree synchronize the device). Reuse is safe without events because all
 * work of a backend runs on one stream, in order.
 *
 * <p>When cuMemAlloc reports out-of-memory, the cache is released to the driver and the allocation retried once;
 * if that fails too, a {@link CudaOutOfMemoryException} with the sizes is thrown and the allocator stays usable.
 * {@link #allocate} and {@link #trim} must run with the backend's context current; {@link #free} makes no CUDA call.
 */
final class CudaAllocator {
    /** A device block: its pointer and bucket size. */
    record Block(CUdeviceptr ptr, long bucketBytes) {}

    private static final long SMALL_LIMIT = 1L << 20;
    private static final long LARGE_GRANULE = 2L << 20;

    private final MemoryTracker tracker = new MemoryTracker();
    private final Map<Long, ArrayDeque<Block>> cache = new HashMap<>();
    private long cachedBytes;
    private long reservedBytes;   // bucket bytes held from the driver: in use + cached
    private long allocCalls, cacheHits;

    static long bucket(long bytes) {
        if (bytes <= 512) return 512;
        if (bytes <= SMALL_LIMIT) return Long.highestOneBit(bytes - 1) << 1;
        return (bytes + LARGE_GRANULE - 1) / LARGE_GRANULE * LARGE_GRANULE;
    }

    /**
     * A block of at least {@code bytes} bytes for a buffer described by {@code what} (for error messages). The block
     * counts as live until {@link #free}.
     */
    Block allocate(long bytes, String what) {
        long size = bucket(bytes);
        synchronized (this) {
            allocCalls++;
            ArrayDeque<Block> list = cache.get(size);
            if (list != null && !list.isEmpty()) {
                Block b = list.pop();
                cachedBytes -= size;
                cacheHits++;
                tracker.allocated(bytes);
                return b;
            }
        }
        CUdeviceptr ptr = new CUdeviceptr();
        int st = JCudaDriver.cuMemAlloc(ptr, size);
        long freedCache = 0;
        if (st == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            freedCache = trim();
            st = JCudaDriver.cuMemAlloc(ptr, size);
        }
        if (st == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            long[] free = new long[1], total = new long[1];
            JCudaDriver.cuMemGetInfo(free, total);
            MemoryStats s = stats();
            throw new CudaOutOfMemoryException("cuda: out of device memory allocating " + what + " (" + bytes
                    + " bytes, bucket " + size + "): the device has " + free[0] + " of " + total[0]
                    + " bytes free; this backend holds " + s.liveBytes() + " live bytes in " + s.liveBuffers()
                    + " buffers (peak " + s.peakBytes() + ") and released " + freedCache + " cached bytes before "
                    + "retrying. Close tensors or scopes that are no longer needed, or use smaller batches.", bytes);
        }
        CudaCheck.check(st, "cuMemAlloc(" + size + " bytes for " + what + ")");
        synchronized (this) {
            reservedBytes += size;
            tracker.allocated(bytes);
        }
        return new Block(ptr, size);
    }

    /** Returns a block to the cache; {@code bytes} is what was asked for at allocation. No CUDA call. */
    synchronized void free(Block block, long bytes) {
        cache.computeIfAbsent(block.bucketBytes(), k -> new ArrayDeque<>()).push(block);
        cachedBytes += block.bucketBytes();
        tracker.released(bytes);
    }

    /** Frees every cached block to the driver; returns the bytes released. Needs the context current. */
    long trim() {
        List<Block> blocks = new ArrayList<>();
        synchronized (this) {
            for (ArrayDeque<Block> list : cache.values()) blocks.addAll(list);
            cache.clear();
            cachedBytes = 0;
        }
        long freed = 0;
        // Kernels queued before a block was released may still use it: let the device finish before freeing.
        if (!blocks.isEmpty()) JCudaDriver.cuCtxSynchronize();
        for (Block b : blocks) {
            JCudaDriver.cuMemFree(b.ptr());
            freed += b.bucketBytes();
        }
        synchronized (this) { reservedBytes -= freed; }
        return freed;
    }

    synchronized MemoryStats stats() { return tracker.stats(cachedBytes); }

    synchronized String summary() {
        return "allocator: " + stats() + ", " + reservedBytes + " bytes reserved from the driver, " + cacheHits + " of "
                + allocCalls + " allocations served from the cache";
    }
}
