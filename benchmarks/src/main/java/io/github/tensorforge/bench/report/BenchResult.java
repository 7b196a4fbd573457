package io.github.tensorforge.bench.report;

import java.util.Map;

/**
 * One benchmark result from a JMH-shaped JSON file.
 *
 * @param benchmark  full name, e.g. io.github.tensorforge.bench.MatmulBench.square_ejml
 * @param group      simple class name, e.g. MatmulBench
 * @param testCase   method name without its peer suffix, e.g. square
 * @param series     what a chart line stands for: the backend parameter, the peer suffix of the method (ejml),
 *                   or "java" when neither exists (PeakBench)
 * @param params     benchmark parameters (without backend)
 * @param score      primary metric score
 * @param scoreError its error (99.9% half-width from JMH; NaN when unknown)
 * @param unit       the score's unit, e.g. ops/s or ms/op
 * @param runtime    the runtime that produced it (JVM name and version, or what peers.py records)
 */
public record BenchResult(String benchmark, String group, String testCase, String series, Map<String, String> params,
                          double score, double scoreError, String unit, String runtime) {

    /** The score as operations per second, converting from any JMH throughput or time-per-op unit. */
    public double opsPerSecond() {
        String u = unit.trim();
        int slash = u.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("benchmark " + benchmark + ": unit '" + unit + "' is not x/y");
        String num = u.substring(0, slash), den = u.substring(slash + 1);
        if (num.equals("ops")) return score / seconds(den);
        if (den.equals("op")) return 1.0 / (score * seconds(num));
        throw new IllegalArgumentException("benchmark " + benchmark + ": cannot convert unit '" + unit
                + "' to operations per second (expected ops/<time> or <time>/op)");
    }

    private double seconds(String timeUnit) {
        return switch (timeUnit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("benchmark " + benchmark + ": unknown time unit '" + timeUnit + "'");
        };
    }

    /** The parameters as "k=v, k=v", in the order given. */
    public String paramString() {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }
}
