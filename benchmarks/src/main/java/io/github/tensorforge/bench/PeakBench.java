package io.github.tensorforge.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
        FloatVector x = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector y = FloatVector.broadcast(SPECIES, s.seed);
        FloatVector a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y;
        for (int i = 0; i < s.iterations; i++) {
            a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
            a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
            a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
        }
        FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return sum.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
