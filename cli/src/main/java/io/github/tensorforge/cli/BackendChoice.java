package io.github.tensorforge.cli;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Applies {@code --backend} (or the usual configuration) before a command computes anything, and says loudly when the
 * CPU backend cannot run: the usual cause is a JVM started without {@code --add-modules=jdk.incubator.vector}, which
 * silently demotes the default to the slow reference backend.
 */
public final class BackendChoice {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String RAW_COMMAND = "java --add-modules=jdk.incubator.vector -jar cli/target/tensorforge.jar ...";

    private BackendChoice() {}

    /** Sets the default backend and returns it; warns on {@code err} when the CPU backend was skipped. */
    public static Backend apply(PrintWriter err) {
        String name = GlobalOptions.backend();
        if (name != null && !name.isBlank()) {
            Backends.setDefault(name.trim());
        }
        Backend b = Backends.defaultBackend();
        if (!"cpu".equals(b.name()) && (name == null || name.isBlank()) && Backends.configuredName() == null) {
            Map<String, Availability> all = Backends.availability();
            Availability cpu = all.get("cpu");
            if (cpu != null && !cpu.available()) {
                err.println("warning: the cpu backend is unavailable: " + cpu.reason());
                err.println("warning: computing on '" + b.name() + "' instead. To use the cpu backend, run the"
                        + " ./tensorforge script, or " + RAW_COMMAND);
                err.flush();
            }
        }
        return b;
    }

    /** Whether this JVM has the Vector API module the CPU backend needs. */
    public static boolean vectorModuleLoaded() { return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(); }
}
