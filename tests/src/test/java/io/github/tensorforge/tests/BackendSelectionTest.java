package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.spi.BackendProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backend choice by configuration only, in fresh JVMs (the default backend is process-wide state): a configured name
 * wins over priority, and an unknown name fails with a message that lists every provider.
 */
class BackendSelectionTest {

    static String probe(String... props) throws IOException, InterruptedException {
        return probeWithEnv(null, props);
    }

    /** The DEFAULT= or ERROR= line of {@link #run}. */
    static String probeWithEnv(String envBackend, String... props) throws IOException, InterruptedException {
        String out = run(envBackend, props);
        return out.lines().filter(l -> l.startsWith("DEFAULT=") || l.startsWith("ERROR=")).findFirst()
                .orElseThrow(() -> new AssertionError("no result from the child JVM: " + out));
    }

    /**
     * Runs {@link SelectionProbe} in a child JVM with the given JVM options and TENSORFORGE_BACKEND (or none); returns
     * everything it printed.
     */
    static String run(String envBackend, String... props) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("TENSORFORGE_BACKEND", envBackend);
        ChildJvm.Result r = ChildJvm.run(Duration.ofSeconds(60), env, List.of(props), SelectionProbe.class);
        assertEquals(0, r.exitCode(), "child JVM failed: " + r.output());
        return r.output();
    }

    @Test
    void configuredBackendIsTheDefault() throws Exception {
        assertEquals("DEFAULT=reference", probe("-Dtensorforge.backend=reference"));
        for (String name : Backends.availableNames()) {
            assertEquals("DEFAULT=" + name, probe("-Dtensorforge.backend=" + name), "configured " + name);
        }
    }

    @Test
    void environmentVariableSelectsTheBackendAndThePropertyWins() throws Exception {
        assertEquals("DEFAULT=reference", probeWithEnv("reference"));
        String other = Backends.availableNames().get(0);
        assertEquals("DEFAULT=" + other, probeWithEnv("reference", "-Dtensorforge.backend=" + other));
        assertTrue(probeWithEnv("nosuchbackend").startsWith("ERROR="), "an unknown TENSORFORGE_BACKEND must fail");
    }

    @Test
    void aConfiguredBackendStartsNoOtherDriver() throws Exception {
        // Ranking the providers asks the OpenCL one for its priority, which lists OpenCL devices (and loads PoCL and
        // LLVM on a CPU-only machine). Asking for a backend by name must not: the class-load log shows whether the
        // OpenCL device probe ran.
        String out = run(null, "-Dtensorforge.backend=reference", "-Xlog:class+load=info");
        assertTrue(out.contains("DEFAULT=reference"), out.lines().filter(l -> !l.contains("class,load")).toList().toString());
        assertTrue(out.contains("io.github.tensorforge.opencl.ClBackendProvider "), "the OpenCL provider must be on the"
                + " class path for this test to mean anything");
        assertFalse(out.contains("io.github.tensorforge.opencl.ClDevice "), "asking for the reference backend probed"
                + " OpenCL devices");
    }

    @Test
    void withoutConfigurationTheHighestPriorityAvailableBackendWins() throws Exception {
        assertEquals("DEFAULT=" + Backends.availableNames().get(0), probe());
    }

    @Test
    void unknownBackendFailsListingEveryProvider() throws Exception {
        String out = probe("-Dtensorforge.backend=nosuchbackend");
        assertTrue(out.startsWith("ERROR="), "an unknown backend must fail, got " + out);
        assertTrue(out.contains("nosuchbackend"), "the error must name the requested backend: " + out);
        for (BackendProvider p : Backends.providers()) {
            assertTrue(out.contains(p.name()), "the error must list provider " + p.name() + ": " + out);
        }
        for (var e : Backends.availability().entrySet()) {
            if (!e.getValue().available()) {
                assertTrue(out.contains(e.getValue().reason()), "the error must say why " + e.getKey()
                        + " is unavailable (" + e.getValue().reason() + "): " + out);
            }
        }
    }

    @Test
    void unavailableBackendFailsWithItsReason() throws Exception {
        for (var e : Backends.availability().entrySet()) {
            if (e.getValue().available()) continue;
            String out = probe("-Dtensorforge.backend=" + e.getKey());
            assertTrue(out.startsWith("ERROR=") && out.contains(e.getValue().reason()),
                    "configuring unavailable " + e.getKey() + " must fail with its reason: " + out);
        }
    }
}
