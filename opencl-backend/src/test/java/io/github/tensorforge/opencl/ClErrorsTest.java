package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.BackendProvider;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.MemoryStats;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.KernelHarness.Twin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.tensorforge.opencl.ClTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Status names, out-of-memory handling, build failures, configuration errors, memory counting, thread safety. */
class ClErrorsTest {

    @Test void statusCodesHaveNames() {
        assertEquals("CL_SUCCESS", ClErrors.name(0));
        assertEquals("CL_OUT_OF_RESOURCES", ClErrors.name(-5));
        assertEquals("CL_MEM_OBJECT_ALLOCATION_FAILURE", ClErrors.name(-4));
        assertEquals("CL_BUILD_PROGRAM_FAILURE", ClErrors.name(-11));
        assertEquals("CL_INVALID_WORK_GROUP_SIZE", ClErrors.name(-54));
        assertEquals("CL_ERROR(-999)", ClErrors.name(-999));
        ClErrors.check(0, "nothing");
        ClException e = assertThrows(ClException.class, () -> ClErrors.check(-54, "matmul", new int[] {3, 4}, "local 16"));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("CL_INVALID_WORK_GROUP_SIZE")
                && e.getMessage().contains("[3, 4]"), e.getMessage());
        assertEquals(-54, e.status());
        ClException oom = assertThrows(ClException.class, () -> ClErrors.check(-5, "allocate"));
        assertInstanceOf(ClOutOfMemoryException.class, oom);
        assertTrue(oom.getMessage().contains("CL_OUT_OF_RESOURCES"), oom.getMessage());
    }

    @Test void hugeAllocationFailsClearlyAndBackendStaysUsable() {
        ClBackend cl = cl();
        MemoryStats before = cl.memoryStats();
        ClOutOfMemoryException e = assertThrows(ClOutOfMemoryException.class,
                () -> cl.allocate(DType.FLOAT64, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("allocate") && e.getMessage().contains("float64"), e.getMessage());
        System.out.println("[opencl tests] expected OOM message: " + e.getMessage());
        assertEquals(before.liveBuffers(), cl.memoryStats().liveBuffers());
        assertEquals(before.liveBytes(), cl.memoryStats().liveBytes());
        // still usable
        Twin a = contiguous(DType.FLOAT32, random(DType.FLOAT32, 100, new Random(1)), 100);
        Twin out = output(DType.FLOAT32, 100);
        REF.binary(BinaryOp.ADD, out.ref(), a.ref(), a.ref());
        cl.binary(BinaryOp.ADD, out.tested(), a.tested(), a.tested());
        assertSame("add after OOM", out, 1e-6, 1e-6);
        releaseAll(a, out);
    }

    @Test void buildFailureCarriesTheLog() {
        ClBackend cl = cl();
        ClException e = assertThrows(ClException.class,
                () -> cl.cl.program(ClBackend.COPY, "-DSRC_T=no_such_type -DDST_T=int"));
        assertTrue(e.getMessage().contains("build log") && e.getMessage().contains("copy.cl"), e.getMessage());
        assertEquals("CL_BUILD_PROGRAM_FAILURE", e.statusName());
    }

    @Test void float64WithoutExtensionNamesOpAndDtype() {
        ClDevice noFp64 = new ClDevice(null, null, "test platform", "Tiny GPU", "vendor", "OpenCL 1.2", "1",
                org.jocl.CL.CL_DEVICE_TYPE_GPU, false, 256, 32768, 1 << 20, 1 << 24, 1);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> ClContext.requireDType(noFp64, DType.FLOAT64, "matmul"));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("float64")
                && e.getMessage().contains("cl_khr_fp64") && e.getMessage().contains("Tiny GPU"), e.getMessage());
        ClContext.requireDType(noFp64, DType.FLOAT32, "matmul");
    }

    @Test void memoryIsCountedAndReleased() {
        ClBackend cl = cl();
        MemoryStats before = cl.memoryStats();
        Buffer a = cl.allocate(DType.FLOAT32, 1000);
        Buffer b = cl.allocate(DType.BOOL, 10);
        Buffer e = cl.allocate(DType.INT64, 0);
        assertEquals(before.liveBuffers() + 3, cl.memoryStats().liveBuffers());
        assertEquals(before.liveBytes() + 4010, cl.memoryStats().liveBytes());
        a.release();
        a.release(); // idempotent
        b.release();
        e.release();
        assertTrue(a.isReleased());
        assertEquals(before.liveBuffers(), cl.memoryStats().liveBuffers());
        assertEquals(before.liveBytes(), cl.memoryStats().liveBytes());
        assertThrows(IllegalStateException.class, () -> cl.download(a));
        for (int i = 0; i < 2000; i++) cl.allocate(DType.FLOAT32, 256).release();
        assertEquals(before.liveBuffers(), cl.memoryStats().liveBuffers());
    }

    @Test void providerIsRegisteredAndReportsItsDevice() {
        cl();
        BackendProvider found = null;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) if (p.name().equals("opencl")) found = p;
        assertNotNull(found, "opencl provider registered in META-INF/services");
        Availability av = found.availability();
        assertTrue(av.available(), av.reason());
        assertEquals(cl().device().isGpu() ? 200 : 20, found.priority());
        System.out.println("[opencl tests] provider: " + av.reason() + ", priority " + found.priority());
    }

    @Test void unknownConfiguredDeviceOrPlatformListsWhatExists() {
        cl();
        String oldDevice = System.getProperty(ClDevice.DEVICE_KEY), oldPlatform = System.getProperty(ClDevice.PLATFORM_KEY);
        try {
            System.setProperty(ClDevice.DEVICE_KEY, "no-such-device-xyz");
            Availability av = new ClBackendProvider().availability();
            assertFalse(av.available());
            assertTrue(av.reason().contains("no-such-device-xyz") && av.reason().contains(cl().device().name().trim()),
                    av.reason());
            System.setProperty(ClDevice.DEVICE_KEY, "0");
            assertTrue(new ClBackendProvider().availability().available());
            System.setProperty(ClDevice.DEVICE_KEY, "99");
            assertFalse(new ClBackendProvider().availability().available());
            System.clearProperty(ClDevice.DEVICE_KEY);
            System.setProperty(ClDevice.PLATFORM_KEY, "no-such-platform");
            av = new ClBackendProvider().availability();
            assertFalse(av.available());
            assertTrue(av.reason().contains("no-such-platform") && av.reason().contains(cl().device().platformName().trim()),
                    av.reason());
            // a case-insensitive substring of the real device name selects it
            System.clearProperty(ClDevice.PLATFORM_KEY);
            String name = cl().device().name().trim();
            System.setProperty(ClDevice.DEVICE_KEY, name.substring(0, Math.min(4, name.length())).toUpperCase());
            assertTrue(new ClBackendProvider().availability().available());
        } finally {
            restore(ClDevice.DEVICE_KEY, oldDevice);
            restore(ClDevice.PLATFORM_KEY, oldPlatform);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }

    @Test void wrongBackendBufferIsRejected() {
        Twin a = contiguous(DType.FLOAT32, new float[4], 4);
        View mixed = a.ref();
        Twin out = output(DType.FLOAT32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cl().binary(BinaryOp.ADD, out.tested(), mixed, a.tested()));
        assertTrue(e.getMessage().contains("reference"), e.getMessage());
        releaseAll(a, out);
    }

    @Test void concurrentUseFromManyThreads() throws Exception {
        ClBackend cl = cl();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                int seed = th;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    for (int it = 0; it < 20; it++) {
                        Twin a = contiguous(DType.FLOAT32, random(DType.FLOAT32, 300, rnd), 300);
                        Twin b = contiguous(DType.FLOAT32, random(DType.FLOAT32, 300, rnd), 300);
                        Twin out = output(DType.FLOAT32, 300);
                        REF.binary(BinaryOp.MUL, out.ref(), a.ref(), b.ref());
                        cl.binary(BinaryOp.MUL, out.tested(), a.tested(), b.tested());
                        assertSame("concurrent mul", out, 1e-6, 1e-6);
                        releaseAll(a, b, out);
                    }
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
    }
}
