package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.MemoryTracker;
import org.jocl.CL;
import org.jocl.cl_mem;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A device buffer ({@code cl_mem}) of {@link #size()} elements. BOOL is stored as one uchar (0 or 1) per element.
 * Counted by the backend's {@link MemoryTracker}; {@link #release()} frees the {@code cl_mem} (OpenCL keeps it alive
 * until kernels already enqueued on it have finished).
 */
public final class ClBuffer implements Buffer {
    private final ClBackend backend;
    private final DType dtype;
    private final int size;
    private final MemoryTracker tracker;
    private final AtomicBoolean released = new AtomicBoolean();
    private final cl_mem mem;

    ClBuffer(ClBackend backend, DType dtype, int size, cl_mem mem, MemoryTracker tracker) {
        this.backend = backend;
        this.dtype = dtype;
        this.size = size;
        this.mem = mem;
        this.tracker = tracker;
        tracker.allocated(byteSize());
    }

    /** The OpenCL memory object; throws if the buffer has been released. */
    public cl_mem mem() {
        if (released.get()) {
            throw new IllegalStateException("opencl: buffer used after release (" + dtype + "[" + size + "])");
        }
        return mem;
    }

    /** The OpenCL memory object of a view's buffer, checking that it belongs to an OpenCL backend. */
    static ClBuffer of(io.github.tensorforge.spi.View v, String op) {
        if (v.buffer() instanceof ClBuffer b) return b;
        throw new IllegalArgumentException("opencl: " + op + ": a view's buffer belongs to backend '"
                + v.buffer().backend().name() + "', not opencl; move the tensor first with to(...)");
    }

    @Override public Backend backend() { return backend; }
    @Override public DType dtype() { return dtype; }
    @Override public int size() { return size; }

    @Override public void release() {
        if (released.compareAndSet(false, true)) {
            CL.clReleaseMemObject(mem);
            tracker.released(byteSize());
        }
    }

    @Override public boolean isReleased() { return released.get(); }

    @Override public String toString() { return "ClBuffer[" + dtype + "[" + size + "]]"; }
}
