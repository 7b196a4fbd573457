package io.github.tensorforge.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders JMH-shaped JSON results (from the launcher and from scripts/peers.py) into PNG charts and an HTML page:
 * GFLOP/s or GB/s versus size (or per case) for every backend and peer, a table with the % of the machine's float32
 * peak, and the environment the numbers come from. Peak: {@code --peak} when given, else the measured
 * {@code PeakBench.fma} result, else unknown.
 *
 * <p>Figures are formed per benchmark class and case (method without its peer suffix): a parameter that varies
 * numerically becomes the x axis of a line chart; otherwise each combination of the varying parameters is a group of
 * bars. Series are backends ({@code backend} parameter) and peers (method suffix such as {@code _ejml}, or the
 * backend name peers.py writes: numpy, torch).
 */
public final class ReportGenerator {
    /** Series in this order first, each with its own colour; others follow alphabetically. */
    static final List<String> SERIES_ORDER = List.of("cpu", "reference", "opencl", "cuda", "numpy", "torch", "ejml", "ojalgo");
    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0x7f7f7f), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0xd62728), new Color(0x8c564b), new Color(0xe377c2),
            new Color(0x17becf), new Color(0xbcbd22)};

    private final Double peakGiven;

    /** @param peakGflops the machine's float32 peak in GFLOP/s, or null to take it from a PeakBench result */
    public ReportGenerator(Double peakGflops) { this.peakGiven = peakGflops; }

    /** One chart with its results. */
    public record Figure(String id, String title, Chart chart, List<Row> rows, String rateUnit) {}

    /** One table row. */
    public record Row(String category, BenchResult result, Double rate) {}

    /** Everything the HTML page shows, computed from the results. */
    public record Model(List<BenchResult> results, List<Figure> figures, Double peakGflops, String peakSource) {}

    /** Reads every file, builds the model, writes charts and report.html into {@code outDir}; returns the HTML path. */
    public Path generate(List<Path> resultFiles, Path environmentFile, Path outDir) throws IOException {
        List<BenchResult> results = new ArrayList<>();
        for (Path f : resultFiles) results.addAll(ResultReader.read(f));
        Environment env = environmentFile != null && Files.exists(environmentFile)
                ? Environment.read(environmentFile) : Environment.unknown();
        Model model = build(results);
        Files.createDirectories(outDir);
        for (Figure f : model.figures()) f.chart().writePng(outDir.resolve(f.id() + ".png"));
        Path html = outDir.resolve("report.html");
        Files.writeString(html, html(model, env, resultFiles), StandardCharsets.UTF_8);
        return html;
    }

    public Model build(List<BenchResult> results) {
        Map<String, Color> colors = colors(results);
        Double peak = peakGiven;
        String peakSource = peakGiven != null ? "given on the command line (--peak)" : null;
        if (peak == null) {
            for (BenchResult r : results) {
                if (r.group().equals("PeakBench")) {
                    Optional<Workload> w = Workload.of(r);
                    if (w.isPresent()) {
                        peak = w.get().rate(r);
                        peakSource = "measured by PeakBench.fma (" + r.paramString() + ", all hardware threads)";
                    }
                }
            }
        }
        Map<String, List<BenchResult>> groups = new LinkedHashMap<>();
        for (BenchResult r : results) groups.computeIfAbsent(r.group() + "." + r.testCase(), k -> new ArrayList<>()).add(r);
        List<Figure> figures = new ArrayList<>();
        for (Map.Entry<String, List<BenchResult>> e : groups.entrySet()) figures.add(figure(e.getKey(), e.getValue(), colors));
        return new Model(List.copyOf(results), figures, peak, peakSource);
    }

    private Figure figure(String key, List<BenchResult> rs, Map<String, Color> colors) {
        // Parameters whose value differs between results of this case.
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (BenchResult r : rs) r.params().forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        List<String> varying = values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
        boolean numericX = varying.size() == 1 && values.get(varying.get(0)).stream().allMatch(ReportGenerator::isNumber);
        Optional<Workload> w0 = Workload.of(rs.get(0));
        String rateUnit = w0.map(w -> w.kind().unit).orElse(rs.get(0).group().equals("TrainingStepBench") ? "steps/s" : "ops/s");
        String xLabel = varying.isEmpty() ? "" : String.join(", ", varying);
        Chart chart = new Chart(key, xLabel, rateUnit, numericX ? Chart.Kind.LINES : Chart.Kind.BARS, colors);
        List<Row> rows = new ArrayList<>();
        List<String> order = seriesOrder(rs);
        List<BenchResult> bySeries = new ArrayList<>(rs);
        bySeries.sort(Comparator.comparingInt(r -> order.indexOf(r.series()))); // legend order; stable within a series
        for (BenchResult r : bySeries) {
            String cat = varying.isEmpty() ? r.testCase()
                    : String.join(" ", varying.stream().map(k -> r.params().getOrDefault(k, "?")).toList());
            Optional<Workload> w = Workload.of(r);
            double rate = w.isPresent() ? w.get().rate(r) : r.opsPerSecond();
            chart.put(r.series(), cat, rate);
            rows.add(new Row(cat, r, rate));
        }
        rows.sort(Comparator.comparing((Row row) -> categoryIndex(rs, varying, row))
                .thenComparing(row -> order.indexOf(row.result().series())));
        String id = "chart-" + key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return new Figure(id, key, chart, rows, rateUnit);
    }

    private static int categoryIndex(List<BenchResult> rs, List<String> varying, Row row) {
        if (varying.size() == 1 && isNumber(row.category())) return (int) Math.min(Integer.MAX_VALUE, Double.parseDouble(row.category()));
        List<String> cats = new ArrayList<>();
        for (BenchResult r : rs) {
            String c = varying.isEmpty() ? r.testCase() : String.join(" ", varying.stream().map(k -> r.params().getOrDefault(k, "?")).toList());
            if (!cats.contains(c)) cats.add(c);
        }
        return cats.indexOf(row.category());
    }

    static List<String> seriesOrder(List<BenchResult> results) {
        Set<String> all = new LinkedHashSet<>();
        for (BenchResult r : results) all.add(r.series());
        List<String> out = new ArrayList<>();
        for (String s : SERIES_ORDER) if (all.contains(s)) out.add(s);
        all.stream().filter(s -> !SERIES_ORDER.contains(s)).sorted().forEach(out::add);
        return out;
    }

    private static Map<String, Color> colors(List<BenchResult> results) {
        Map<String, Color> out = new LinkedHashMap<>();
        List<String> order = seriesOrder(results);
        int extra = 0;
        for (String s : order) {
            int i = SERIES_ORDER.indexOf(s);
            out.put(s, PALETTE[i >= 0 ? i : (SERIES_ORDER.size() + extra++) % PALETTE.length]);
        }
        return out;
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ---- HTML ---------------------------------------------------------------------------------------------------

    String html(Model m, Environment env, List<Path> files) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TensorForge benchmarks</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}")
                .append("img{max-width:100%;border:1px solid #eee}code{background:#f4f4f4}</style></head><body>\n")
                .append("<h1>TensorForge benchmarks</h1>\n");
        h.append("<h2>Environment</h2>\n<table>\n");
        for (Map.Entry<String, Object> e : env.values().entrySet()) {
            if (e.getKey().equals("backends")) continue;
            h.append("<tr><th class=\"l\">").append(esc(e.getKey())).append("</th><td class=\"l\">")
                    .append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        h.append("<tr><th class=\"l\">float32 peak</th><td class=\"l\">")
                .append(m.peakGflops() == null ? "unknown (no PeakBench result and no --peak)"
                        : fmt(m.peakGflops()) + " GFLOP/s, " + esc(m.peakSource()))
                .append("</td></tr>\n</table>\n");
        Object backends = env.values().get("backends");
        if (backends instanceof List<?> list && !list.isEmpty()) {
            h.append("<h3>Backends</h3>\n<table><tr><th class=\"l\">name</th><th class=\"l\">status</th><th class=\"l\">description</th></tr>\n");
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> b)) continue;
                boolean ok = Boolean.TRUE.equals(b.get("available"));
                h.append("<tr><td class=\"l\">").append(esc(String.valueOf(b.get("name")))).append("</td><td class=\"l\">")
                        .append(ok ? "available" : "unavailable: " + esc(String.valueOf(b.get("reason"))))
                        .append("</td><td class=\"l\">").append(esc(b.get("description") == null ? "" : String.valueOf(b.get("description"))))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        Map<String, Set<String>> runtimes = new LinkedHashMap<>();
        for (BenchResult r : m.results()) runtimes.computeIfAbsent(r.series(), k -> new LinkedHashSet<>()).add(r.runtime());
        h.append("<h3>Runtimes per series</h3>\n<table><tr><th class=\"l\">series</th><th class=\"l\">runtime</th></tr>\n");
        runtimes.forEach((s, rt) -> h.append("<tr><td class=\"l\">").append(esc(s)).append("</td><td class=\"l\">")
                .append(esc(String.join("; ", rt))).append("</td></tr>\n"));
        h.append("</table>\n<p>Result files: ");
        for (Path f : files) h.append("<code>").append(esc(f.toString())).append("</code> ");
        h.append("</p>\n<p>How to read: every score is JMH's primary metric (operations per second, mean over the ")
                .append("measurement iterations, &plusmn; its 99.9% error). GFLOP/s = ops/s &times; flops per op (GEMM: 2&middot;m&middot;n&middot;k); ")
                .append("GB/s = ops/s &times; the minimum bytes an op moves (element-wise unary: 8 per element, binary: 12; ")
                .append("reductions: 4; softmax / layer norm: 8). % of peak compares GFLOP/s with the float32 peak above. ")
                .append("Columns &ldquo;&times; numpy&rdquo; / &ldquo;&times; torch&rdquo; divide by the peer's rate for the same case.</p>\n");

        for (Figure f : m.figures()) {
            h.append("<h2 id=\"").append(f.id()).append("\">").append(esc(f.title())).append("</h2>\n");
            h.append("<img src=\"").append(f.id()).append(".png\" alt=\"").append(esc(f.title())).append("\">\n");
            boolean flops = f.rateUnit().equals("GFLOP/s");
            Map<String, Double> numpy = peerRates(f, "numpy"), torch = peerRates(f, "torch");
            h.append("<table><tr><th class=\"l\">case</th><th class=\"l\">series</th><th>score</th><th>")
                    .append(esc(f.rateUnit())).append("</th>");
            if (flops) h.append("<th>% of peak</th>");
            if (!numpy.isEmpty()) h.append("<th>&times; numpy</th>");
            if (!torch.isEmpty()) h.append("<th>&times; torch</th>");
            h.append("</tr>\n");
            for (Row row : f.rows()) {
                BenchResult r = row.result();
                h.append("<tr><td class=\"l\">").append(esc(row.category())).append("</td><td class=\"l\">")
                        .append(esc(r.series())).append("</td><td>").append(fmt(r.score()));
                if (Double.isFinite(r.scoreError())) h.append(" &plusmn; ").append(fmt(r.scoreError()));
                h.append(' ').append(esc(r.unit())).append("</td><td>").append(fmt(row.rate())).append("</td>");
                if (flops) {
                    h.append("<td>").append(m.peakGflops() == null ? "n/a" : fmt(100 * row.rate() / m.peakGflops()) + "%").append("</td>");
                }
                if (!numpy.isEmpty()) h.append("<td>").append(ratio(row, numpy)).append("</td>");
                if (!torch.isEmpty()) h.append("<td>").append(ratio(row, torch)).append("</td>");
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static Map<String, Double> peerRates(Figure f, String peer) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Row r : f.rows()) if (r.result().series().equals(peer)) out.put(r.category(), r.rate());
        return out;
    }

    private static String ratio(Row row, Map<String, Double> peer) {
        Double p = peer.get(row.category());
        return p == null || p == 0 ? "" : String.format(Locale.ROOT, "%.2f", row.rate() / p);
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        double a = Math.abs(v);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 0.01 || a == 0) return String.format(Locale.ROOT, "%.3f", v);
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
