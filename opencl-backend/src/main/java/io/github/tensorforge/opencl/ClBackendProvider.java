package io.github.tensorforge.opencl;

import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BackendProvider;

/**
 * ServiceLoader entry of the OpenCL backend ("opencl"). Priority 200 when the chosen device is a GPU, 20 otherwise, so
 * an OpenCL CPU driver such as PoCL never outranks the native CPU backend unless configured. Probing (loading
 * libOpenCL, listing platforms and devices) happens once, lazily, and never throws.
 */
public final class ClBackendProvider implements BackendProvider {
    private volatile ClDevice.Selection selection;

    private ClDevice.Selection selection() {
        ClDevice.Selection s = selection;
        if (s == null) {
            synchronized (this) {
                s = selection;
                if (s == null) selection = s = ClDevice.select();
            }
        }
        return s;
    }

    @Override public String name() { return "opencl"; }

    @Override public int priority() {
        ClDevice.Selection s = selection();
        return s.found() && s.device().isGpu() ? 200 : 20;
    }

    @Override public Availability availability() {
        try {
            ClDevice.Selection s = selection();
            return s.found() ? Availability.yes(s.device().describe()) : Availability.no(s.reason());
        } catch (Throwable t) {
            return Availability.no("OpenCL probing failed: " + t);
        }
    }

    @Override public Backend create() {
        ClDevice.Selection s = selection();
        if (!s.found()) throw new IllegalStateException("opencl backend is not available: " + s.reason());
        return new ClBackend(s.device());
    }
}
