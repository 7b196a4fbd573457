package io.github.tensorforge.cuda;

import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.BackendProvider;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

/** Runs everywhere: the provider is registered, and availability() answers with a reason instead of throwing. */
class CudaAvailabilityTest {
    @Test void providerIsRegisteredWithNameAndPriority() {
        BackendProvider found = null;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals("cuda")) found = p;
        }
        assertNotNull(found, "META-INF/services does not list the CUDA provider");
        assertInstanceOf(CudaBackendProvider.class, found);
        assertEquals(300, found.priority());
    }

    @Test void availabilityNeverThrowsAndExplainsItself() {
        CudaBackendProvider p = new CudaBackendProvider();
        Availability a = assertDoesNotThrow(p::availability);
        assertNotNull(a.reason(), "availability must say why (or what it found)");
        assertTrue(a.reason().startsWith("cuda: "), a.reason());
        System.out.println("[cuda tests] availability: " + a.available() + " - " + a.reason());
        // Asking twice gives the same answer (the probe runs once) and still does not throw.
        assertEquals(a, p.availability());
        if (!a.available()) {
            // Every reason names what is missing; on a machine without a driver it is libcuda.so.1.
            boolean noDriver = !new java.io.File("/proc/driver/nvidia/version").exists()
                    && System.getenv("LD_LIBRARY_PATH") == null;
            if (noDriver && a.reason().contains("JCuda")) {
                assertTrue(a.reason().contains("libcuda.so.1 not found"), a.reason());
            }
            assertTrue(a.reason().length() > 20, a.reason());
            CudaException e = assertThrows(CudaException.class, p::create);
            assertEquals(a.reason(), e.getMessage());
        }
    }

    @Test void noDriverReasonNamesTheLibrary() {
        UnsatisfiedLinkError err = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open "
                + "shared object file: No such file or directory");
        String reason = CudaProbe.driverLoadReason(err);
        assertTrue(reason.startsWith("cuda: libcuda.so.1 not found: no NVIDIA driver is installed"), reason);
        assertTrue(reason.contains("cannot open shared object file"), reason);
        String other = CudaProbe.driverLoadReason(new NoClassDefFoundError("jcuda/driver/JCudaDriver"));
        assertTrue(other.contains("JCuda's driver binding could not be loaded") && other.contains("NoClassDefFoundError"), other);
        String nvrtc = CudaProbe.bindingLoadReason("NVRTC (libnvrtc.so.12)", new UnsatisfiedLinkError(
                "x\n/tmp/libJNvrtc.so: libnvrtc.so.12: cannot open shared object file: No such file or directory"));
        assertTrue(nvrtc.contains("libnvrtc.so.12: cannot open shared object file"), nvrtc);
    }

    @Test void configurationIsValidated() {
        String old = System.getProperty(CudaConfig.MATH);
        try {
            System.setProperty(CudaConfig.MATH, "fp8");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CudaConfig::mathMode);
            assertTrue(e.getMessage().contains("fp32, tf32 or bf16"), e.getMessage());
            System.setProperty(CudaConfig.MATH, "TF32");
            assertEquals(CudaConfig.MathMode.TF32, CudaConfig.mathMode());
        } finally {
            if (old == null) System.clearProperty(CudaConfig.MATH);
            else System.setProperty(CudaConfig.MATH, old);
        }
    }
}
