package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kernel of the op table, called until C2 has compiled it, in a child JVM ({@link JitWarmStress}): a JIT
 * miscompilation either crashes that JVM or changes a result, and either fails this test with the child's report
 * instead of killing the test run. JDK 25's C2 crashed the CPU backend's binary kernels within a few hundred warm
 * calls (issue 19); CI runs this on JDK 17 and on JDK 25.
 *
 * <p>The backends whose kernels are Java code that C2 compiles run here: cpu and the reference (the conformance
 * suite's oracle). OpenCL and CUDA kernels are compiled by their drivers; the conformance suite runs their Java side.
 */
class JitWarmStressTest {
    /**
     * Rounds of every case. The binary kernels get about 100 calls a round, so 2,000 rounds give each op and layout
     * well past C2's compile thresholds (the float32 crash came after about 20,000 calls, float64 after 300).
     */
    static final int ROUNDS = 2_000;

    @Test void kernelsComputeTheSameOnceC2HasCompiledThem() throws Exception {
        List<String> args = new ArrayList<>(List.of(String.valueOf(ROUNDS), Conformance.REFERENCE));
        if (Backends.isAvailable("cpu")) args.add("cpu");
        else System.out.println("JIT-warm stress: cpu is not available here (" + Backends.availability().get("cpu") + ")");
        String errorFile = Path.of(System.getProperty("java.io.tmpdir"), "tensorforge-jit-stress-hs_err_%p.log").toString();
        ChildJvm.Result r = ChildJvm.run(Duration.ofMinutes(5), Map.of(), List.of("-XX:ErrorFile=" + errorFile),
                JitWarmStress.class, args.toArray(String[]::new));
        System.out.print(r.output());
        assertTrue(r.exitCode() == 0, "the JIT-warm stress run failed (exit " + r.exitCode() + ") on "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ":\n" + r.output());
    }
}
