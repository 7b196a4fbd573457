package io.github.tensorforge.spi;

import io.github.tensorforge.core.DType;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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
    private final Consumer<Object> onRelease;
    private volatile Object array;

    /**
     * Allocates a zero-filled array of {@code size} elements and counts it in {@code tracker}.
     *
     * @param backend the backend that owns the buffer
     * @param dtype   the element type
     * @param size    the number of elements, at least 0
     * @param tracker the owner's counters; told about the allocation now and about the release later
     * @throws NegativeArraySizeException if {@code size} is negative
     */
    public HeapBuffer(Backend backend, DType dtype, int size, MemoryTracker tracker) {
        this(backend, dtype, newArray(dtype, size), tracker);
    }

    /**
     * Wraps an existing array of the dtype's host type (no copy) and counts it in {@code tracker}. The array's type is
     * not checked against {@code dtype}; a mismatch fails later with a {@link ClassCastException}.
     *
     * @param backend the backend that owns the buffer
     * @param dtype   the element type
     * @param array   a float[], double[], int[], long[] or boolean[] matching {@code dtype}; the buffer's size is its
     *                length
     * @param tracker the owner's counters; told about the allocation now and about the release later
     * @throws IllegalArgumentException if {@code array} is not an array
     */
    public HeapBuffer(Backend backend, DType dtype, Object array, MemoryTracker tracker) {
        this(backend, dtype, array, tracker, null);
    }

    /**
     * Wraps an existing array, as {@link #HeapBuffer(Backend, DType, Object, MemoryTracker)}, and hands the array to
     * {@code onRelease} when the buffer is released: a pool learns of each released array then, instead of polling
     * every buffer it handed out. Called once, on the releasing thread (a cleaner thread for a dropped tensor), after
     * the buffer stopped giving the array out.
     *
     * @param backend   the backend that owns the buffer
     * @param dtype     the element type
     * @param array     a float[], double[], int[], long[] or boolean[] matching {@code dtype}
     * @param tracker   the owner's counters
     * @param onRelease receives the array on release; null for none; must be thread-safe
     * @throws IllegalArgumentException if {@code array} is not an array
     */
    public HeapBuffer(Backend backend, DType dtype, Object array, MemoryTracker tracker, Consumer<Object> onRelease) {
        this.backend = backend;
        this.dtype = dtype;
        this.array = array;
        this.size = java.lang.reflect.Array.getLength(array);
        this.tracker = tracker;
        this.onRelease = onRelease;
        tracker.allocated(byteSize());
    }

    /**
     * A new zero-filled host array for {@code dtype}.
     *
     * @param dtype the element type
     * @param size  the number of elements
     * @return an array of {@link DType#hostArrayType()} with {@code size} elements
     * @throws NegativeArraySizeException if {@code size} is negative
     */
    public static Object newArray(DType dtype, int size) {
        return switch (dtype) {
            case BOOL -> new boolean[size];
            case INT32 -> new int[size];
            case INT64 -> new long[size];
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
        };
    }

    /**
     * The backing array; throws if the buffer has been released.
     *
     * @return the array itself (not a copy): writes go to the buffer
     * @throws IllegalStateException if the buffer has been released
     */
    public Object array() {
        Object a = array;
        if (a == null) throw new IllegalStateException("buffer used after release (" + dtype + "[" + size + "])");
        return a;
    }

    /**
     * The backing array of a FLOAT32 buffer.
     *
     * @return the array itself, not a copy
     * @throws IllegalStateException if the buffer has been released
     * @throws ClassCastException    if the dtype is not FLOAT32
     */
    public float[] floats() { return (float[]) array(); }
    /**
     * The backing array of a FLOAT64 buffer.
     *
     * @return the array itself, not a copy
     * @throws IllegalStateException if the buffer has been released
     * @throws ClassCastException    if the dtype is not FLOAT64
     */
    public double[] doubles() { return (double[]) array(); }
    /**
     * The backing array of an INT32 buffer.
     *
     * @return the array itself, not a copy
     * @throws IllegalStateException if the buffer has been released
     * @throws ClassCastException    if the dtype is not INT32
     */
    public int[] ints() { return (int[]) array(); }
    /**
     * The backing array of an INT64 buffer.
     *
     * @return the array itself, not a copy
     * @throws IllegalStateException if the buffer has been released
     * @throws ClassCastException    if the dtype is not INT64
     */
    public long[] longs() { return (long[]) array(); }
    /**
     * The backing array of a BOOL buffer.
     *
     * @return the array itself, not a copy
     * @throws IllegalStateException if the buffer has been released
     * @throws ClassCastException    if the dtype is not BOOL
     */
    public boolean[] bools() { return (boolean[]) array(); }

    /**
     * The HeapBuffer behind a view, for kernels of CPU-resident backends.
     *
     * @param v a view whose buffer is a HeapBuffer
     * @return {@code v}'s buffer
     * @throws ClassCastException if the view's buffer is not a HeapBuffer
     */
    public static HeapBuffer of(View v) { return (HeapBuffer) v.buffer(); }

    /** {@inheritDoc} The backend given to the constructor. */
    @Override public Backend backend() { return backend; }
    /** {@inheritDoc} The dtype given to the constructor. */
    @Override public DType dtype() { return dtype; }
    /** {@inheritDoc} The backing array's length. */
    @Override public int size() { return size; }

    /**
     * Drops the array reference and tells the tracker (and the release listener, if any), once; later calls do
     * nothing. Thread-safe.
     */
    @Override public void release() {
        if (released.compareAndSet(false, true)) {
            Object a = array;
            array = null;
            tracker.released(byteSize());
            if (onRelease != null) onRelease.accept(a);
        }
    }

    /** {@inheritDoc} Stays true after the first {@link #release()}. */
    @Override public boolean isReleased() { return released.get(); }
}
