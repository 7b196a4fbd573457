package io.github.tensorforge.cli.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gauges keep reading their suppliers after a garbage collection (Micrometer holds gauge objects weakly). */
class ServerMetricsTest {
    @Test void gaugesSurviveAGarbageCollection() {
        ServerMetrics m = new ServerMetrics();
        m.queue(() -> 3, 64);
        m.receiving(() -> 5, 8);
        m.inFlightIncrement();
        for (int i = 0; i < 3; i++) System.gc();
        String text = m.render();
        for (String line : new String[] {"tensorforge_queue_depth 3.0", "tensorforge_queue_capacity 64.0",
                "tensorforge_requests_receiving 5.0", "tensorforge_requests_receiving_limit 8.0",
                "tensorforge_requests_in_flight 1.0"}) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        assertFalse(text.contains("NaN"), text);
    }
}
