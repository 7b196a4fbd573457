package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.Buffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kernel of the op table, driven by the enums ({@code UnaryOp.values()}, {@code BinaryOp.values()},
 * {@code ReduceOp.values()}, every activation): each backend's result against the reference backend's, through the
 * SPI, on contiguous, strided and broadcast-scalar operands in float32 and float64. An op added to an enum is tested
 * here on every backend without a line of this test changing; the per-op tests next to it add input ranges, promotion
 * and gradients. The cases are {@link JitWarmStress#cases}; fused kernels are compared where the reference has them.
 */
class OpTableConformanceTest {
    @BackendTest
    void everyOpOfTheTableMatchesTheReference(String name) {
        Backend b = Conformance.backend(name);
        Backend ref = Backends.get("reference");
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (DType dt : Layouts.floats(b)) {
            Map<String, JitWarmStress.Case> expected = new LinkedHashMap<>();
            for (JitWarmStress.Case c : JitWarmStress.cases(ref, dt)) expected.put(c.name(), c);
            for (JitWarmStress.Case c : JitWarmStress.cases(b, dt)) {
                JitWarmStress.Case e = expected.get(c.name());
                if (e == null) continue; // a fused kernel the reference backend does not have
                String diff = JitWarmStress.difference(run(ref, e), run(b, c), "reference", name, 2e-5);
                if (diff != null) failures.add(c.name() + " " + dt + ": " + diff);
                compared++;
            }
        }
        assertTrue(compared > 100, "the op table yields cases: " + compared);
        assertTrue(failures.isEmpty(), name + " differs from the reference in " + failures.size() + " of " + compared
                + " kernel calls:\n" + String.join("\n", failures));
    }

    private static Object run(Backend b, JitWarmStress.Case c) {
        Buffer out = c.call().run();
        try {
            return b.download(out);
        } finally {
            out.release();
        }
    }
}
