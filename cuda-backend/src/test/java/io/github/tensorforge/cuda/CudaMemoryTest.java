package io.github.tensorforge.cuda;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.MemoryStats;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.github.tensorforge.cuda.CudaTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Allocator statistics, reuse, out-of-memory recovery, transfers of every dtype and the launch counter. */
class CudaMemoryTest {
    @Test void uploadDownloadRoundTripsEveryDtypeAcrossChunks() {
        CudaBackend c = cuda();
        Random rnd = new Random(50);
        // 3M doubles = 24 MB: three staging chunks, so the double-buffered path and a partial chunk both run.
        for (DType t : DType.values()) {
            int n = t == DType.FLOAT64 || t == DType.INT64 ? 3_000_003 : 5_000_011;
            Object host = random(t, n, rnd);
            Buffer b = c.allocate(t, n);
            c.upload(b, host);
            assertArrays("round trip " + t, host, c.download(b), 0, 0);
            b.release();
        }
    }

    @Test void releasedBuffersAreCachedAndReusedAndCountedOnce() {
        CudaBackend c = cuda();
        MemoryStats before = c.memoryStats();
        List<Buffer> bufs = new ArrayList<>();
        for (int i = 0; i < 10; i++) bufs.add(c.allocate(DType.FLOAT32, 1000 + i));
        MemoryStats during = c.memoryStats();
        assertEquals(before.liveBuffers() + 10, during.liveBuffers(), during.toString());
        long expectedBytes = 0;
        for (int i = 0; i < 10; i++) expectedBytes += 4L * (1000 + i);
        assertEquals(before.liveBytes() + expectedBytes, during.liveBytes(), during.toString());
        for (Buffer b : bufs) b.release();
        bufs.get(0).release();   // idempotent
        MemoryStats after = c.memoryStats();
        assertEquals(before.liveBuffers(), after.liveBuffers(), after.toString());
        assertEquals(before.liveBytes(), after.liveBytes(), after.toString());
        assertTrue(after.cachedBytes() >= 10 * 4096L, "released blocks stay cached: " + after);
        assertTrue(after.peakBytes() >= during.liveBytes(), after.toString());
        Buffer again = c.allocate(DType.FLOAT32, 1003);
        assertTrue(c.memoryStats().cachedBytes() < after.cachedBytes(), "a cached block is reused: " + c.memoryStats());
        again.release();
        c.emptyCache();
        assertEquals(0, c.memoryStats().cachedBytes());
    }

    @Test void outOfMemoryFreesTheCacheRetriesThenThrowsAndTheBackendStaysUsable() {
        CudaBackend c = cuda();
        c.synchronize();
        // Fill the device with 2 GiB blocks until allocation fails.
        List<Buffer> held = new ArrayList<>();
        int block = 512 << 20;   // floats: 2 GiB
        CudaOutOfMemoryException oom = null;
        try {
            for (int i = 0; i < 4096 && oom == null; i++) {
                try {
                    held.add(c.allocate(DType.FLOAT32, block));
                } catch (CudaOutOfMemoryException e) {
                    oom = e;
                }
            }
            assertNotNull(oom, "allocating " + held.size() + " x 2 GiB never ran out of memory");
            assertTrue(oom.getMessage().contains("out of device memory") && oom.getMessage().contains("bytes free"),
                    oom.getMessage());
            assertEquals(4L * block, oom.requestedBytes());
            System.out.println("[cuda tests] expected OOM after " + held.size() + " x 2 GiB: " + oom.getMessage());
        } finally {
            for (Buffer b : held) b.release();   // into the cache
        }
        assertTrue(c.memoryStats().cachedBytes() >= (long) held.size() * 4L * block);
        // A different bucket size: cuMemAlloc fails while the cache holds the device, the cache is freed, retry works.
        Buffer big = c.allocate(DType.FLOAT64, (block / 2) + 12345);
        assertTrue(c.memoryStats().cachedBytes() < (long) held.size() * 4L * block, c.memoryStats().toString());
        big.release();
        // Still computes correctly.
        Twin x = randomContiguous(DType.FLOAT32, new Random(51), 1000);
        Twin out = output(DType.FLOAT32, 1000);
        both((b, cc) -> b.unary(UnaryOp.EXP, cc ? out.tested() : out.ref(), cc ? x.tested() : x.ref()));
        assertClose("exp after OOM", out, 1e-5, 1e-5);
        releaseAll(x, out);
        c.emptyCache();
    }

    @Test void launchesAreCountedAndDescribed() {
        CudaBackend c = cuda();
        Twin x = randomContiguous(DType.FLOAT32, new Random(52), 64, 64);
        Twin out = output(DType.FLOAT32, 64, 64);
        long before = c.kernelLaunches();
        c.unary(UnaryOp.TANH, out.tested(), x.tested());
        c.matmul(out.tested(), x.tested(), x.tested());
        assertEquals(before + 2, c.kernelLaunches());
        String d = c.description();
        assertTrue(d.contains("GEMM: ") && (d.contains("cuBLAS") || d.contains("own tiled kernel")), d);
        assertTrue(d.contains("kernels: "), d);
        System.out.println("[cuda tests] " + c.allocatorSummary());
        releaseAll(x, out);
    }

    @Test void manyStepsLeakNothing() {
        CudaBackend c = cuda();
        long live = c.memoryStats().liveBytes();
        long buffers = c.memoryStats().liveBuffers();
        for (int i = 0; i < 2000; i++) {
            Buffer a = c.allocate(DType.FLOAT32, 4096);
            Buffer b = c.allocate(DType.FLOAT32, 4096);
            c.unary(UnaryOp.RELU, View.contiguous(b, 4096), View.contiguous(a, 4096));
            a.release();
            b.release();
        }
        c.synchronize();
        assertEquals(live, c.memoryStats().liveBytes());
        assertEquals(buffers, c.memoryStats().liveBuffers());
    }
}
