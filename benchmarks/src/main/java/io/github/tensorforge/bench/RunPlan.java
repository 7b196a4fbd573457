package io.github.tensorforge.bench;

import org.openjdk.jmh.annotations.Param;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a quick or full run measures: a list of JMH jobs, each a set of benchmark methods with parameter values. Jobs
 * exist because parameter values differ per backend (the scalar reference backend would take minutes per 2048^3
 * product, so it gets the small sizes) and per mode.
 */
public final class RunPlan {
    static final String PKG = "io.github.tensorforge.bench.";

    /**
     * One JMH invocation: full benchmark method names, the -p values passed with them, and its timing (the mode's,
     * or longer where the mode's is too short to warm the JIT).
     */
    public record Job(String label, List<String> benchmarks, Map<String, List<String>> params, Timing timing) {
        public Job {
            benchmarks = List.copyOf(benchmarks);
            params = Map.copyOf(params);
        }
    }

    /** Timing settings of a mode. */
    public record Timing(int forks, int warmupIterations, int warmupMillis, int measureIterations, int measureMillis) {}

    private final List<Job> jobs;
    private final Timing timing;

    private RunPlan(List<Job> jobs, Timing timing) {
        this.jobs = List.copyOf(jobs);
        this.timing = timing;
    }

    public List<Job> jobs() { return jobs; }

    public Timing timing() { return timing; }

    /**
     * The plan for {@code args}' mode over {@code backends} (already restricted to available ones), filtered by
     * --include. {@code lanes} is the preferred float vector length of this JVM (for the peak benchmark);
     * {@code measurePeak} is false when --peak was given.
     */
    public static RunPlan of(LaunchArgs args, List<String> backends, int lanes, boolean measurePeak) {
        boolean quick = args.mode() == LaunchArgs.Mode.QUICK;
        Timing timing = quick ? new Timing(1, 2, 500, 3, 500) : new Timing(2, 5, 1000, 8, 1000);
        // A training step compiles dozens of kernels for as many shapes: quick mode's second of warm-up measured the
        // MLP step at 35 steps/s where it runs at 88 once compiled. These jobs get 8 s of warm-up in either mode, and
        // iterations of 5 s: a Transformer block step takes about half a second, so a 1 s iteration held only two.
        Timing steps = quick ? new Timing(1, 4, 2000, 3, 5000) : new Timing(2, 4, 2000, 8, 5000);
        // GEMM: a product of 128x256 by 256x512 runs about 1500 times a second, so the code around the kernel
        // (Ops.matmul, CpuMatmul.matmul, CpuGemm.gemm) reaches C2's invocation thresholds late: on 2 cores, whose C2
        // threads share them with the benchmark, it was compiled 6.5-8.3 s into the fork, and full mode's 5 s of
        // warm-up left the first measurement iterations 10-15% slow. Full mode gives these jobs 10 s.
        Timing gemm = quick ? timing : new Timing(2, 10, 1000, 8, 1000);
        List<String> fast = new ArrayList<>(backends);
        fast.remove("reference");
        boolean reference = backends.contains("reference");
        List<String> squares = quick ? List.of("128", "256", "512", "1024") : List.of("128", "256", "512", "1024", "2048");
        List<String> refSquares = quick ? List.of("128", "256") : List.of("128", "256", "512");
        List<String> shapes = List.of("128x784x512", "128x512x784:nt", "784x128x512:tn",
                "128x512x256", "128x256x512:nt", "512x128x256:tn");
        List<String> eltOps = List.of("add", "mul", "relu", "sigmoid", "tanh", "exp", "gelu");

        List<Job> jobs = new ArrayList<>();
        if (measurePeak) jobs.add(job("peak", List.of("PeakBench.fma"), "lanes", List.of(Integer.toString(lanes))));
        // Matmul: tensor backends, then the Java peers at the same sizes.
        if (!fast.isEmpty()) jobs.add(job("matmul square", gemm, List.of("MatmulBench.square"), "backend", fast, "n", squares));
        if (reference) jobs.add(job("matmul square (reference)", gemm, List.of("MatmulBench.square"), "backend", List.of("reference"), "n", refSquares));
        jobs.add(job("matmul square (EJML, ojalgo)", gemm, List.of("MatmulBench.square_ejml", "MatmulBench.square_ojalgo"), "n", squares));
        if (!backends.isEmpty()) jobs.add(job("matmul training shapes", gemm, List.of("MatmulBench.shape"), "backend", backends, "shape", shapes));
        jobs.add(job("matmul training shapes (EJML, ojalgo)", gemm, List.of("MatmulBench.shape_ejml", "MatmulBench.shape_ojalgo"), "shape", shapes));
        if (!backends.isEmpty()) {
            jobs.add(job("element-wise", List.of("ElementwiseBench.api", "ElementwiseBench.prealloc"), "backend", backends, "op", eltOps));
            jobs.add(job("reductions", List.of("ReductionBench.reduce"), "backend", backends));
            jobs.add(job("softmax / layer norm", List.of("SoftmaxNormBench.rowwise"), "backend", backends));
            jobs.add(job("indexing", List.of("IndexingBench.lookup", "IndexingBench.scatterAdd"), "backend", backends));
            jobs.add(job("training step: MLP", steps, List.of("TrainingStepBench.mlp"), "backend", backends));
        }
        // One transformer step takes tens of seconds on the scalar reference backend: fast backends only.
        if (!fast.isEmpty()) jobs.add(job("training step: transformer block", steps, List.of("TrainingStepBench.transformer"), "backend", fast));
        if (backends.contains("cpu")) jobs.add(job("CPU thread scaling", gemm, List.of("ThreadScalingBench.sgemm"), "cpuThreads", List.of("1", "2")));
        // The CNN's convolution blocks; seconds per call on the reference backend, so fast backends only.
        if (!fast.isEmpty()) jobs.add(job("convolution blocks", steps, List.of("ConvBench.block"), "backend", fast));

        List<Job> selected = new ArrayList<>();
        Set<String> wanted = args.params().keySet();
        for (Job j : jobs) {
            Timing t = j.timing() == null ? timing : j.timing();
            // The peak job stays whatever --include selects (the report's % of peak column needs it), but not when
            // --param picks cases: a paired run of one case at a time should not measure the peak every time.
            boolean peak = j.label().equals("peak");
            if (peak && !wanted.isEmpty()) continue;
            List<String> names = peak ? j.benchmarks() : j.benchmarks().stream()
                    .filter(b -> args.includes(b) && (wanted.isEmpty() || parameters(b).containsAll(wanted))).toList();
            if (names.isEmpty()) continue;
            Map<String, List<String>> params = new LinkedHashMap<>(j.params());
            params.putAll(args.params());
            selected.add(new Job(j.label(), names, params, t));
        }
        if (!wanted.isEmpty() && selected.isEmpty()) {
            Set<String> known = new TreeSet<>();
            for (Job j : jobs) {
                for (String b : j.benchmarks()) if (args.includes(b)) known.addAll(parameters(b));
            }
            known.remove("backend");
            throw new IllegalArgumentException("--param " + wanted + ": no benchmark selected"
                    + (args.include() == null ? "" : " by --include " + args.include()) + " takes "
                    + (wanted.size() == 1 ? "this parameter" : "all of these parameters")
                    + " (the selected ones take " + known + ")");
        }
        return new RunPlan(selected, timing);
    }

