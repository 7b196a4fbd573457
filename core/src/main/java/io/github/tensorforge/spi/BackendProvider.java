package io.github.tensorforge.spi;

/**
 * Entry point of a backend, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.github.tensorforge.spi.BackendProvider}. Providers must be cheap to construct and must
 * not throw from {@link #availability()}: probing for drivers and devices happens there and failures become the
 * reason. Core calls every method from any thread.
 */
public interface BackendProvider {
    /**
     * Short lower-case name used in configuration: "reference", "cpu", "opencl", "cuda". Core matches it exactly
     * against the configured name (trimmed and lower-cased).
     *
     * @return the provider's name, unique among the providers on the class path
     */
    String name();

    /**
     * Higher wins when no backend is configured. The reference backend has the lowest priority. May probe devices (the
     * OpenCL provider ranks a GPU device above the CPU backend and a CPU driver below it) and must not throw; core asks
     * only when it ranks providers, never to look one up by name.
     *
     * @return the rank of this provider; higher is preferred
     */
    int priority();

    /**
     * Whether {@link #create()} can succeed here, with the reason when it cannot. Must not throw; core still turns an
     * exception or linkage error thrown here into an unavailable result.
     *
     * @return the availability, with a reason a user can act on when unavailable
     */
    Availability availability();

    /**
     * Creates the backend. Called at most once per process by core, which caches the instance, and only after
     * {@link #availability()} said it is available. A {@link RuntimeException} or {@link LinkageError} thrown here
     * reaches the user as a {@code BackendUnavailableException} naming this provider.
     *
     * @return the new backend, ready to allocate and run kernels
     */
    Backend create();
}
