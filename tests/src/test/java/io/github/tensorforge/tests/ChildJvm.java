package io.github.tensorforge.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this module in a child JVM: the JVM running the tests, its class path, the Vector API module,
 * and the JVM's signal-chaining library preloaded where it has one (as the parent's surefire fork does, for PoCL).
 * For what is process-wide state (the default backend) or may end the process (a JIT crash).
 */
final class ChildJvm {
    private ChildJvm() {}

    /** What the child printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {}

    /**
     * Runs {@code main} with {@code jvmOptions} and {@code args}; {@code env} entries are set (a null value removes the
     * variable). Fails the calling test when the child does not finish within {@code timeout}.
     */
    static Result run(Duration timeout, Map<String, String> env, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(jvmOptions);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path jsig = Path.of(javaHome, "lib", "libjsig.so");
        if (Files.isRegularFile(jsig)) pb.environment().put("LD_PRELOAD", jsig.toString());
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not finish within " + timeout + ":\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
