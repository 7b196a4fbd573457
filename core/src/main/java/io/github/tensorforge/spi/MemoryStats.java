package io.github.tensorforge.spi;

/**
 * Memory a backend holds: buffers handed to tensors and not yet released ({@code liveBuffers}, {@code liveBytes}), the
 * high-water mark of live bytes, and bytes kept in an allocator cache for reuse (0 for backends without one).
 *
 * @param liveBuffers the number of buffers allocated and not yet released
 * @param liveBytes   the bytes of those buffers
 * @param peakBytes   the largest {@code liveBytes} seen since the backend was created
 * @param cachedBytes bytes released by tensors but kept by the backend's allocator for reuse
 */
public record MemoryStats(long liveBuffers, long liveBytes, long peakBytes, long cachedBytes) {
    /**
     * A one-line summary for logs and test failures.
     *
     * @return the four counters, in words
     */
    @Override public String toString() {
        return liveBuffers + " live buffers, " + liveBytes + " live bytes, peak " + peakBytes + " bytes, "
                + cachedBytes + " cached bytes";
    }
}
