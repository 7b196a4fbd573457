package io.github.tensorforge.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportGeneratorTest {
    @TempDir Path tmp;

    private Path sample() throws IOException {
        Path p = tmp.resolve("sample-jmh.json");
        try (InputStream in = getClass().getResourceAsStream("/sample-jmh.json")) {
            assertNotNull(in, "sample-jmh.json is missing from the test resources");
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private static BenchResult find(List<BenchResult> rs, String benchmarkSuffix, String series, String key, String value) {
        return rs.stream().filter(r -> r.benchmark().endsWith(benchmarkSuffix) && r.series().equals(series)
                        && value.equals(r.params().get(key)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + benchmarkSuffix + " " + series + " " + key + "=" + value));
    }

    @Test
    void readsSeriesCasesAndParams() throws IOException {
        List<BenchResult> rs = ResultReader.read(sample());
        assertEquals(11, rs.size());
        BenchResult ejml = find(rs, "MatmulBench.square_ejml", "ejml", "n", "128");
        assertEquals("MatmulBench", ejml.group());
        assertEquals("square", ejml.testCase());
        BenchResult numpy = find(rs, "MatmulBench.square", "numpy", "n", "128");
        assertEquals(Map.of("n", "128"), numpy.params(), "backend moves from the params to the series");
        assertTrue(numpy.runtime().contains("NumPy"), numpy.runtime());
        assertEquals("java", find(rs, "PeakBench.fma", "java", "lanes", "16").series());
    }

    @Test
    void computesGflopsAndGigabytesPerSecond() throws IOException {
        List<BenchResult> rs = ResultReader.read(sample());
        BenchResult cpu256 = find(rs, "MatmulBench.square", "cpu", "n", "256");
        assertEquals(2.0 * 256 * 256 * 256 * 5000 / 1e9, Workload.of(cpu256).orElseThrow().rate(cpu256), 1e-9);
        // 100 ms/op = 10 ops/s of a 128x512 * 512x784 product
        BenchResult nt = find(rs, "MatmulBench.shape", "reference", "shape", "128x512x784:nt");
        assertEquals(10.0, nt.opsPerSecond(), 1e-12);
        assertEquals(2.0 * 128 * 512 * 784 * 10 / 1e9, Workload.of(nt).orElseThrow().rate(nt), 1e-12);
        BenchResult add = find(rs, "ElementwiseBench.api", "cpu", "op", "add");
        assertEquals(Workload.Kind.BYTES, Workload.of(add).orElseThrow().kind());
        assertEquals(16777216.0 * 12 * 100 / 1e9, Workload.of(add).orElseThrow().rate(add), 1e-9);
        BenchResult relu = find(rs, "ElementwiseBench.api", "cpu", "op", "relu");
        assertEquals(16777216.0 * 8 * 200 / 1e9, Workload.of(relu).orElseThrow().rate(relu), 1e-9);
        BenchResult mlp = find(rs, "TrainingStepBench.mlp", "cpu", "batch", "128");
        assertTrue(Workload.of(mlp).isEmpty(), "training steps are reported in steps/s");
    }

    @Test
    void peakIsMeasuredUnlessGiven() throws IOException {
        List<BenchResult> rs = ResultReader.read(sample());
        ReportGenerator.Model measured = new ReportGenerator(null).build(rs);
        assertEquals(2.0 * 12 * 16 * 4096 * 150000 / 1e9, measured.peakGflops(), 1e-9);
        assertTrue(measured.peakSource().contains("PeakBench"), measured.peakSource());
        ReportGenerator.Model given = new ReportGenerator(100.0).build(rs);
        assertEquals(100.0, given.peakGflops());
    }

    @Test
    void figuresUseLinesForSizesAndBarsForCases() throws IOException {
        ReportGenerator.Model m = new ReportGenerator(null).build(ResultReader.read(sample()));
        ReportGenerator.Figure square = m.figures().stream().filter(f -> f.title().equals("MatmulBench.square")).findFirst().orElseThrow();
        assertEquals(Chart.Kind.LINES, square.chart().kind());
        assertEquals(3, square.chart().seriesCount(), "cpu, numpy and ejml");
        assertEquals("GFLOP/s", square.rateUnit());
        ReportGenerator.Figure shape = m.figures().stream().filter(f -> f.title().equals("MatmulBench.shape")).findFirst().orElseThrow();
        assertEquals(Chart.Kind.BARS, shape.chart().kind());
        ReportGenerator.Figure elt = m.figures().stream().filter(f -> f.title().equals("ElementwiseBench.api")).findFirst().orElseThrow();
        assertEquals("GB/s", elt.rateUnit());
    }

    @Test
    void writesPngChartsAndHtml() throws IOException {
        Path out = tmp.resolve("report");
        Path html = new ReportGenerator(null).generate(List.of(sample()), null, out);
        String page = Files.readString(html);
        BufferedImage png = ImageIO.read(out.resolve("chart-matmulbench-square.png").toFile());
        assertNotNull(png, "chart is not a readable PNG");
        assertEquals(Chart.WIDTH, png.getWidth());
        assertEquals(Chart.HEIGHT, png.getHeight());
        for (String id : List.of("chart-matmulbench-shape", "chart-elementwisebench-api", "chart-trainingstepbench-mlp",
                "chart-peakbench-fma")) {
            assertTrue(Files.size(out.resolve(id + ".png")) > 1000, id);
            assertTrue(page.contains("<img src=\"" + id + ".png\""), id);
        }
        // cpu n=128: 209.7 GFLOP/s of a 235.9 GFLOP/s peak = 8/9; 1.25x numpy's 167.8
        assertTrue(page.contains("88.9%"), "percentage of peak missing");
        assertTrue(page.contains("<td>1.25</td>"), "ratio to numpy missing");
        assertTrue(page.contains("no environment.json"), "missing-environment note");
        assertTrue(page.contains("NumPy 1.24.2"), "peer runtime missing");
    }

    @Test
    void environmentRoundTripsIntoTheReport() throws IOException {
        // Built by hand: Environment.collect() would load every backend provider into the test JVM.
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("jdk", "Test VM 17");
        values.put("cpu", Environment.cpuModel());
        values.put("backends", List.of(
                Map.of("name", "cpu", "available", true, "reason", "ok", "description", "cpu: 2 threads <test>"),
                Map.of("name", "cuda", "available", false, "reason", "libcuda.so.1 not found")));
        Path envFile = tmp.resolve("environment.json");
        Environment.of(values).write(envFile);
        Environment env = Environment.read(envFile);
        assertEquals("Test VM 17", env.values().get("jdk"));
        String page = Files.readString(new ReportGenerator(50.0).generate(List.of(sample()), envFile, tmp.resolve("r")));
        assertTrue(page.contains(String.valueOf(values.get("cpu"))));
        assertTrue(page.contains("cpu: 2 threads &lt;test&gt;"), "backend description (escaped) missing");
        assertTrue(page.contains("unavailable: libcuda.so.1 not found"));
        assertTrue(page.contains("--peak"));
    }

    @Test
    void badInputFailsWithTheFileAndField() throws IOException {
        Path notArray = tmp.resolve("bad.json");
        Files.writeString(notArray, "{\"benchmark\": \"x\"}");
        IOException e = assertThrows(IOException.class, () -> ResultReader.read(notArray));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        Path noMetric = tmp.resolve("nometric.json");
        Files.writeString(noMetric, "[{\"benchmark\": \"a.B.c\"}]");
        e = assertThrows(IOException.class, () -> ResultReader.read(noMetric));
        assertTrue(e.getMessage().contains("primaryMetric"), e.getMessage());
        BenchResult weird = new BenchResult("a.B.c", "B", "c", "cpu", Map.of(), 1, 0, "furlongs", "");
        assertThrows(IllegalArgumentException.class, weird::opsPerSecond);
        assertThrows(NumberFormatException.class,
                () -> new Chart("t", "x", "y", Chart.Kind.LINES, Map.of()).put("s", "not-a-number", 1));
    }
}
