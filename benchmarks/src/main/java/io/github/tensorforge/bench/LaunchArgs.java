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

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    /** The options as picocli reads them; {@link #parse} then checks what picocli cannot. */
    @Command(name = "java -jar benchmarks.jar", separator = " ", sortOptions = false,
            synopsisHeading = "", customSynopsis = {
                    "usage: java -jar benchmarks.jar quick|full [options]",
                    "       java -jar benchmarks.jar report [--out DIR] [--peak GFLOPS] RESULTS.json..."},
            description = {
                    "  quick              1 fork, short warm-up and measurement, a subset of sizes (a few minutes)",
                    "  full               2 forks, proper warm-up and measurement, every size",
                    "  report             render charts and an HTML page from JMH-shaped JSON files"},
            optionListHeading = "options:%n")
    static final class Options {
        @Parameters(index = "0", paramLabel = "MODE", description = "quick, full or report", hidden = true) Mode mode;
        @Parameters(index = "1..*", paramLabel = "RESULTS.json", hidden = true) List<Path> inputs = new ArrayList<>();
        @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
                description = "where jmh.json, environment.json, report.html and charts go (default bench-results)")
        Path out;
        @Option(names = "--peak", paramLabel = "GFLOPS",
                description = "float32 peak of this machine for the %% of peak column (default: measured)")
        Double peak;
        @Option(names = "--backends", paramLabel = "a,b", description = "backends to run (default: every available one)")
        String backends;
        @Option(names = "--include", paramLabel = "REGEX",
                description = "only benchmarks whose name matches, e.g. MatmulBench or 'Elementwise.*api'")
        String include;
        @Option(names = "--param", paramLabel = "NAME=V1,V2", description = "JMH's -p: these values of a parameter (n, "
                + "shape, op, cpuThreads...) instead of the mode's, for the benchmarks that have it; the others and the "
                + "peak do not run; repeatable")
        List<String> params = new ArrayList<>();
        @Option(names = "--merge", paramLabel = "FILE",
                description = "add a JMH-shaped JSON file (e.g. from scripts/peers.py) to the report; repeatable")
        List<Path> merge = new ArrayList<>();
    }

    private static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Options());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(118);
        return cl;
    }

    /** The usage text, as errors end with it. */
    public static final String USAGE = commandLine().getUsageMessage().stripTrailing();

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message that ends with the usage. */
    public static LaunchArgs parse(String... args) {
        Options o = new Options();
        CommandLine cl = new CommandLine(o);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw error(e.getMessage());
        }
        if (o.peak != null && (!(o.peak > 0) || o.peak.isInfinite())) {
            throw error("--peak must be a positive number, got " + o.peak);
        }
        List<String> backends = null;
        if (o.backends != null) {
            backends = new ArrayList<>();
            for (String s : commaList(o.backends)) {
                String t = s.toLowerCase(Locale.ROOT);
                if (!backends.contains(t)) backends.add(t);
            }
            if (backends.isEmpty()) throw error("--backends needs at least one name, e.g. --backends cpu,reference");
        }
        Pattern include = null;
        if (o.include != null) {
            try {
                include = Pattern.compile(o.include);
            } catch (PatternSyntaxException e) {
                throw error("--include: '" + o.include + "' is not a valid regular expression: " + e.getDescription());
            }
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String v : o.params) {
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
        if (o.mode != Mode.REPORT && !o.inputs.isEmpty()) {
            throw error("unexpected argument '" + o.inputs.get(0) + "' (only report mode takes files)");
        }
        if (o.mode == Mode.REPORT && o.inputs.isEmpty() && o.merge.isEmpty()) {
            throw error("report mode needs at least one JSON file");
        }
        if (o.mode == Mode.REPORT && (backends != null || include != null || !params.isEmpty())) {
            throw error("--backends, --include and --param select benchmarks to run; report mode runs none");
        }
        return new LaunchArgs(o.mode, o.out, o.peak, backends == null ? null : List.copyOf(backends), include,
                Collections.unmodifiableMap(params), List.copyOf(o.merge), List.copyOf(o.inputs));
    }

    /** Whether {@code benchmark} (a full JMH name) passes the --include filter. */
    public boolean includes(String benchmark) { return include == null || include.matcher(benchmark).find(); }

    /** The trimmed, non-empty items of a comma-separated option value. */
    private static List<String> commaList(String v) {
        List<String> items = new ArrayList<>();
        for (String s : v.split(",")) if (!s.isBlank()) items.add(s.trim());
        return items;
    }


    private static IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + "\n" + USAGE);
    }

    @Override public String toString() {
        return "LaunchArgs[" + mode + ", out=" + out + ", peak=" + peakGflops + ", backends=" + backends + ", include="
                + include + ", params=" + params + ", merge=" + merge + ", inputs=" + Arrays.toString(inputs.toArray()) + "]";
    }
}
