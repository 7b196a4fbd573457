package io.github.tensorforge.spi;

import java.util.concurrent.atomic.AtomicLong;

/** Counts live buffers and bytes for a backend, so tests can prove that nothing leaks. Thread-safe. */
public final class MemoryTracker {
    private final AtomicLong liveBuffers = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong peakBytes = new AtomicLong();

    /**
     * Counts one more live buffer of {@code bytes} and updates the peak.
     *
     * @param bytes the buffer's size in bytes
     */
    public void allocated(long bytes) {
        liveBuffers.incrementAndGet();
        long now = liveBytes.addAndGet(bytes);
        peakBytes.accumulateAndGet(now, Math::max);
    }

    /**
     * Counts one live buffer of {@code bytes} fewer; call once per buffer, with the size it was allocated with.
     *
     * @param bytes the buffer's size in bytes
     */
    public void released(long bytes) {
        liveBuffers.decrementAndGet();
        liveBytes.addAndGet(-bytes);
    }

    /**
     * A snapshot of the counters, for {@link Backend#memoryStats()}.
     *
     * @param cachedBytes the bytes the backend's allocator cache holds (0 without a cache); not tracked here
     * @return the live buffers, live bytes and peak counted here, with {@code cachedBytes}
     */
    public MemoryStats stats(long cachedBytes) {
        return new MemoryStats(liveBuffers.get(), liveBytes.get(), peakBytes.get(), cachedBytes);
    }
}
