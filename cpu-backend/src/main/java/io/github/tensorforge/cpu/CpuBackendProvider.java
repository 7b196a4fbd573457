package io.github.tensorforge.cpu;

import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BackendProvider;

/**
 * ServiceLoader entry of the CPU backend. Cheap to construct, and it touches no Vector API class until the module is
 * known to be present, so {@link #availability()} works (and says what to do) on a JVM started without it.
 */
public final class CpuBackendProvider implements BackendProvider {
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Override public String name() { return "cpu"; }

    @Override public int priority() { return 100; }

    @Override public Availability availability() {
        try {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                return Availability.no("cpu: the Java Vector API module " + VECTOR_MODULE + " is not loaded; start the"
                        + " JVM with --add-modules=jdk.incubator.vector (e.g. in JAVA_TOOL_OPTIONS or the launcher's"
                        + " JVM options)");
            }
            int threads = CpuThreadPool.configuredThreads();
            CpuBufferPool.configuredCapacity();
            return Availability.yes("cpu: Java Vector API, " + CpuBackend.vectorBits() + "-bit vectors, " + threads
                    + " threads");
        } catch (Throwable t) {
            return Availability.no("cpu: " + t.getMessage());
        }
    }

    @Override public Backend create() {
        Availability a = availability();
        if (!a.available()) throw new IllegalStateException(a.reason());
        return new CpuBackend();
    }
}
