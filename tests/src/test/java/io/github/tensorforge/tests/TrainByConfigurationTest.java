package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The same training program, with the backend chosen by configuration only (-Dtensorforge.backend), reaches the same
 * test accuracy on OpenCL as on the CPU backend.
 */
class TrainByConfigurationTest {
    private static final Path DIGITS = Path.of("..", "data", "digits-8x8", "digits.csv.gz");

    @Test void openclTrainsTheSameModelAsCpu() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(DIGITS), "bundled digits data not found at " + DIGITS.toAbsolutePath());
        for (String name : new String[] {"cpu", "opencl"}) {
            Assumptions.assumeTrue(Backends.isAvailable(name), name + " is not available here: "
                    + Backends.availability().get(name));
        }
        double cpu = train("cpu"), opencl = train("opencl");
        System.out.printf("digits MLP selected by configuration: cpu accuracy %.4f, opencl accuracy %.4f%n", cpu, opencl);
        assertTrue(cpu >= 0.93, "cpu accuracy " + cpu);
        assertEquals(cpu, opencl, 0.015, "opencl and cpu reach the same accuracy");
    }

    private static double train(String backend) throws Exception {
        ChildJvm.Result r = ChildJvm.run(Duration.ofMinutes(5), Map.of(), List.of("-Dtensorforge.backend=" + backend),
                DigitsTraining.class, DIGITS.toString());
        String out = r.output();
        assertEquals(0, r.exitCode(), "training on " + backend + " failed:\n" + out);
        Matcher m = Pattern.compile("backend=(\\w+) accuracy=([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(backend, m.group(1), "the configured backend ran");
        return Double.parseDouble(m.group(2));
    }
}
