package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BackendProvider;
import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The backends under test and the bookkeeping the summary prints. Every provider on the class path except the
 * reference backend (the oracle) is a parameter of every conformance test; unavailable ones are skipped with the reason
 * their provider gives, never failed.
 */
public final class Conformance {
    private Conformance() {}

    public static final String REFERENCE = "reference";

    private static final Map<String, AtomicLong> CHECKS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> TESTS = new ConcurrentHashMap<>();
    private static final Map<String, String> SKIPPED = new ConcurrentHashMap<>();
    private static final Map<String, String> NO_FLOAT64 = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> FLOAT64 = new ConcurrentHashMap<>();

    /** Parameter source: every provider name except the reference backend, highest priority first. */
    public static Stream<String> backendNames() {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) if (!p.name().equals(REFERENCE)) names.add(p.name());
        return names.stream();
    }

    /** The oracle. */
    public static Backend reference() { return Backends.get(REFERENCE); }

    /**
     * The backend called {@code name}, or a skipped test (JUnit assumption) with the provider's reason when it is not
     * available here. A backend that says it is available but fails to start is a failure, not a skip.
     */
    public static Backend backend(String name) {
        Availability a = Backends.availability().get(name);
        if (a == null) throw new IllegalStateException("no provider called " + name + " on the class path");
        if (!a.available()) {
            SKIPPED.put(name, a.reason());
            Assumptions.abort(name + " skipped: " + a.reason());
        }
        TESTS.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        return Backends.get(name);
    }

    /**
     * Skips the calling test when {@code backend} cannot run float64 (found by running a few float64 ops once); the
     * reason is printed in the summary.
     */
    public static void assumeFloat64(Backend backend) {
        Assumptions.assumeTrue(supportsFloat64(backend),
                () -> backend.name() + " has no float64: " + NO_FLOAT64.get(backend.name()));
    }

    public static boolean supportsFloat64(Backend backend) {
        return FLOAT64.computeIfAbsent(backend.name(), n -> {
            try (var scope = TensorScope.open()) {
                Tensor x = Tensor.on(backend).of(new double[] {1, 2, 3, 4}, 2, 2);
                double s = x.exp().matmul(x).sum().item();
                double expected = (Math.exp(1) * 1 + Math.exp(2) * 3) + (Math.exp(1) * 2 + Math.exp(2) * 4)
                        + (Math.exp(3) * 1 + Math.exp(4) * 3) + (Math.exp(3) * 2 + Math.exp(4) * 4);
                if (Math.abs(s - expected) > 1e-9 * expected) {
                    NO_FLOAT64.put(n, "float64 probe gave " + s + " instead of " + expected);
                    return false;
                }
                return true;
            } catch (RuntimeException e) {
                NO_FLOAT64.put(n, e.toString());
                return false;
            }
        });
    }

    /** Counts one value comparison against the oracle (or a golden value) on {@code backendName}. */
    static void countCheck(String backendName) {
        CHECKS.computeIfAbsent(backendName, k -> new AtomicLong()).incrementAndGet();
    }

    /** One line per provider: how many checks ran, or why it was skipped. */
    static List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (var e : Backends.availability().entrySet()) {
            String name = e.getKey();
            long checks = CHECKS.getOrDefault(name, new AtomicLong()).get();
            if (name.equals(REFERENCE)) {
                lines.add("conformance: reference is the oracle (" + checks + " checks of its own: golden values, leaks)");
            } else if (!e.getValue().available()) {
                lines.add("conformance: " + name + " skipped: " + e.getValue().reason());
            } else {
                long tests = TESTS.getOrDefault(name, new AtomicLong()).get();
                String f64 = NO_FLOAT64.containsKey(name) ? " (float64 tests skipped: " + NO_FLOAT64.get(name) + ")" : "";
                lines.add("conformance: " + name + " ran " + checks + " checks in " + tests + " tests" + f64);
            }
        }
        KnownIssues.summary(lines);
        return lines;
    }
}
