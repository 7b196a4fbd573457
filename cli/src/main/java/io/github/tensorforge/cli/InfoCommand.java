package io.github.tensorforge.cli;

import io.github.tensorforge.core.BackendUnavailableException;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.spi.Backend;
import picocli.CommandLine.Command;

/** Version, JVM, OS, cores and the default backend. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the version, Java runtime, operating system, CPU cores and the default backend.")
final class InfoCommand extends BaseCommand {
    @Override protected boolean usesBackend() { return false; }

    @Override protected int execute() {
        var o = out();
        Runtime rt = Runtime.getRuntime();
        o.println("tensorforge " + VersionProvider.version());
        o.println("java:     " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")");
        o.println("os:       " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        o.println("cpu:      " + rt.availableProcessors() + " cores available to the JVM");
        o.println("memory:   max heap " + (rt.maxMemory() >> 20) + " MiB");
        o.println("vector:   jdk.incubator.vector " + (BackendChoice.vectorModuleLoaded() ? "loaded"
                : "NOT loaded (the cpu backend needs --add-modules=jdk.incubator.vector)"));
        try {
            Backend b = BackendChoice.apply(err());
            o.println("backend:  " + b.name() + " (default" + (GlobalOptions.backend() != null ? ", from --backend"
                    : Backends.configuredName() != null ? ", configured" : ", highest priority available") + ")");
            o.println("          " + b.description());
        } catch (BackendUnavailableException e) {
            o.println("backend:  none usable: " + e.getMessage());
            return 1;
        }
        o.println("available: " + Backends.availableNames() + " (details: tensorforge backends)");
        return 0;
    }
}
