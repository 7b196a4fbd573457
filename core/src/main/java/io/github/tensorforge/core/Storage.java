package io.github.tensorforge.core;

import io.github.tensorforge.spi.Buffer;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend buffer shared by a tensor and its views, released when the last of them is closed. The {@link Cleaner}
 * is only the safety net for tensors that were never closed: it releases the buffer once nothing references the
 * storage any more.
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "tensorforge-cleaner");
        t.setDaemon(true);
        return t;
    });

    final Buffer buffer;
    private final AtomicInteger refs = new AtomicInteger(1);
    /** Counts in-place writes (every view shares it), so autograd can tell that what it saved has changed. */
    private final AtomicInteger version = new AtomicInteger();
    private final Cleaner.Cleanable cleanable;

    Storage(Buffer buffer) {
        this.buffer = buffer;
        // The action must not reference this Storage, or it would never become unreachable.
        this.cleanable = CLEANER.register(this, buffer::release);
    }

    void retain() {
        int before = refs.getAndIncrement();
        if (before <= 0) {
            refs.getAndDecrement();
            throw new IllegalStateException("tensor storage used after it was released (close() was called)");
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) cleanable.clean();
    }

    boolean isReleased() { return buffer.isReleased(); }

    int version() { return version.get(); }

    /** Called by every in-place write to the buffer through the public API. */
    void bumpVersion() { version.incrementAndGet(); }
}
