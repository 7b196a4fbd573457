package io.github.tensorforge.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The machine's float32 FMA peak, measured: every hardware thread runs a loop of independent vector FMAs on the
 * preferred species (12 accumulators, enough to cover FMA latency times the FMA ports of current x86 and ARM cores).
 * Score: loop calls per second summed over threads; the report multiplies by {@link #flopsPerCall(int)}. The report's
 * "% of peak" column divides by this (or by --peak when given).
 *
 * <p>Two details decide whether this measures the peak or something below it (both measured on a Zen 1 core, where
 * the peak is one 256-bit FMA per cycle):
 * <ul>
 *   <li>Each chain runs through the FMA's addend ({@code acc = x * y + acc}), as in a GEMM micro-kernel. Chained
 *       through a multiplicand ({@code acc = acc * x + y}) the same loop ran at two thirds of the rate on JDK 17 and
 *       25, and the report then showed SGEMM at 130% of "peak".</li>
 *   <li>The loop is its own method that is never inlined. Inlined into JMH's measurement loop, JDK 25's C2 compiled
 *       it to run at 60% of the rate of the stand-alone method.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
@Threads(Threads.MAX)
public class PeakBench {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int ACCUMULATORS = 12;

    /** Float operations of one {@link #fma} call: iterations x accumulators x lanes x 2 (multiply and add). */
    public static double flopsPerCall(int lanes, int iterations) { return 2.0 * ACCUMULATORS * lanes * (double) iterations; }

    static double flopsPerCall(int iterations) { return flopsPerCall(SPECIES.length(), iterations); }

    @State(Scope.Thread)
    public static class Loop {
        @Param({"4096"}) public int iterations;
        /** Lanes of the preferred species, recorded as a parameter so the report can compute flops. */
        @Param({"0"}) public int lanes;
        float seed = 1e-7f;
    }

    @Benchmark
    public float fma(Loop s) {
        if (s.lanes != 0 && s.lanes != SPECIES.length()) {
            throw new IllegalStateException("PeakBench: lanes parameter " + s.lanes + " differs from this JVM's preferred"
                    + " species (" + SPECIES.length() + " floats); pass -p lanes=" + SPECIES.length() + " or 0");
        }
        return fmaLoop(s.iterations, s.seed);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static float fmaLoop(int iterations, float seed) {
        // Each accumulator grows by x * y (about 1e-7) a step: no overflow and no subnormals at any iteration count.
        FloatVector x = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector y = FloatVector.broadcast(SPECIES, seed);
        FloatVector a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y;
        for (int i = 0; i < iterations; i++) {
            a0 = x.fma(y, a0); a1 = x.fma(y, a1); a2 = x.fma(y, a2); a3 = x.fma(y, a3);
            a4 = x.fma(y, a4); a5 = x.fma(y, a5); a6 = x.fma(y, a6); a7 = x.fma(y, a7);
            a8 = x.fma(y, a8); a9 = x.fma(y, a9); a10 = x.fma(y, a10); a11 = x.fma(y, a11);
        }
        FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return sum.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
