package io.github.tensorforge.bench.report;

import java.util.Locale;
import java.util.Optional;

/**
 * The work one benchmark operation does, so that operations per second become GFLOP/s (compute-bound benchmarks) or
 * GB/s (memory-bound ones). Byte counts are the minimum traffic of the op: every input read once, every output
 * written once, in float32.
 *
 * @param amount flops or bytes per operation
 * @param kind   what amount counts
 */
public record Workload(double amount, Kind kind) {
    public enum Kind {
        FLOPS("GFLOP/s"), BYTES("GB/s");

        public final String unit;

        Kind(String unit) { this.unit = unit; }
    }

    /** Giga-units per second: GFLOP/s or GB/s. */
    public double rate(BenchResult r) { return amount * r.opsPerSecond() / 1e9; }

    /** The workload of {@code r}, or empty when its benchmark has none (training steps report steps/s). */
    public static Optional<Workload> of(BenchResult r) {
        String key = r.group() + "." + r.testCase();
        return switch (key) {
            case "MatmulBench.square" -> {
                double n = num(r, "n");
                yield flops(2 * n * n * n);
            }
            case "MatmulBench.shape" -> {
                String[] dims = r.params().get("shape").split(":")[0].toLowerCase(Locale.ROOT).split("x");
                if (dims.length != 3) throw new IllegalArgumentException(r.benchmark() + ": shape '" + r.params().get("shape")
                        + "' is not MxKxN[:layout]");
                yield flops(2 * Double.parseDouble(dims[0]) * Double.parseDouble(dims[1]) * Double.parseDouble(dims[2]));
            }
            case "ThreadScalingBench.sgemm" -> {
                double n = num(r, "n");
                yield flops(2 * n * n * n);
            }
            case "PeakBench.fma" -> {
                double lanes = num(r, "lanes");
                if (lanes <= 0) yield Optional.empty(); // run without the launcher: vector width unknown
                yield flops(2 * 12 * lanes * num(r, "iterations"));
            }
            case "ElementwiseBench.api", "ElementwiseBench.prealloc" -> {
                String op = r.params().get("op");
                boolean binary = "add".equals(op) || "mul".equals(op);
                yield bytes(num(r, "size") * 4 * (binary ? 3 : 2));
            }
            case "ReductionBench.reduce" -> bytes(num(r, "rows") * num(r, "cols") * 4);
            case "SoftmaxNormBench.rowwise" -> bytes(num(r, "rows") * num(r, "cols") * 4 * 2);
            case "IndexingBench.lookup" -> bytes(num(r, "tokens") * num(r, "dim") * 4 * 2);
            case "IndexingBench.scatterAdd" ->
                    bytes((2 * num(r, "vocab") * num(r, "dim") + 3 * num(r, "tokens") * num(r, "dim")) * 4);
            default -> Optional.empty();
        };
    }

    private static Optional<Workload> flops(double f) { return Optional.of(new Workload(f, Kind.FLOPS)); }

    private static Optional<Workload> bytes(double b) { return Optional.of(new Workload(b, Kind.BYTES)); }

    private static double num(BenchResult r, String param) {
        String v = r.params().get(param);
        if (v == null) {
            throw new IllegalArgumentException(r.benchmark() + ": parameter '" + param + "' is missing (params: "
                    + r.paramString() + "); needed to compute its workload");
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(r.benchmark() + ": parameter " + param + "='" + v + "' is not a number");
        }
    }
}
