package io.github.tensorforge.core;

import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BackendsTest {
    @Test void referenceIsFoundByServiceLoader() {
        assertTrue(Backends.availableNames().contains("reference"));
        assertEquals("reference", Backends.get("reference").name());
        assertSame(Backends.get("reference"), Backends.get("REFERENCE"), "one instance per process");
        assertTrue(Backends.report().contains("reference"), Backends.report());
    }

    @Test void isAvailableMatchesNamesAsGetDoes() {
        assertSame(Backends.get(" Reference "), Backends.get("reference"));
        assertTrue(Backends.isAvailable(" Reference "));
        assertFalse(Backends.isAvailable("tpu"));
    }

    @Test void unknownBackendListsProviders() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.get("tpu"));
        assertTrue(e.getMessage().startsWith("backend 'tpu' is unknown. Providers: reference (available)"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dtensorforge.backend=NAME"), e.getMessage());
    }

    @Test void configuredBackendWinsAndUnknownFailsLoud() throws Exception {
        assertEquals("reference", runChild(null).trim());
        assertEquals("reference", runChild("reference").trim());
        String out = runChild("nosuch");
        assertTrue(out.contains("backend 'nosuch' is unknown"), out);
    }

    /** Runs Backends.defaultBackend() in a fresh JVM with -Dtensorforge.backend set; returns its output. */
    private static String runChild(String backend) throws Exception {
        String java = System.getProperty("java.home") + "/bin/java";
        var cmd = new java.util.ArrayList<String>();
        cmd.add(java);
        if (backend != null) cmd.add("-Dtensorforge.backend=" + backend);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PrintDefault.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    public static final class PrintDefault {
        public static void main(String[] args) {
            try {
                System.out.println(Backends.defaultBackend().name());
            } catch (BackendUnavailableException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    @Test void useBlocksChooseTheBackendPerThread() {
        Backend other = new ReferenceBackend();
        try (var use = Backends.use(other)) {
            assertSame(other, Tensor.zeros(1).backend());
        }
        assertNotSame(other, Tensor.zeros(1).backend());
        assertSame(other, Tensor.on(other).ones(2).backend());
    }

    @Test void mixingBackendsIsAnErrorAndToMoves() {
        Backend other = new ReferenceBackend();
        Tensor a = Tensor.ones(2);
        Tensor b = Tensor.on(other).ones(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().startsWith("add: operands live on different backends"), e.getMessage());
        assertTrue(e.getMessage().contains("to(backend)"), e.getMessage());
        Tensor moved = b.to(a.backend());
        assertEquals(4.0, a.add(moved).sum().item());
        // gradients flow back across the move
        Tensor x = Tensor.on(other).of(new double[] {1, 2}).requiresGrad();
        x.to(a.backend()).mul(3).sum().backward();
        assertSame(other, x.grad().backend());
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
    }
}
