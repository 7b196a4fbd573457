package io.github.tensorforge.cli;

import picocli.CommandLine.Option;

/**
 * Options every command accepts (mixed into each one, so they may be given before or after the subcommand name). The
 * values are process-wide: one command runs per process.
 */
public final class GlobalOptions {
    static volatile String backend;
    static volatile boolean verbose;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to compute on (cpu, cuda, opencl, reference). Default: the tensorforge.backend "
                    + "property / TENSORFORGE_BACKEND, else the highest-priority available one. See 'backends'.")
    void setBackend(String name) { backend = name; }

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors and log more.")
    void setVerbose(boolean v) { verbose = v; }

    public static String backend() { return backend; }

    public static boolean verbose() { return verbose; }

    /** Resets the values (tests run several commands in one JVM). */
    static void reset() {
        backend = null;
        verbose = false;
    }
}
