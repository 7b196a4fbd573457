package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.BackendProvider;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.MemoryStats;
import io.github.tensorforge.spi.View;
import io.github.tensorforge.spi.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Provider registration, configuration, the thread pool, memory accounting and the array cache. */
class CpuBackendTest {

    @Test void providerIsRegisteredAndAvailable() {
        BackendProvider cpu = null;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) if (p.name().equals("cpu")) cpu = p;
        assertNotNull(cpu, "cpu provider not found by ServiceLoader");
        assertEquals(100, cpu.priority());
        Availability a = cpu.availability();
        assertTrue(a.available(), a.reason());  // tests run with --add-modules=jdk.incubator.vector
        assertTrue(a.reason().contains("threads"), a.reason());
    }

    @Test void withoutTheVectorModuleItIsUnavailableAndSaysWhatToDo() throws Exception {
        String launcher = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(launcher, "-cp", System.getProperty("java.class.path"),
                AvailabilityProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("--add-modules=jdk.incubator.vector"), out);
        assertTrue(out.contains("create=refused"), out);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"512, tile=14x32 tile64=14x16", "256, tile=6x16 tile64=6x8"})
    void gemmTileOfEachVectorWidthIsCorrect(int bits, String tiles) throws Exception {
        // Both tiles on every machine: the one the CPU lacks runs through the Vector API's Java fallback.
        String launcher = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(launcher, "--add-modules=jdk.incubator.vector", "-Dtensorforge.cpu.gemm.bits=" + bits,
                "-cp", System.getProperty("java.class.path"), GemmProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains(tiles), out);
        assertTrue(out.contains("OK"), out);
    }

    @Test void invalidThreadSettingMakesItUnavailableWithAReason() {
        String old = System.getProperty(CpuThreadPool.THREADS_PROPERTY);
        try {
            System.setProperty(CpuThreadPool.THREADS_PROPERTY, "zero");
            Availability a = new CpuBackendProvider().availability();
            assertFalse(a.available());
            assertTrue(a.reason().contains("tensorforge.cpu.threads"), a.reason());
            assertThrows(IllegalStateException.class, () -> new CpuBackendProvider().create());
            System.setProperty(CpuThreadPool.THREADS_PROPERTY, "0");
            assertFalse(new CpuBackendProvider().availability().available());
        } finally {
            if (old == null) System.clearProperty(CpuThreadPool.THREADS_PROPERTY);
            else System.setProperty(CpuThreadPool.THREADS_PROPERTY, old);
        }
    }

    @Test void threadCountComesFromTheProperty() {
        String old = System.getProperty(CpuThreadPool.THREADS_PROPERTY);
        try {
            System.setProperty(CpuThreadPool.THREADS_PROPERTY, "3");
            assertEquals(3, CpuThreadPool.configuredThreads());
            CpuBackend b = new CpuBackend();
            assertEquals(3, b.threads());
            assertTrue(b.description().contains("3 threads"), b.description());
            b.shutdown();
            System.clearProperty(CpuThreadPool.THREADS_PROPERTY);
            if (System.getenv(CpuThreadPool.THREADS_ENV) == null) {
                assertEquals(Runtime.getRuntime().availableProcessors(), CpuThreadPool.configuredThreads());
            }
        } finally {
            if (old == null) System.clearProperty(CpuThreadPool.THREADS_PROPERTY);
            else System.setProperty(CpuThreadPool.THREADS_PROPERTY, old);
        }
    }

    @Test void poolRunsEveryChunkOnDaemonThreadsAndPropagatesErrors() {
        CpuThreadPool pool = new CpuThreadPool(3);
        try {
            for (int rep = 0; rep < 200; rep++) {
                int chunks = 1 + rep % 17;
                AtomicInteger[] hits = new AtomicInteger[chunks];
                for (int i = 0; i < chunks; i++) hits[i] = new AtomicInteger();
                pool.run(chunks, c -> hits[c].incrementAndGet());
                for (int i = 0; i < chunks; i++) assertEquals(1, hits[i].get(), "chunk " + i + " of " + chunks);
            }
            List<String> names = new ArrayList<>();
            pool.run(64, c -> {
                synchronized (names) {
                    Thread t = Thread.currentThread();
                    if (t.getName().startsWith("tensorforge-cpu")) {
                        assertTrue(t.isDaemon());
                        names.add(t.getName());
                    }
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertFalse(names.isEmpty(), "no chunk ran on a worker thread");
            RuntimeException e = assertThrows(IllegalStateException.class,
                    () -> pool.run(8, c -> { if (c == 5) throw new IllegalStateException("boom " + c); }));
            assertEquals("boom 5", e.getMessage());
            // Nested use from inside a job runs inline instead of deadlocking.
            AtomicInteger nested = new AtomicInteger();
            pool.run(4, c -> pool.run(3, d -> nested.incrementAndGet()));
            assertEquals(12, nested.get());
            // parallelFor covers the range exactly once.
            long[] sum = new long[1];
            pool.parallelFor(1_000_001, 10, 10, (s, e2) -> {
                long local = 0;
                for (long i = s; i < e2; i++) local += i;
                synchronized (sum) {
                    sum[0] += local;
                }
            });
            assertEquals(1_000_000L * 1_000_001L / 2, sum[0]);
        } finally {
            pool.shutdown();
        }
    }

    @Test void memoryIsCountedAndArraysAreReused() {
        CpuBackend b = new CpuBackend(1, 1L << 20);
        try {
            MemoryStats s0 = b.memoryStats();
            assertEquals(0, s0.liveBuffers());
            Buffer x = b.allocate(DType.FLOAT32, 10_000);
            Buffer small = b.allocate(DType.INT64, 10);
            assertEquals(2, b.memoryStats().liveBuffers());
            assertEquals(40_000 + 80, b.memoryStats().liveBytes());
            x.release();
            small.release();
            x.release();  // idempotent
            MemoryStats s1 = b.memoryStats();
            assertEquals(0, s1.liveBuffers());
            assertEquals(0, s1.liveBytes());
            assertEquals(40_000, s1.cachedBytes(), "released float array should be cached");
            Buffer y = b.allocate(DType.FLOAT32, 10_000);
            assertEquals(1, b.reusedAllocations());
            assertEquals(0, b.memoryStats().cachedBytes());
            assertEquals(40_000, b.memoryStats().liveBytes());
            // A reused array works like a fresh one.
            b.fill(View.contiguous(y, 10_000), 2.5);
            float[] host = (float[]) b.download(y);
            assertEquals(2.5f, host[9_999]);
            y.release();
            // Many steps of allocate/release keep the cache bounded and nothing live.
            for (int step = 0; step < 1000; step++) {
                Buffer a = b.allocate(DType.FLOAT64, 8192), c = b.allocate(DType.FLOAT32, 5000);
                b.unary(UnaryOp.NEG, View.contiguous(a, 8192), View.contiguous(a, 8192));
                a.release();
                c.release();
            }
            MemoryStats s2 = b.memoryStats();
            assertEquals(0, s2.liveBuffers());
            assertTrue(s2.cachedBytes() <= 1L << 20, s2.toString());
            assertTrue(b.reusedAllocations() > 1900, "reused " + b.reusedAllocations());
            assertThrows(IllegalStateException.class, () -> b.download(x), "use after release must fail");
        } finally {
            b.shutdown();
        }
    }

    @Test void uploadChecksTypeAndLength() {
        CpuBackend b = CpuTestSupport.CPU;
        Buffer x = b.allocate(DType.FLOAT32, 4);
        assertThrows(IllegalArgumentException.class, () -> b.upload(x, new double[4]));
        assertThrows(IllegalArgumentException.class, () -> b.upload(x, new float[3]));
        b.upload(x, new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {1, 2, 3, 4}, (float[]) b.download(x));
        x.release();
    }

    @Test void concurrentCallersGetCorrectResults() throws Exception {
        CpuBackend b = CpuTestSupport.CPU;
        int n = 100_000;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            float v = t + 1;
            Thread th = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 20; rep++) {
                        Buffer x = b.allocate(DType.FLOAT32, n), y = b.allocate(DType.FLOAT32, n);
                        b.fill(View.contiguous(x, n), v);
                        b.unary(UnaryOp.NEG, View.contiguous(y, n), View.contiguous(x, n));
                        float[] h = (float[]) b.download(y);
                        for (int i = 0; i < n; i += 997) if (h[i] != -v) throw new AssertionError("got " + h[i] + " want " + -v);
                        x.release();
                        y.release();
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
