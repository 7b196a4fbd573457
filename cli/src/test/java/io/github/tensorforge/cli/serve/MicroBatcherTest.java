package io.github.tensorforge.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.model.BatchPredictor;
import io.github.tensorforge.cli.model.Prediction;
import io.github.tensorforge.nn.io.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batching, ordering, failure isolation, bounded queue and draining of the micro-batcher, with a fake model. */
class MicroBatcherTest {
    /** Answers input i (an Integer) with label "i"; can fail on a marked input; records batch sizes. */
    static final class Echo implements BatchPredictor {
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate;

        @Override public Object encode(JsonNode input) { return input.intValue(); }

        @Override public List<Prediction> predict(List<Object> encoded) {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            batches.add(encoded.size());
            List<Prediction> out = new ArrayList<>();
            for (Object o : encoded) {
                if ((Integer) o < 0) throw new IllegalStateException("model failure on " + o);
                out.add(Prediction.classification(Integer.toString((Integer) o), Map.of(o.toString(), 1.0)));
            }
            return out;
        }

        @Override public ObjectNode metadata() { return Json.object(); }
    }

    @Test void concurrentRequestsAreGroupedAndAnsweredInOrder() throws Exception {
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        try (MicroBatcher b = new MicroBatcher(echo, 8, 20, 100, new ServerMetrics())) {
            List<CompletableFuture<List<Prediction>>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) fs.add(b.submit(List.of(i)));
            echo.gate.countDown();
            for (int i = 0; i < 20; i++) {
                List<Prediction> p = fs.get(i).get(10, TimeUnit.SECONDS);
                assertEquals(1, p.size());
                assertEquals(Integer.toString(i), p.get(0).label());
            }
            int total = 0;
            for (int s : echo.batches) {
                assertTrue(s >= 1 && s <= 8, "batch size " + s + " within max batch 8: " + echo.batches);
                total += s;
            }
            assertEquals(20, total);
            assertTrue(echo.batches.stream().anyMatch(s -> s > 1), "requests were grouped: " + echo.batches);
        }
    }

    @Test void aLargeRequestRunsInChunksOfMaxBatch() throws Exception {
        Echo echo = new Echo();
        try (MicroBatcher b = new MicroBatcher(echo, 8, 1, 10, new ServerMetrics())) {
            List<Object> in = new ArrayList<>();
            for (int i = 0; i < 20; i++) in.add(i);
            List<Prediction> p = b.submit(in).get(10, TimeUnit.SECONDS);
            assertEquals(20, p.size());
            for (int i = 0; i < 20; i++) assertEquals(Integer.toString(i), p.get(i).label());
            assertEquals(List.of(8, 8, 4), echo.batches);
        }
    }

    @Test void aFailingBatchFailsOnlyItsRequests() throws Exception {
        Echo echo = new Echo();
        ServerMetrics m = new ServerMetrics();
        try (MicroBatcher b = new MicroBatcher(echo, 4, 0, 10, m)) {
            CompletableFuture<List<Prediction>> bad = b.submit(List.of(1, -1));
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("model failure"), e.toString());
            assertEquals("7", b.submit(List.of(7)).get(10, TimeUnit.SECONDS).get(0).label());
            assertTrue(m.render().contains("tensorforge_model_errors_total 1"));
        }
    }

    @Test void aFullQueueRejectsAndShutdownDrains() throws Exception {
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        MicroBatcher b = new MicroBatcher(echo, 1, 0, 2, new ServerMetrics());
        CompletableFuture<List<Prediction>> first = b.submit(List.of(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (b.queueDepth() > 0 && System.nanoTime() < deadline) Thread.sleep(2);
        CompletableFuture<List<Prediction>> second = b.submit(List.of(2));
        CompletableFuture<List<Prediction>> third = b.submit(List.of(3));
        RejectedExecutionException full = assertThrows(RejectedExecutionException.class, () -> b.submit(List.of(4)));
        assertTrue(full.getMessage().contains("queue is full"), full.getMessage());
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
            try {
                return b.shutdown(10_000);
            } catch (InterruptedException e) {
                return false;
            }
        });
        Thread.sleep(20);
        assertThrows(RejectedExecutionException.class, () -> b.submit(List.of(5)), "no new work while stopping");
        echo.gate.countDown();
        assertEquals("1", first.get(10, TimeUnit.SECONDS).get(0).label());
        assertEquals("2", second.get(10, TimeUnit.SECONDS).get(0).label());
        assertEquals("3", third.get(10, TimeUnit.SECONDS).get(0).label());
        assertTrue(stopped.get(10, TimeUnit.SECONDS), "the worker stopped after draining the queue");
    }
}
