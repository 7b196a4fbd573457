package io.github.tensorforge.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Command line of {@link BenchMain}:
 * <pre>
 *   quick|full [--out DIR] [--peak GFLOPS] [--backends a,b] [--include REGEX] [--param NAME=V1,V2]... [--merge FILE]...
 *   report [--out DIR] [--peak GFLOPS] FILE.json...
 * </pre>
 *
 * @param mode       what to do
 * @param out        result directory (jmh.json, environment.json, report.html, charts)
 * @param peakGflops the machine's float32 peak in GFLOP/s, or null to measure it with {@link PeakBench}
 * @param backends   backends to benchmark (null: every available one)
 * @param include    only benchmarks whose full name matches (find) this, or null for all
 * @param params     JMH parameter values that replace the plan's (name to values, in command-line order; empty for
 *                   none): only benchmarks that have every one of these parameters run
 * @param merge      extra JMH-shaped JSON files (peers.py output) merged into the report
 * @param inputs     report mode: the JSON files to render
 */
public record LaunchArgs(Mode mode, Path out, Double peakGflops, List<String> backends, Pattern include,
                         Map<String, List<String>> params, List<Path> merge, List<Path> inputs) {

    public enum Mode { QUICK, FULL, REPORT }

    public static final String USAGE = String.join("\n",
            "usage: java -jar benchmarks.jar quick|full [options]",
            "       java -jar benchmarks.jar report [--out DIR] [--peak GFLOPS] RESULTS.json...",
            "  quick              1 fork, short warm-up and measurement, a subset of sizes (a few minutes)",
            "  full               2 forks, proper warm-up and measurement, every size",
            "  report             render charts and an HTML page from JMH-shaped JSON files",
            "options:",
            "  --out DIR          where jmh.json, environment.json, report.html and charts go (default bench-results)",
            "  --peak GFLOPS      float32 peak of this machine for the % of peak column (default: measured)",
            "  --backends a,b     backends to run (default: every available one)",
            "  --include REGEX    only benchmarks whose name matches, e.g. MatmulBench or 'Elementwise.*api'",
            "  --param NAME=V1,V2 JMH's -p: these values of a parameter (n, shape, op, cpuThreads...) instead of the",
            "                     mode's, for the benchmarks that have it; the others and the peak do not run; repeatable",
            "  --merge FILE       add a JMH-shaped JSON file (e.g. from scripts/peers.py) to the report; repeatable");

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message that ends with the usage. */
    public static LaunchArgs parse(String... args) {
        if (args.length == 0) throw error("no mode given");
        Mode mode = switch (args[0].toLowerCase(Locale.ROOT)) {
            case "quick" -> Mode.QUICK;
            case "full" -> Mode.FULL;
            case "report" -> Mode.REPORT;
            default -> throw error("unknown mode '" + args[0] + "'");
        };
        Path out = Path.of("bench-results");
        Double peak = null;
        List<String> backends = null;
        Pattern include = null;
        Map<String, List<String>> params = new LinkedHashMap<>();
        List<Path> merge = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--peak" -> {
                    String v = value(args, ++i, a);
                    try {
                        peak = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw error("--peak needs a number of GFLOP/s, got '" + v + "'");
                    }
                    if (!(peak > 0) || peak.isInfinite()) throw error("--peak must be a positive number, got " + v);
                }
                case "--backends" -> {
                    backends = new ArrayList<>();
                    for (String s : commaList(value(args, ++i, a))) {
                        String t = s.toLowerCase(Locale.ROOT);
                        if (!backends.contains(t)) backends.add(t);
                    }
                    if (backends.isEmpty()) throw error("--backends needs at least one name, e.g. --backends cpu,reference");
                }
                case "--include" -> {
                    String v = value(args, ++i, a);
                    try {
                        include = Pattern.compile(v);
                    } catch (PatternSyntaxException e) {
                        throw error("--include: '" + v + "' is not a valid regular expression: " + e.getDescription());
                    }
                }
                case "--param" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    String name = eq < 0 ? "" : v.substring(0, eq).trim();
                    List<String> values = eq < 0 ? List.of() : commaList(v.substring(eq + 1));
                    if (name.isEmpty() || values.isEmpty()) {
                        throw error("--param needs NAME=VALUE[,VALUE...], e.g. --param n=1024,2048, got '" + v + "'");
                    }
                    if (name.equals("backend")) throw error("--param backend: choose backends with --backends " + String.join(",", values));
                    if (params.put(name, List.copyOf(values)) != null) {
                        throw error("--param " + name + " is given twice; list its values once, comma-separated");
                    }
                }
                case "--merge" -> merge.add(Path.of(value(args, ++i, a)));
                default -> {
                    if (a.startsWith("--")) throw error("unknown option '" + a + "'");
                    if (mode != Mode.REPORT) throw error("unexpected argument '" + a + "' (only report mode takes files)");
                    inputs.add(Path.of(a));
                }
            }
        }
        if (mode == Mode.REPORT && inputs.isEmpty() && merge.isEmpty()) throw error("report mode needs at least one JSON file");
        if (mode == Mode.REPORT && (backends != null || include != null || !params.isEmpty())) {
            throw error("--backends, --include and --param select benchmarks to run; report mode runs none");
        }
        return new LaunchArgs(mode, out, peak, backends == null ? null : List.copyOf(backends), include,
                Collections.unmodifiableMap(params), List.copyOf(merge), List.copyOf(inputs));
    }

    /** Whether {@code benchmark} (a full JMH name) passes the --include filter. */
    public boolean includes(String benchmark) { return include == null || include.matcher(benchmark).find(); }

    /** The trimmed, non-empty items of a comma-separated option value. */
    private static List<String> commaList(String v) {
        List<String> items = new ArrayList<>();
        for (String s : v.split(",")) if (!s.isBlank()) items.add(s.trim());
        return items;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) throw error(option + " needs a value");
        return args[i];
    }

    private static IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + "\n" + USAGE);
    }

    @Override public String toString() {
        return "LaunchArgs[" + mode + ", out=" + out + ", peak=" + peakGflops + ", backends=" + backends + ", include="
                + include + ", params=" + params + ", merge=" + merge + ", inputs=" + Arrays.toString(inputs.toArray()) + "]";
    }
}
