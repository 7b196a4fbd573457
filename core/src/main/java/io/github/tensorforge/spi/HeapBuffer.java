package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A buffer backed by a Java array (float[], double[], int[], long[] or boolean[]), shared by the CPU-resident backends.
 * Release drops the array reference so the heap can reclaim it, and updates the owner's {@link MemoryTracker}.
 */
public final class HeapBuffer implements Buffer {
    private final Backend backend;
    private final DType dtype;
    private final int size;
    private final MemoryTracker tracker;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Object array;

    public HeapBuffer(Backend backend, DType dtype, int size, MemoryTracker tracker) {
        this(backend, dtype, newArray(dtype, size), tracker);
    }

    /** Wraps an existing array of the dtype's host type (no copy). */
    public HeapBuffer(Backend backend, DType dtype, Object array, MemoryTracker tracker) {
        this.backend = backend;
        this.dtype = dtype;
        this.array = array;
        this.size = java.lang.reflect.Array.getLength(array);
        this.tracker = tracker;
        tracker.allocated(byteSize());
    }

    public static Object newArray(DType dtype, int size) {
        return switch (dtype) {
            case BOOL -> new boolean[size];
            case INT32 -> new int[size];
            case INT64 -> new long[size];
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
        };
    }

    /** The backing array; throws if the buffer has been released. */
    public Object array() {
        Object a = array;
        if (a == null) throw new IllegalStateException("buffer used after release (" + dtype + "[" + size + "])");
        return a;
    }

    public float[] floats() { return (float[]) array(); }
    public double[] doubles() { return (double[]) array(); }
    public int[] ints() { return (int[]) array(); }
    public long[] longs() { return (long[]) array(); }
    public boolean[] bools() { return (boolean[]) array(); }

    /** The backing array of a view whose buffer is a HeapBuffer. */
    public static HeapBuffer of(View v) { return (HeapBuffer) v.buffer(); }

    @Override public Backend backend() { return backend; }
    @Override public DType dtype() { return dtype; }
    @Override public int size() { return size; }

    @Override public void release() {
        if (released.compareAndSet(false, true)) {
            array = null;
            tracker.released(byteSize());
        }
    }

    @Override public boolean isReleased() { return released.get(); }
}
