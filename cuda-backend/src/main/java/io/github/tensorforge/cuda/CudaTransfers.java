package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Host-device copies through two pinned (page-locked) staging buffers, so copies run at full PCIe/NVLink speed and
 * uploads return before the copy has finished. Each staging buffer has an event recorded after the last copy that
 * used it; the host waits on it before writing into the buffer again. Large transfers alternate between the two
 * buffers so that filling one overlaps the copy of the other. Not thread-safe: the backend serializes calls.
 */
final class CudaTransfers {
    static final int CHUNK = 8 << 20;

    private final CUstream stream;
    private final Pointer[] pinned = new Pointer[2];
    private final ByteBuffer[] views = new ByteBuffer[2];
    private final CUevent[] events = new CUevent[2];
    private final boolean[] pending = new boolean[2];
    private int next;

    CudaTransfers(CUstream stream) {
        this.stream = stream;
        for (int i = 0; i < 2; i++) {
            pinned[i] = new Pointer();
            CudaCheck.check(JCudaDriver.cuMemAllocHost(pinned[i], CHUNK), "cuMemAllocHost(" + CHUNK + ")");
            views[i] = pinned[i].getByteBuffer(0, CHUNK).order(ByteOrder.nativeOrder());
            events[i] = new CUevent();
            CudaCheck.check(JCudaDriver.cuEventCreate(events[i], 0), "cuEventCreate");
        }
    }

    private ByteBuffer acquire(int i) {
        if (pending[i]) {
            CudaCheck.check(JCudaDriver.cuEventSynchronize(events[i]), "cuEventSynchronize(staging)");
            pending[i] = false;
        }
        ByteBuffer b = views[i];
        b.clear();
        return b;
    }

    private void record(int i) {
        CudaCheck.check(JCudaDriver.cuEventRecord(events[i], stream), "cuEventRecord(staging)");
        pending[i] = true;
    }

    /** Enqueues the copy of {@code count} elements of {@code array} (from element 0) to {@code dst}. */
    void upload(CUdeviceptr dst, DType dtype, Object array, int count) {
        int es = dtype.byteSize();
        int perChunk = CHUNK / es;
        for (int start = 0; start < count; start += perChunk) {
            int len = Math.min(perChunk, count - start);
            int i = next;
            next ^= 1;
            ByteBuffer b = acquire(i);
            switch (dtype) {
                case FLOAT32 -> b.asFloatBuffer().put((float[]) array, start, len);
                case FLOAT64 -> b.asDoubleBuffer().put((double[]) array, start, len);
                case INT32 -> b.asIntBuffer().put((int[]) array, start, len);
                case INT64 -> b.asLongBuffer().put((long[]) array, start, len);
                case BOOL -> {
                    boolean[] a = (boolean[]) array;
                    for (int j = 0; j < len; j++) b.put(j, a[start + j] ? (byte) 1 : (byte) 0);
                }
            }
            CudaCheck.check(JCudaDriver.cuMemcpyHtoDAsync(dst.withByteOffset((long) start * es), pinned[i],
                    (long) len * es, stream), "cuMemcpyHtoDAsync(" + (long) len * es + " bytes)");
            record(i);
        }
    }

    /** Copies {@code count} elements from {@code src} into {@code array}; returns when the data is there. */
    void download(CUdeviceptr src, DType dtype, Object array, int count) {
        int es = dtype.byteSize();
        int perChunk = CHUNK / es;
        int prevBuf = -1, prevStart = 0, prevLen = 0;
        for (int start = 0; start < count; start += perChunk) {
            int len = Math.min(perChunk, count - start);
            int i = next;
            next ^= 1;
            acquire(i);
            CudaCheck.check(JCudaDriver.cuMemcpyDtoHAsync(pinned[i], src.withByteOffset((long) start * es),
                    (long) len * es, stream), "cuMemcpyDtoHAsync(" + (long) len * es + " bytes)");
            record(i);
            if (prevBuf >= 0) drain(prevBuf, dtype, array, prevStart, prevLen);
            prevBuf = i;
            prevStart = start;
            prevLen = len;
        }
        if (prevBuf >= 0) drain(prevBuf, dtype, array, prevStart, prevLen);
    }

    private void drain(int i, DType dtype, Object array, int start, int len) {
        ByteBuffer b = acquire(i);
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get((float[]) array, start, len);
            case FLOAT64 -> b.asDoubleBuffer().get((double[]) array, start, len);
            case INT32 -> b.asIntBuffer().get((int[]) array, start, len);
            case INT64 -> b.asLongBuffer().get((long[]) array, start, len);
            case BOOL -> {
                boolean[] a = (boolean[]) array;
                for (int j = 0; j < len; j++) a[start + j] = b.get(j) != 0;
            }
        }
    }

    void close() {
        for (int i = 0; i < 2; i++) {
            if (pending[i]) JCudaDriver.cuEventSynchronize(events[i]);
            JCudaDriver.cuEventDestroy(events[i]);
            JCudaDriver.cuMemFreeHost(pinned[i]);
        }
    }
}
