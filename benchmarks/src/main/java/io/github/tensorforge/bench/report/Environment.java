package io.github.tensorforge.bench.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.spi.Availability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the numbers were measured: JDK, CPU model, thread settings and every backend's description. Written by the
 * launcher next to jmh.json and shown at the top of the report.
 */
public final class Environment {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> values;

    private Environment(Map<String, Object> values) { this.values = values; }

    public Map<String, Object> values() { return values; }

    /** Describes this JVM and machine; creates each backend in {@code benchmarked} to read its description. */
    public static Environment collect(String mode, List<String> benchmarked) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("date", Instant.now().toString());
        v.put("mode", mode);
        v.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")");
        v.put("javaHome", System.getProperty("java.home"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        v.put("cpu", cpuModel());
        v.put("hardwareThreads", Runtime.getRuntime().availableProcessors());
        String threads = System.getProperty("tensorforge.cpu.threads", System.getenv("TENSORFORGE_CPU_THREADS"));
        v.put("tensorforge.cpu.threads", threads == null ? "unset (CPU backend default: available processors)" : threads);
        v.put("jmh", jmhVersion());
        String preload = System.getenv("LD_PRELOAD");
        v.put("LD_PRELOAD", preload == null ? "unset" : preload);
        List<Map<String, Object>> backends = new ArrayList<>();
        for (Map.Entry<String, Availability> e : Backends.availability().entrySet()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", e.getKey());
            b.put("available", e.getValue().available());
            b.put("reason", e.getValue().reason());
            if (benchmarked.contains(e.getKey())) {
                try {
                    b.put("description", Backends.get(e.getKey()).description());
                } catch (RuntimeException ex) {
                    b.put("description", "failed to start: " + ex.getMessage());
                }
            }
            backends.add(b);
        }
        v.put("backends", backends);
        return new Environment(v);
    }

    /** An environment with the given entries (a "backends" entry, if any, is a list of maps as {@link #collect} makes). */
    public static Environment of(Map<String, Object> values) { return new Environment(new LinkedHashMap<>(values)); }

    /** An environment read back from {@link #write}'s JSON. */
    public static Environment read(Path file) throws IOException {
        return new Environment(JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {}));
    }

    /** An empty description, for reports of result files whose environment was not recorded. */
    public static Environment unknown() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("note", "no environment.json next to the results; machine details unknown");
        return new Environment(v);
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), values);
    }

    /** The CPU's model name from /proc/cpuinfo (Linux), else the os.arch property. */
    static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                for (String line : Files.readAllLines(info)) {
                    if (line.startsWith("model name")) {
                        int colon = line.indexOf(':');
                        if (colon > 0) return line.substring(colon + 1).trim();
                    }
                }
            } catch (IOException | RuntimeException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }
        return "unknown (" + System.getProperty("os.arch") + ")";
    }

    private static String jmhVersion() {
        String res = "/META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties";
        try (var in = org.openjdk.jmh.runner.Runner.class.getResourceAsStream(res)) {
            if (in == null) return "unknown";
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