    /**
     * The JMH parameters of a benchmark method (full name): the {@code @Param} fields of the state objects it takes.
     * --param applies to exactly the benchmarks that have every parameter it names.
     */
    static Set<String> parameters(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        Set<String> names = new TreeSet<>();
        try {
            Class<?> c = Class.forName(benchmark.substring(0, dot), false, RunPlan.class.getClassLoader());
            for (Method m : c.getMethods()) {
                if (!m.getName().equals(benchmark.substring(dot + 1))) continue;
                for (Class<?> state : m.getParameterTypes()) {
                    for (Field f : state.getFields()) if (f.isAnnotationPresent(Param.class)) names.add(f.getName());
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("benchmark class of " + benchmark + " is missing from the jar", e);
        }
        return names;
    }

    private static Job job(String label, List<String> methods, Object... keyValues) {
        return job(label, null, methods, keyValues);
    }

    private static Job job(String label, Timing timing, List<String> methods, Object... keyValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            @SuppressWarnings("unchecked") List<String> values = (List<String>) keyValues[i + 1];
            params.put((String) keyValues[i], List.copyOf(values));
        }
        return new Job(label, methods.stream().map(m -> PKG + m).toList(), params, timing);
    }

    /** JMH's include pattern for exactly these benchmark methods. */
    public static String includePattern(Job job) {
        StringBuilder sb = new StringBuilder("^(");
        for (int i = 0; i < job.benchmarks().size(); i++) {
            if (i > 0) sb.append('|');
            sb.append(java.util.regex.Pattern.quote(job.benchmarks().get(i)));
        }
        return sb.append(")$").toString();
    }
}
