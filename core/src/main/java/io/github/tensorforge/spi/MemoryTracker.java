package io.github.tensorforge.spi;

import java.util.concurrent.atomic.AtomicLong;

/** Counts live buffers and bytes for a backend, so tests can prove that nothing leaks. Thread-safe. */
public final class MemoryTracker {
    private final AtomicLong liveBuffers = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong peakBytes = new AtomicLong();

    public void allocated(long bytes) {
        liveBuffers.incrementAndGet();
        long now = liveBytes.addAndGet(bytes);
        peakBytes.accumulateAndGet(now, Math::max);
    }

    public void released(long bytes) {
        liveBuffers.decrementAndGet();
        liveBytes.addAndGet(-bytes);
    }

    public MemoryStats stats(long cachedBytes) {
        return new MemoryStats(liveBuffers.get(), liveBytes.get(), peakBytes.get(), cachedBytes);
    }
}
