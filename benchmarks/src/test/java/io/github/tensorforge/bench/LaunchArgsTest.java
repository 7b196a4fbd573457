package io.github.tensorforge.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchArgsTest {
    @Test
    void quickDefaults() {
        LaunchArgs a = LaunchArgs.parse("quick");
        assertEquals(LaunchArgs.Mode.QUICK, a.mode());
        assertEquals(Path.of("bench-results"), a.out());
        assertNull(a.peakGflops());
        assertNull(a.backends());
        assertNull(a.include());
        assertTrue(a.includes("anything"));
        assertTrue(a.params().isEmpty());
    }

    @Test
    void fullWithEveryOption() {
        LaunchArgs a = LaunchArgs.parse("full", "--out", "/tmp/r", "--peak", "230.5", "--backends", "CPU, reference,cpu",
                "--include", "Matmul.*square", "--param", "n=1024, 2048", "--param", "shape=128x784x512:nt",
                "--merge", "peers.json");
        assertEquals(LaunchArgs.Mode.FULL, a.mode());
        assertEquals(Path.of("/tmp/r"), a.out());
        assertEquals(230.5, a.peakGflops());
        assertEquals(List.of("cpu", "reference"), a.backends(), "lower-cased, de-duplicated, in order");
        assertTrue(a.includes("io.github.tensorforge.bench.MatmulBench.square_ejml"));
        assertFalse(a.includes("io.github.tensorforge.bench.MatmulBench.shape"));
        assertEquals(List.of(Path.of("peers.json")), a.merge());
        assertEquals(List.of("n", "shape"), List.copyOf(a.params().keySet()), "in command-line order");
        assertEquals(List.of("1024", "2048"), a.params().get("n"));
        assertEquals(List.of("128x784x512:nt"), a.params().get("shape"));
    }

    @Test
    void reportTakesFiles() {
        LaunchArgs a = LaunchArgs.parse("report", "--out", "o", "a.json", "b.json");
        assertEquals(LaunchArgs.Mode.REPORT, a.mode());
        assertEquals(List.of(Path.of("a.json"), Path.of("b.json")), a.inputs());
    }

    @Test
    void badArgumentsExplainThemselves() {
        assertError("Missing required parameter: 'MODE'", new String[0]);
        assertError("expected one of [QUICK, FULL, REPORT] (case-insensitive) but was 'fast'", "fast");
        assertError("Unknown option: '--bogus'", "quick", "--bogus");
        assertError("Missing required parameter for option '--out' (DIR)", "quick", "--out");
        assertError("'lots' is not a double", "quick", "--peak", "lots");
        assertError("--peak must be a positive number", "quick", "--peak", "-3");
        assertError("not a valid regular expression", "quick", "--include", "(");
        assertError("--backends needs at least one name", "quick", "--backends", ",");
        assertError("needs at least one JSON file", "report");
        assertError("only report mode takes files", "quick", "x.json");
        assertError("report mode runs none", "report", "--backends", "cpu", "x.json");
        assertError("report mode runs none", "report", "--param", "n=128", "x.json");
        assertError("--param needs NAME=VALUE", "quick", "--param", "n");
        assertError("--param needs NAME=VALUE", "quick", "--param", "n=,");
        assertError("--param needs NAME=VALUE", "quick", "--param", "=128");
        assertError("--param n is given twice", "quick", "--param", "n=128", "--param", "n=256");
        assertError("choose backends with --backends cpu", "quick", "--param", "backend=cpu");
    }

    private static void assertError(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LaunchArgs.parse(args));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("usage:"), "message should end with the usage");
    }
}
