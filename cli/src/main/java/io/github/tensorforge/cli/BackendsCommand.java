package io.github.tensorforge.cli;

import io.github.tensorforge.core.BackendUnavailableException;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import picocli.CommandLine.Command;

import java.util.Map;

/** Lists every backend provider, available or not, and why. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List every backend on the class path with its priority and whether it can run here (and why not).")
final class BackendsCommand extends BaseCommand {
    @Override protected boolean usesBackend() { return false; }

    @Override protected int execute() {
        out().print(Backends.report());
        Map<String, Availability> all = Backends.availability();
        try {
            String requested = GlobalOptions.backend();
            if (requested != null) Backends.setDefault(requested.trim());
            Backend b = Backends.defaultBackend();
            out().println("default: " + b.name() + " (" + b.description() + ")");
        } catch (BackendUnavailableException e) {
            out().println("default: none: " + e.getMessage());
        }
        Availability cpu = all.get("cpu");
        if (cpu != null && !cpu.available() && !BackendChoice.vectorModuleLoaded()) {
            out().println("hint: the cpu backend needs the Vector API module; use the ./tensorforge script or run "
                    + BackendChoice.RAW_COMMAND);
        }
        out().println("choose one with --backend NAME, -D" + Backends.PROPERTY + "=NAME or " + Backends.ENV + "=NAME");
        return 0;
    }
}
