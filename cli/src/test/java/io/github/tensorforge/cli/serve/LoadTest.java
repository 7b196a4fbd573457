package io.github.tensorforge.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.nn.io.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server load test: 16 clients send 50 requests each, of 1 to 3 inputs drawn from {@code inputs} (JSON values),
 * to {@code /v1/predict}; every answer must equal the single-request answer of its input (same label, probabilities
 * within 1e-5: other batch neighbours change only float rounding), and concurrent requests must be batched.
 */
public final class LoadTest {
    public static final int CLIENTS = 16, PER_CLIENT = 50;

    /** Throughput and latency of one run. */
    public record Result(int requests, int inputs, double seconds, double p50Millis, double p99Millis, double meanBatch) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "%d clients x %d requests (%d inputs) in %.2f s: %.0f requests/s, %.0f "
                            + "inputs/s, latency p50 %.2f ms, p99 %.2f ms; mean batch %.2f inputs", CLIENTS, PER_CLIENT,
                    inputs, seconds, requests / seconds, inputs / seconds, p50Millis, p99Millis, meanBatch);
        }
    }

    private LoadTest() {}

    public static Result run(Http http, InferenceServer server, List<String> inputs) throws Exception {
        List<JsonNode> single = new ArrayList<>();
        for (String in : inputs) {
            Http.Response resp = http.post("/v1/predict", "{\"inputs\": [" + in + "]}");
            if (resp.status() != 200) throw new AssertionError("single request: " + resp);
            single.add(resp.json().path("predictions").get(0));
        }
        long batchesBefore = server.metrics().batchCount();
        double inputsBefore = server.metrics().batchSizeSum();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger checked = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            final int client = c;
            futures.add(pool.submit(() -> {
                SplittableRandom cr = new SplittableRandom(100 + client);
                for (int k = 0; k < PER_CLIENT; k++) {
                    int n = 1 + cr.nextInt(3);
                    int[] pick = new int[n];
                    StringBuilder body = new StringBuilder("{\"inputs\": [");
                    for (int j = 0; j < n; j++) {
                        pick[j] = cr.nextInt(inputs.size());
                        body.append(j == 0 ? "" : ",").append(inputs.get(pick[j]));
                    }
                    body.append("]}");
                    long s = System.nanoTime();
                    Http.Response resp = http.post("/v1/predict", body.toString());
                    latencies.add(System.nanoTime() - s);
                    if (resp.status() != 200) throw new AssertionError("client " + client + ": " + resp);
                    JsonNode p = resp.json().path("predictions");
                    if (p.size() != n) throw new AssertionError("expected " + n + " predictions: " + resp);
                    for (int j = 0; j < n; j++) {
                        assertSameAnswer(single.get(pick[j]), p.get(j), "input " + pick[j]);
                        checked.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(180, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new AssertionError("load test did not finish within 180 s");
        }
        for (Future<?> f : futures) f.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int requests = sorted.size();
        if (requests != CLIENTS * PER_CLIENT) throw new AssertionError(requests + " requests answered");
        double p50 = sorted.get(requests / 2) / 1e6, p99 = sorted.get(Math.min(requests - 1, (int) (requests * 0.99))) / 1e6;
        long batches = server.metrics().batchCount() - batchesBefore;
        double mean = (server.metrics().batchSizeSum() - inputsBefore) / Math.max(1, batches);
        if (!(mean > 1.0)) throw new AssertionError("concurrent requests were not grouped into batches (mean " + mean + ")");
        JsonNode health = Json.parse(http.get("/health").body());
        if (health.path("queue_depth").asInt() != 0) throw new AssertionError("queue not empty after the load: " + health);
        return new Result(requests, checked.get(), secs, p50, p99, mean);
    }

    /** Same label, probabilities equal up to float rounding of a different batch composition. */
    static void assertSameAnswer(JsonNode expected, JsonNode actual, String what) {
        if (!expected.path("label").asText().equals(actual.path("label").asText())) {
            throw new AssertionError(what + ": label " + actual + " differs from single-request answer " + expected);
        }
        var it = expected.path("probabilities").fields();
        while (it.hasNext()) {
            var e = it.next();
            double a = actual.path("probabilities").path(e.getKey()).asDouble(Double.NaN);
            if (!(Math.abs(a - e.getValue().asDouble()) <= 1e-5)) {
                throw new AssertionError(what + ": probability of " + e.getKey() + " " + a + " differs from "
                        + e.getValue().asDouble());
            }
        }
    }
}
