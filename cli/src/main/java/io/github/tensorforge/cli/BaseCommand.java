package io.github.tensorforge.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Base of the subcommands: the global options, output streams, and the backend applied before running. */
abstract class BaseCommand implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Spec CommandSpec spec;

    protected PrintWriter out() { return spec.commandLine().getOut(); }

    protected PrintWriter err() { return spec.commandLine().getErr(); }

    /** Whether the command computes (then the backend is chosen, and a missing cpu backend is reported, first). */
    protected boolean usesBackend() { return true; }

    @Override public final Integer call() throws Exception {
        if (usesBackend()) BackendChoice.apply(err());
        int status;
        try {
            status = execute();
        } catch (OutOfMemoryError e) {
            // picocli's handler sees exceptions only; by now the stack that held the memory is gone.
            throw new UserException(Main.message(e), e);
        }
        out().flush();
        err().flush();
        return status;
    }

    protected abstract int execute() throws Exception;
}
