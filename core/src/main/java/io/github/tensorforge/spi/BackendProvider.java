package io.github.tensorforge.spi;

/**
 * Entry point of a backend, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.github.tensorforge.spi.BackendProvider}. Providers must be cheap to construct and must not
 * throw from {@link #availability()}: probing for drivers and devices happens there and failures become the reason.
 */
public interface BackendProvider {
    /** Short lower-case name used in configuration: "reference", "cpu", "opencl", "cuda". */
    String name();

    /**
     * Higher wins when no backend is configured. The reference backend has the lowest priority. May probe devices (the
     * OpenCL provider ranks a GPU device above the CPU backend and a CPU driver below it) and must not throw; core asks
     * only when it ranks providers, never to look one up by name.
     */
    int priority();

    /** Whether {@link #create()} can succeed here, with the reason when it cannot. */
    Availability availability();

    /** Creates the backend. Called at most once per process by core, which caches the instance. */
    Backend create();
}
