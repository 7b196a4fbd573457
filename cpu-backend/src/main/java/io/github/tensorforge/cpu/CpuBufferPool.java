package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.MemoryTracker;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reuses float/double arrays of released buffers, so training steps do not allocate (and zero) a fresh array for
 * every intermediate. Each buffer the pool hands out gives its array back through its release hook; the next
 * allocation moves those arrays into the free lists, so the work is proportional to what was released, not to the
 * number of buffers alive (a training step keeps thousands alive for its backward pass). A buffer dropped without
 * release never gives its array back, and the pool holds no reference to it.
 *
 * <p>Pooled arrays count as cached bytes in {@link io.github.tensorforge.spi.MemoryStats}, not live ones (the tracker
 * counts a buffer as live from construction to release). The cache holds at most {@code tensorforge.cpu.pool.bytes}
 * bytes (default: a sixteenth of the maximum heap, at most 512 MiB; 0 disables pooling); arrays below
 * {@link #MIN_ELEMENTS} elements are not pooled, the allocator is cheaper for them.
 */
final class CpuBufferPool {
    static final int MIN_ELEMENTS = 4096;
    private static final int MAX_PER_SIZE = 8;

    private final Backend backend;
    private final MemoryTracker tracker;
    private final long capacity;
    /** Arrays of released buffers, added by any releasing thread, not yet in the free lists. */
    private final Queue<Object> released = new ConcurrentLinkedQueue<>();
    private final Map<Long, ArrayDeque<Object>> free = new HashMap<>();
    private long cachedBytes;
    private long reused;

    CpuBufferPool(Backend backend, MemoryTracker tracker, long capacityBytes) {
        this.backend = backend;
        this.tracker = tracker;
        this.capacity = capacityBytes;
    }

    static long configuredCapacity() {
        String s = System.getProperty("tensorforge.cpu.pool.bytes");
        if (s == null || s.isBlank()) s = System.getenv("TENSORFORGE_CPU_POOL_BYTES");
        if (s != null && !s.isBlank()) {
            try {
                return Math.max(0, Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cpu backend: tensorforge.cpu.pool.bytes must be a byte count, got '"
                        + s + "'", e);
            }
        }
        return Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 16);
    }

    private static boolean poolable(DType dtype, int size) {
        return (dtype == DType.FLOAT32 || dtype == DType.FLOAT64) && size >= MIN_ELEMENTS;
    }

    /** Key of a free list: dtype and length. */
    private static long key(DType dtype, int size) { return ((long) size << 1) | (dtype == DType.FLOAT64 ? 1 : 0); }

    HeapBuffer allocate(DType dtype, int size) {
        if (capacity <= 0 || !poolable(dtype, size)) return new HeapBuffer(backend, dtype, size, tracker);
        Object array;
        synchronized (this) {
            reclaim();
            ArrayDeque<Object> q = free.get(key(dtype, size));
            array = q == null ? null : q.pollLast();
            if (array != null) {
                cachedBytes -= (long) size * dtype.byteSize();
                reused++;
            }
        }
        if (array == null) array = HeapBuffer.newArray(dtype, size);
        return new HeapBuffer(backend, dtype, array, tracker, released::add);
    }

    /** Moves the arrays of released buffers into the free lists (while there is room). Caller holds the lock. */
    private void reclaim() {
        for (Object a; (a = released.poll()) != null; ) {
            DType dtype = a instanceof double[] ? DType.FLOAT64 : DType.FLOAT32;
            int size = java.lang.reflect.Array.getLength(a);
            long bytes = (long) size * dtype.byteSize();
            if (cachedBytes + bytes > capacity) continue;
            ArrayDeque<Object> q = free.computeIfAbsent(key(dtype, size), k -> new ArrayDeque<>());
            if (q.size() < MAX_PER_SIZE) {
                q.addLast(a);
                cachedBytes += bytes;
            }
        }
    }

    synchronized long cachedBytes() {
        reclaim();
        return cachedBytes;
    }

    /** Number of allocations served from the cache so far. */
    synchronized long reuseCount() { return reused; }

    /** Drops every cached array. */
    synchronized void clear() {
        reclaim();
        free.clear();
        cachedBytes = 0;
    }
}
