package io.github.tensorforge.spi;

/**
 * Memory a backend holds: buffers handed to tensors and not yet released ({@code liveBuffers}, {@code liveBytes}), the
 * high-water mark of live bytes, and bytes kept in an allocator cache for reuse (0 for backends without one).
 */
public record MemoryStats(long liveBuffers, long liveBytes, long peakBytes, long cachedBytes) {
    @Override public String toString() {
        return liveBuffers + " live buffers, " + liveBytes + " live bytes, peak " + peakBytes + " bytes, "
                + cachedBytes + " cached bytes";
    }
}
