package io.github.tensorforge.cuda;

import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BackendProvider;

/**
 * ServiceLoader entry of the CUDA backend ("cuda", priority 300). {@link #availability()} never throws: without an
 * NVIDIA driver it reports that libcuda.so.1 was not found; it also names cuInit errors, a missing device, a driver
 * too old for the bundled kernels (when NVRTC cannot stand in) and a configured device index that does not exist.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }

    @Override public int priority() { return 300; }

    @Override public Availability availability() {
        try {
            CudaProbe.Result r = CudaProbe.result();
            return r.available() ? Availability.yes("cuda: " + r.describe()) : Availability.no(r.reason());
        } catch (Throwable t) {   // the probe catches everything itself; this is the last line of defence
            return Availability.no("cuda: probe failed: " + CudaProbe.describeThrowable(t));
        }
    }

    @Override public Backend create() { return new CudaBackend(); }
}
