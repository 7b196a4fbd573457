package io.github.tensorforge.bench;

import io.github.tensorforge.bench.report.Environment;
import io.github.tensorforge.bench.report.ReportGenerator;
import io.github.tensorforge.core.Backends;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launcher of the executable jar: runs the JMH benchmarks of a quick or full plan ({@link RunPlan}) on the available
 * backends, writes every result to {@code DIR/jmh.json} and the machine description to {@code DIR/environment.json},
 * then renders the report ({@link ReportGenerator}). See {@link LaunchArgs#USAGE}.
 *
 * <p>The CPU backend needs the incubating Vector API module, which a jar manifest cannot add; when this JVM lacks it,
 * the launcher starts itself again with {@code --add-modules=jdk.incubator.vector} (same java, same JVM flags).
 *
 * <p>On Linux the relaunched JVM also gets {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} (HotSpot's signal chaining),
 * inherited by every JMH fork. Reason: the OpenCL backend's provider loads JOCL and, with PoCL, libLLVM, which installs
 * its own SIGSEGV/SIGBUS handlers over the JVM's as soon as ServiceLoader instantiates the provider; the JVM uses
 * SIGSEGV for safepoint polls and null checks, so forks then die at random with exit code 139 and no hs_err file
 * (seen in MatmulBench, ElementwiseBench, ReductionBench and TrainingStepBench forks; {@code -Xcheck:jni} prints
 * "SIGSEGV handler modified ... in libLLVM-15.so.1"). With libjsig the JVM keeps its handlers and chains LLVM's.
 */
public final class BenchMain {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String RELAUNCHED = "tensorforge.bench.relaunched";

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        LaunchArgs parsed;
        try {
            parsed = LaunchArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (parsed.mode() != LaunchArgs.Mode.REPORT && System.getProperty(RELAUNCHED) == null
                && (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty() || signalChainingMissing())) {
            System.exit(relaunch(args));
            return;
        }
        System.setProperty("java.awt.headless", "true");
        int status = parsed.mode() == LaunchArgs.Mode.REPORT ? report(parsed) : run(parsed);
        System.exit(status);
    }

    /** HotSpot's signal-chaining library of this JVM, when the platform has one. */
    static Path libjsig() {
        Path p = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux") && Files.isRegularFile(p)
                ? p : null;
    }

    static boolean signalChainingMissing() {
        String preload = System.getenv("LD_PRELOAD");
        return libjsig() != null && (preload == null || !preload.contains("libjsig"));
    }

    private static int relaunch(String[] args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules=" + VECTOR_MODULE);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-D" + RELAUNCHED + "=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchMain.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        Path jsig = libjsig();
        if (jsig != null) {
            String preload = System.getenv("LD_PRELOAD");
            pb.environment().put("LD_PRELOAD", preload == null || preload.isBlank() ? jsig.toString() : jsig + ":" + preload);
        }
        return pb.start().waitFor();
    }

    static int report(LaunchArgs a) throws IOException {
        List<Path> files = new ArrayList<>(a.inputs());
        files.addAll(a.merge());
        Path env = a.out().resolve("environment.json");
        Path html = new ReportGenerator(a.peakGflops()).generate(files, Files.exists(env) ? env : null, a.out());
        System.out.println("report: " + html.toAbsolutePath());
        return 0;
    }

    static int run(LaunchArgs a) throws IOException, RunnerException {
        Files.createDirectories(a.out());
        List<String> available = Backends.availableNames();
        List<String> backends = new ArrayList<>();
        if (a.backends() == null) {
            backends.addAll(available);
        } else {
            for (String b : a.backends()) {
                if (available.contains(b)) backends.add(b);
                else System.err.println("benchmarks: skipping backend '" + b + "': " + reason(b));
            }
        }
        System.out.println(Backends.report());
        System.out.println("benchmarking backends: " + backends);
        int lanes = vectorLanes();
        RunPlan plan;
        try {
            plan = RunPlan.of(a, backends, lanes, a.peakGflops() == null);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            return 2;
        }

        Environment env = Environment.collect(a.mode().name().toLowerCase(java.util.Locale.ROOT), backends);
        env.write(a.out().resolve("environment.json"));

        List<RunResult> all = new ArrayList<>();
        for (RunPlan.Job job : plan.jobs()) {
            RunPlan.Timing t = job.timing();
            System.out.println("\n=== " + job.label() + ": " + job.benchmarks() + " " + job.params());
            ChainedOptionsBuilder ob = new OptionsBuilder()
                    .include(RunPlan.includePattern(job))
                    .forks(t.forks())
                    .warmupIterations(t.warmupIterations())
                    .warmupTime(TimeValue.milliseconds(t.warmupMillis()))
                    .measurementIterations(t.measureIterations())
                    .measurementTime(TimeValue.milliseconds(t.measureMillis()))
                    .shouldFailOnError(false);
            for (Map.Entry<String, List<String>> p : job.params().entrySet()) {
                ob.param(p.getKey(), p.getValue().toArray(new String[0]));
            }
            all.addAll(new Runner(ob.build()).run());
            writeJson(all, a.out().resolve("jmh.json")); // keep partial results if a later job dies
        }
        Path json = a.out().resolve("jmh.json");
        writeJson(all, json);
        System.out.println("\nJMH results: " + json.toAbsolutePath() + " (" + all.size() + " benchmarks)");
        List<Path> files = new ArrayList<>();
        files.add(json);
        files.addAll(a.merge());
        Path html = new ReportGenerator(a.peakGflops()).generate(files, a.out().resolve("environment.json"), a.out());
        System.out.println("report: " + html.toAbsolutePath());
        return 0;
    }

    private static String reason(String backend) {
        var av = Backends.availability().get(backend);
        return av == null ? "no such backend on the class path (known: " + Backends.availability().keySet() + ")"
                : "not available: " + av.reason();
    }

    static void writeJson(List<RunResult> results, Path file) throws IOException {
        try (PrintStream ps = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
    }

    /** Lanes of the preferred float vector species (0 when the Vector API module is absent). */
    static int vectorLanes() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) return 0;
        return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    }
}
