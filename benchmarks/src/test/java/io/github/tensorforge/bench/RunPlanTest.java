package io.github.tensorforge.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunPlanTest {
    private static RunPlan.Job job(RunPlan plan, String label) {
        return plan.jobs().stream().filter(j -> j.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no job '" + label + "' in " + plan.jobs()));
    }

    private static boolean has(RunPlan plan, String label) {
        return plan.jobs().stream().anyMatch(j -> j.label().equals(label));
    }

    @Test
    void quickGivesTheReferenceBackendSmallSizes() {
        RunPlan plan = RunPlan.of(LaunchArgs.parse("quick"), List.of("cpu", "reference"), 16, true);
        assertEquals(1, plan.timing().forks());
        assertEquals(List.of("cpu"), job(plan, "matmul square").params().get("backend"));
        assertEquals(List.of("128", "256", "512", "1024"), job(plan, "matmul square").params().get("n"));
        assertEquals(List.of("128", "256"), job(plan, "matmul square (reference)").params().get("n"));
        assertEquals(List.of("cpu"), job(plan, "training step: transformer block").params().get("backend"));
        assertEquals(List.of("1", "2"), job(plan, "CPU thread scaling").params().get("cpuThreads"));
        assertEquals(List.of("16"), job(plan, "peak").params().get("lanes"));
        // Jobs take the mode's timing, except training steps, which need longer to warm the JIT and iterations long
        // enough to hold several steps of the Transformer block (about 0.5 s each).
        assertEquals(plan.timing(), job(plan, "matmul square").timing());
        RunPlan.Timing steps = job(plan, "training step: MLP").timing();
        assertTrue(steps.warmupIterations() * steps.warmupMillis() > 4 * plan.timing().warmupIterations() * plan.timing().warmupMillis(),
                steps + " vs " + plan.timing());
        assertTrue(job(plan, "training step: transformer block").timing().measureMillis() >= 5000, steps.toString());
    }

    @Test
    void fullRunsEverySize() {
        RunPlan plan = RunPlan.of(LaunchArgs.parse("full"), List.of("cpu"), 8, true);
        assertEquals(2, plan.timing().forks());
        assertTrue(job(plan, "matmul square").params().get("n").contains("2048"));
        assertFalse(has(plan, "matmul square (reference)"));
        // GEMM jobs, the Java peers and thread scaling included, warm up twice as long as the mode's default.
        for (String label : List.of("matmul square", "matmul square (EJML, ojalgo)", "matmul training shapes",
                "matmul training shapes (EJML, ojalgo)", "CPU thread scaling")) {
            RunPlan.Timing t = job(plan, label).timing();
            assertEquals(2 * plan.timing().warmupIterations() * plan.timing().warmupMillis(),
                    t.warmupIterations() * t.warmupMillis(), label + ": " + t);
            assertEquals(plan.timing().measureIterations(), t.measureIterations(), label);
        }
        assertEquals(plan.timing(), job(plan, "element-wise").timing());
    }

    @Test
    void includeFiltersEverythingButThePeak() {
        RunPlan plan = RunPlan.of(LaunchArgs.parse("quick", "--include", "MatmulBench"), List.of("cpu", "reference"), 16, true);
        for (RunPlan.Job j : plan.jobs()) {
            for (String b : j.benchmarks()) assertTrue(b.contains("MatmulBench") || b.contains("PeakBench"), b);
        }
        assertTrue(has(plan, "matmul square (EJML, ojalgo)"));
        RunPlan noPeak = RunPlan.of(LaunchArgs.parse("quick", "--include", "square_ejml"), List.of("cpu"), 16, false);
        assertEquals(1, noPeak.jobs().size());
        assertEquals(List.of("io.github.tensorforge.bench.MatmulBench.square_ejml"), noPeak.jobs().get(0).benchmarks());
    }

    @Test
    void referenceOnlySkipsCpuAndSlowJobs() {
        RunPlan plan = RunPlan.of(LaunchArgs.parse("quick"), List.of("reference"), 16, false);
        assertFalse(has(plan, "CPU thread scaling"));
        assertFalse(has(plan, "training step: transformer block"));
        assertFalse(has(plan, "matmul square"));
        assertFalse(has(plan, "peak"));
        assertTrue(has(plan, "training step: MLP"));
    }

    @Test
    void paramReplacesValuesAndKeepsOnlyJobsThatTakeIt() {
        RunPlan plan = RunPlan.of(LaunchArgs.parse("full", "--include", "MatmulBench\\.(square|shape)$", "--param", "n=2048,3000"),
                List.of("cpu"), 8, true);
        assertEquals(List.of("matmul square"), plan.jobs().stream().map(RunPlan.Job::label).toList(),
                "the shape job has no n, and the peak is left to --peak");
        assertEquals(List.of("2048", "3000"), job(plan, "matmul square").params().get("n"));
        assertEquals(List.of("cpu"), job(plan, "matmul square").params().get("backend"));
        assertEquals(2 * plan.timing().warmupIterations() * plan.timing().warmupMillis(),
                job(plan, "matmul square").timing().warmupIterations() * job(plan, "matmul square").timing().warmupMillis(),
                "the job keeps its own timing");

        RunPlan ops = RunPlan.of(LaunchArgs.parse("quick", "--include", "Elementwise|SoftmaxNorm", "--param", "op=mul"),
                List.of("cpu", "reference"), 8, true);
        assertEquals(List.of("element-wise", "softmax / layer norm"), ops.jobs().stream().map(RunPlan.Job::label).toList(),
                "SoftmaxNormBench has an op parameter too (its plan leaves it to the @Param default)");
        assertEquals(List.of("mul"), job(ops, "element-wise").params().get("op"));
        assertEquals(List.of("cpu", "reference"), job(ops, "element-wise").params().get("backend"));

        RunPlan threads = RunPlan.of(LaunchArgs.parse("full", "--param", "n=2048", "--param", "cpuThreads=2"), List.of("cpu"), 8, true);
        assertEquals(List.of("CPU thread scaling"), threads.jobs().stream().map(RunPlan.Job::label).toList());
        assertEquals(List.of("2048"), job(threads, "CPU thread scaling").params().get("n"));
        assertEquals(List.of("2"), job(threads, "CPU thread scaling").params().get("cpuThreads"));
    }

    @Test
    void parametersAreTheStateFieldsOfTheMethod() {
        assertEquals(java.util.Set.of("backend", "n"), RunPlan.parameters(RunPlan.PKG + "MatmulBench.square"));
        assertEquals(java.util.Set.of("n"), RunPlan.parameters(RunPlan.PKG + "MatmulBench.square_ejml"));
        assertEquals(java.util.Set.of("backend", "op", "size"), RunPlan.parameters(RunPlan.PKG + "ElementwiseBench.prealloc"));
    }

    @Test
    void paramThatNoSelectedJobTakesIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunPlan.of(
                LaunchArgs.parse("quick", "--include", "MatmulBench\\.shape$", "--param", "n=128"), List.of("cpu"), 8, true));
        assertTrue(e.getMessage().contains("--param [n]: no benchmark selected by --include MatmulBench\\.shape$ takes this parameter"
                + " (the selected ones take [shape])"), e.getMessage());
    }

    @Test
    void includePatternMatchesExactlyItsMethods() {
        RunPlan plan = RunPlan.of(LaunchArgs.parse("quick"), List.of("cpu"), 16, false);
        Pattern p = Pattern.compile(RunPlan.includePattern(job(plan, "matmul square (EJML, ojalgo)")));
        assertTrue(p.matcher("io.github.tensorforge.bench.MatmulBench.square_ejml").find());
        assertTrue(p.matcher("io.github.tensorforge.bench.MatmulBench.square_ojalgo").find());
        assertFalse(p.matcher("io.github.tensorforge.bench.MatmulBench.square").find());
        assertFalse(p.matcher("io.github.tensorforge.bench.MatmulBench.shape_ejml").find());
    }
}
