package io.github.tensorforge.cli;

import io.github.tensorforge.core.BackendUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tensorforge} command. Exit codes: 0 success, 1 an error the user can act on (bad file, unavailable
 * backend, bad data), 2 bad command-line arguments (picocli usage error).
 *
 * <p>The CPU backend needs {@code --add-modules=jdk.incubator.vector}, which a jar manifest cannot add. The
 * {@code tensorforge} script passes it; started as plain {@code java -jar tensorforge.jar}, this class starts the JVM
 * again with the flag (same java, same JVM options) unless {@code TENSORFORGE_NO_RELAUNCH=1}; without it, commands
 * warn that the cpu backend is unavailable and why.
 */
@Command(name = "tensorforge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Train, evaluate and serve neural networks on the TensorForge tensor engine.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, EmbedCommand.class, ServeCommand.class,
                DemoCommand.class, BackendsCommand.class, BenchCommand.class, InfoCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'tensorforge COMMAND --help' for the options of a command.",
                "Backends: --backend NAME, -Dtensorforge.backend=NAME or TENSORFORGE_BACKEND=NAME; see 'tensorforge backends'."})
public final class Main implements Runnable {
    static final String RELAUNCHED = "tensorforge.cli.relaunched";

    @Mixin GlobalOptions global;
    @Spec CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (train, evaluate, "
                + "predict, embed, serve, demo, backends, bench, info)");
    }

    public static void main(String[] args) {
        configureLogging(args);
        if (!BackendChoice.vectorModuleLoaded() && System.getProperty(RELAUNCHED) == null
                && !"1".equals(System.getenv("TENSORFORGE_NO_RELAUNCH"))) {
            Integer status = relaunch(args);
            if (status != null) System.exit(status);
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) { return run(out, err, TrainHooks.NONE, args); }

    /**
     * Runs the command line with {@code hooks} in its {@code train} command (the Spark job does), and returns the exit
     * code.
     *
     * @param out   standard output
     * @param err   standard error
     * @param hooks what {@code train} reads its tables with and computes its gradients with
     * @param args  the command line
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, TrainHooks hooks, String... args) {
        GlobalOptions.reset();
        CommandLine cl = commandLine(hooks);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine() { return commandLine(TrainHooks.NONE); }

    static CommandLine commandLine(TrainHooks hooks) {
        CommandLine cl = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof TrainCommand t) t.hooks = hooks;
                return made;
            }
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // A bad argument gets one error line, suggestions for a misspelt option and where the options are, not the
        // whole usage (over 100 lines for train); --help prints that.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + message(ex));
            if (GlobalOptions.verbose()) {
                ex.printStackTrace(err);
            } else if (!isUserError(ex)) {
                err.println("(this looks like a bug; run again with --verbose for the stack trace)");
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof UserException || ex instanceof BackendUnavailableException || ex instanceof IOException
                || ex instanceof java.io.UncheckedIOException || ex instanceof IllegalArgumentException;
    }

    static String message(Throwable ex) {
        if (ex instanceof NoSuchFileException e) return "file not found: " + e.getFile();
        if (ex instanceof AccessDeniedException e) return "permission denied: " + e.getFile();
        if (ex instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more heap (JAVA_OPTS=-Xmx8g with the tensorforge script) or use a"
                    + " smaller --batch-size";
        }
        String m = ex.getMessage();
        if (isUserError(ex) && m != null && !m.isBlank()) return m;
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Quiet logging by default (warnings only); --verbose shows info messages. */
    private static void configureLogging(String[] args) {
        boolean verbose = false;
        for (String a : args) if (a.equals("-v") || a.equals("--verbose")) verbose = true;
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("java.awt.headless", "true");
    }

    /** What the JVM prints first on standard error whenever an incubating module (the Vector API) is resolved. */
    static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: " + BackendChoice.VECTOR_MODULE;

    /**
     * Copies {@code in} to {@code out} as it arrives (the progress bar redraws with carriage returns, so not line by
     * line), except a first line that is {@link #INCUBATOR_NOTICE}: users see TensorForge's own words only.
     */
    static void copyWithoutIncubatorNotice(java.io.InputStream in, java.io.OutputStream out) {
        try (in) {
            byte[] notice = (INCUBATOR_NOTICE + "\n").getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
            for (int b; first.size() < notice.length && (b = in.read()) >= 0; ) {
                first.write(b);
                if (b == '\n') break;
            }
            if (!java.util.Arrays.equals(first.toByteArray(), notice)) first.writeTo(out);
            out.flush();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the command's standard error closed: nothing more to copy
        }
    }

    /** Starts this JVM again with the Vector API module; null when that is impossible (then continue here). */
    private static Integer relaunch(String[] args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cp = System.getProperty("java.class.path");
        if (cp == null || cp.isBlank()) return null;
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules=" + BackendChoice.VECTOR_MODULE);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-D" + RELAUNCHED + "=true");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        try {
            // Standard error comes through this JVM, without the JVM's notice of the incubating module (its first line).
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO().redirectError(ProcessBuilder.Redirect.PIPE);
            // LLVM-based OpenCL drivers (PoCL) replace the JVM's signal handlers; signal chaining keeps both working.
            Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
            if (Files.isRegularFile(jsig) && !pb.environment().containsKey("LD_PRELOAD")) {
                pb.environment().put("LD_PRELOAD", jsig.toString());
            }
            Process p = pb.start();
            Thread errors = new Thread(() -> copyWithoutIncubatorNotice(p.getErrorStream(), System.err),
                    "tensorforge-relaunch-stderr");
            errors.setDaemon(true);
            errors.start();
            Thread forward = new Thread(() -> {
                if (p.isAlive()) {
                    p.toHandle().destroy();
                    try {
                        p.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "tensorforge-relaunch-forward");
            Runtime.getRuntime().addShutdownHook(forward);
            int status;
            // SIGTERM / Ctrl-C go to the command, whose exit code (0 after a clean stop) becomes this JVM's.
            // ProcessHandle.destroy signals the command without closing its standard error (Process.destroy closes it)
            try (StopSignals signals = StopSignals.install(p.toHandle()::destroy)) {
                status = p.waitFor();
            }
            errors.join(5_000); // everything the command wrote, before this JVM exits
            try {
                Runtime.getRuntime().removeShutdownHook(forward);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
            return status;
        } catch (IOException e) {
            System.err.println("warning: could not restart the JVM with --add-modules=jdk.incubator.vector ("
                    + e.getMessage() + "); continuing without it");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
