package io.github.tensorforge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Runs the JMH benchmark suite's jar (quick mode by default). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH benchmarks (benchmarks/target/benchmarks.jar), quick mode by default.",
                "Build that jar first with: mvn -q -B -ntp -DskipTests package -pl benchmarks -am"})
final class BenchCommand extends BaseCommand {
    static final String BUILD = "mvn -q -B -ntp -DskipTests package -pl benchmarks -am";

    @Option(names = "--jar", paramLabel = "FILE", description = "The benchmarks jar (default: benchmarks/target/"
            + "benchmarks.jar in the current directory or next to this jar's project).")
    Path jar;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "Arguments for the benchmarks jar "
            + "(default: quick). For example: quick --backends cpu --out bench-results")
    List<String> args = new ArrayList<>();

    @Override protected boolean usesBackend() { return false; }

    @Override protected int execute() throws IOException, InterruptedException {
        Path found = locate();
        if (found == null) {
            err().println("error: the benchmarks jar was not found (looked in " + candidates() + ").");
            err().println("Build it from the repository root with: " + BUILD);
            err().println("then run: tensorforge bench   (or java -jar benchmarks/target/benchmarks.jar quick)");
            return 1;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--add-modules=" + BackendChoice.VECTOR_MODULE);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xm") || a.startsWith("-XX:")) cmd.add(a);
        }
        if (GlobalOptions.backend() != null) cmd.add("-Dtensorforge.backend=" + GlobalOptions.backend());
        cmd.add("-jar");
        cmd.add(found.toString());
        if (args.isEmpty()) cmd.add("quick");
        else cmd.addAll(args);
        out().println("running: " + String.join(" ", cmd));
        out().flush();
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    private Path locate() {
        if (jar != null) {
            if (!Files.isRegularFile(jar)) throw new UserException("benchmarks jar not found: " + jar);
            return jar;
        }
        for (Path p : candidates()) if (Files.isRegularFile(p)) return p;
        return null;
    }

    private static Set<Path> candidates() {
        Set<Path> out = new LinkedHashSet<>();
        out.add(Path.of("benchmarks", "target", "benchmarks.jar").toAbsolutePath().normalize());
        try {
            Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // cli/target/tensorforge.jar (or cli/target/classes) -> repository root
            Path root = self.getParent() == null ? null : self.getParent().getParent();
            if (root != null && root.getParent() != null) {
                out.add(root.getParent().resolve("benchmarks").resolve("target").resolve("benchmarks.jar").normalize());
            }
        } catch (Exception ignored) {
            // no code source: only the working directory
        }
        return out;
    }
}
