package io.github.tensorforge.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.cli.Main;
import io.github.tensorforge.cli.model.LoadedModel;
import io.github.tensorforge.nn.io.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The inference server on loopback with small models trained in the test: every endpoint, every 400 / 413 / 503 case,
 * graceful shutdown, and a bounded concurrent load test whose answers must equal the single-request answers.
 */
class InferenceServerTest {
    @TempDir static Path tmp;
    static LoadedModel features, text;
    static InferenceServer server, textServer;
    static Http http, textHttp;

    @BeforeAll static void trainAndStart() throws Exception {
        Path blobs = tmp.resolve("blobs.csv");
        StringBuilder sb = new StringBuilder("a,b,c,d,label\n");
        SplittableRandom r = new SplittableRandom(11);
        String[] names = {"alpha", "beta", "gamma"};
        for (int i = 0; i < 450; i++) {
            int c = i % 3;
            for (int j = 0; j < 4; j++) sb.append(String.format(Locale.ROOT, "%.4f,", r.nextGaussian() + (j == c ? 3 : 0)));
            sb.append(names[c]).append('\n');
        }
        Files.writeString(blobs, sb.toString());
        train("--data", blobs.toString(), "--label", "label", "--model", "mlp", "--hidden", "16", "--epochs", "8",
                "--lr", "0.01", "--batch-size", "16", "--out", tmp.resolve("mlp").toString(), "--quiet");
        Path texts = tmp.resolve("texts.csv");
        Files.writeString(texts, "label,text\n" + String.join("", Collections.nCopies(40,
                "positive,good great fine\nnegative,bad awful poor\nneutral,the table is here\n")));
        train("--data", texts.toString(), "--text", "text", "--label", "label", "--model", "bow", "--embed-dim", "8",
                "--epochs", "10", "--lr", "0.05", "--batch-size", "16", "--out", tmp.resolve("bow").toString(), "--quiet");
        features = LoadedModel.load(tmp.resolve("mlp"));
        text = LoadedModel.load(tmp.resolve("bow"), 100);
        server = new InferenceServer(features, new InferenceServer.Options("127.0.0.1", 0, 8, 2, 64, 4096, 16, 10_000));
        http = new Http(server.start());
        textServer = new InferenceServer(text, new InferenceServer.Options("127.0.0.1", 0, 8, 2, 64, 4096, 16, 10_000));
        textHttp = new Http(textServer.start());
    }

    private static void train(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "train";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), full);
        if (code != 0) fail("training failed: " + out + err);
    }

    @AfterAll static void stop() {
        if (server != null) server.stop(5_000);
        if (textServer != null) textServer.stop(5_000);
        if (features != null) features.close();
        if (text != null) text.close();
    }

    @Test void healthModelAndMetricsEndpoints() throws Exception {
        Http.Response h = http.get("/health");
        assertEquals(200, h.status(), h.toString());
        assertTrue(h.json().path("ready").asBoolean() && h.json().path("live").asBoolean(), h.toString());

        Http.Response m = http.get("/v1/model");
        assertEquals(200, m.status(), m.toString());
        JsonNode meta = m.json();
        assertEquals("mlp", meta.path("model_type").asText());
        assertEquals("[\"alpha\",\"beta\",\"gamma\"]", meta.path("classes").toString());
        assertEquals(4, meta.path("features").asInt());
        assertEquals("cpu", meta.path("backend").asText());
        assertTrue(meta.path("parameters").asLong() > 0, m.toString());
        assertEquals(8, meta.path("server").path("max_batch").asInt());
        assertEquals("bow", textHttp.get("/v1/model").json().path("model_type").asText());
        assertTrue(textHttp.get("/v1/model").json().path("vocab_size").asInt() > 5);

        http.post("/v1/predict", "{\"inputs\": [[3, 0, 0, 0]]}");
        http.post("/v1/predict", "{\"inputs\": []}");
        Http.Response metrics = http.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
        String text = metrics.body();
        for (String line : new String[] {"# TYPE tensorforge_http_requests_total counter",
                "tensorforge_http_requests_total{endpoint=\"/v1/predict\",status=\"200\"}",
                "tensorforge_http_requests_total{endpoint=\"/v1/predict\",status=\"400\"}",
                "# TYPE tensorforge_predict_latency_seconds histogram", "tensorforge_predict_latency_seconds_bucket{le=\"+Inf\"}",
                "tensorforge_batch_size_bucket{le=\"8.0\"}", "tensorforge_model_errors_total 0", "tensorforge_queue_depth ",
                "tensorforge_rejected_total ", "jvm_memory_used_bytes{", "process_cpu_usage "}) {
            assertTrue(text.contains(line), "metrics contain '" + line + "':\n" + text);
        }
    }

    @Test void predictAnswersInInputOrder() throws Exception {
        Http.Response r = http.post("/v1/predict", "{\"inputs\": [[3,0,0,0],[0,3,0,0],[0,0,3,0],[3.2,0.1,-0.2,0]]}");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonNode p = r.json().path("predictions");
        assertEquals(4, p.size());
        String[] expected = {"alpha", "beta", "gamma", "alpha"};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], p.get(i).path("label").asText(), r.toString());
            double sum = 0;
            for (JsonNode v : p.get(i).path("probabilities")) sum += v.asDouble();
            assertEquals(1.0, sum, 1e-4);
        }
        Http.Response t = textHttp.post("/v1/predict", "{\"inputs\": [\"good great\", \"awful and bad\", \"the table\"]}");
        assertEquals(200, t.status(), t.toString());
        JsonNode tp = t.json().path("predictions");
        assertEquals("positive", tp.get(0).path("label").asText(), t.toString());
        assertEquals("negative", tp.get(1).path("label").asText(), t.toString());
        assertEquals("neutral", tp.get(2).path("label").asText(), t.toString());
        assertTrue(tp.get(0).path("truncated").isMissingNode(), "only texts longer than the model takes say so: " + t);
    }

    @Test void badRequestsGet400WithAMessage() throws Exception {
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3,4]"), 400, "malformed JSON");
        assertError(http.post("/v1/predict", "not json at all"), 400, "malformed JSON");
        assertError(http.post("/v1/predict", ""), 400, "empty request body");
        assertError(http.post("/v1/predict", "[[1,2,3,4]]"), 400, "must be a JSON object");
        assertError(http.post("/v1/predict", "{}"), 400, "missing field 'inputs'");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3,4]], \"x\": 1}"), 400, "unknown field 'x'");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3,4]], \"inputs\": []}"), 400, "malformed JSON");
        assertError(http.post("/v1/predict", "{\"inputs\": {\"a\": 1}}"), 400, "'inputs' must be an array");
        assertError(http.post("/v1/predict", "{\"inputs\": []}"), 400, "'inputs' is empty");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3]]}"), 400, "inputs[0]: expected 4 numbers, got 3");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3,4],[1,2,3,4,5]]}"), 400, "inputs[1]: expected 4 numbers, got 5");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,\"2\",3,4]]}"), 400, "feature 1 must be a number, got a string");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3,[4]]]}"), 400, "feature 3 must be a number");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3,true]]}"), 400, "a boolean");
        assertError(http.post("/v1/predict", "{\"inputs\": [null]}"), 400, "got null");
        assertError(http.post("/v1/predict", "{\"inputs\": [\"text\"]}"), 400, "expected an array of 4 numbers, got a string");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3,1e39]]}"), 400, "not a finite float32");
        assertError(http.post("/v1/predict", "{\"inputs\": [[1,2,3,NaN]]}"), 400, "malformed JSON");
        assertError(http.post("/v1/predict", "{\"inputs\": " + "[".repeat(200) + "]".repeat(200) + "}"), 400, "malformed JSON");
        assertError(textHttp.post("/v1/predict", "{\"inputs\": [[1,2,3,4]]}"), 400, "expected a text (JSON string)");
        assertError(textHttp.post("/v1/predict", "{\"inputs\": [\"ok\", \"  \"]}"), 400, "inputs[1]: the text is empty");
        assertError(http.get("/v1/nothing"), 404, "no endpoint GET /v1/nothing");
        assertError(http.get("/v1/predict"), 405, "not allowed");
        // after all that the server still answers correctly
        assertEquals(200, http.post("/v1/predict", "{\"inputs\": [[3,0,0,0]]}").status());
    }

    @Test void oversizedRequestsGet413() throws Exception {
        StringBuilder big = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 400; i++) big.append(i == 0 ? "" : ",").append("[1.0,2.0,3.0,4.0]");
        big.append("]}");
        assertTrue(big.length() > 4096);
        assertError(http.post("/v1/predict", big.toString()), 413, "exceeds the limit of 4096 bytes");
        StringBuilder many = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 17; i++) many.append(i == 0 ? "" : ",").append("[1,2,3,4]");
        many.append("]}");
        assertError(http.post("/v1/predict", many.toString()), 413, "the limit is 16 per request");
        assertError(textHttp.post("/v1/predict", "{\"inputs\": [\"" + "word ".repeat(30) + "\"]}"), 413,
                "inputs[0]: the text has 150 characters; the limit is 100");
        assertEquals(200, http.post("/v1/predict", "{\"inputs\": [[1,2,3,4]]}").status());
    }

    @Test void fullQueueGets503AndAcceptedRequestsStillSucceed() throws Exception {
        GatedPredictor gated = new GatedPredictor(features);
        InferenceServer s = new InferenceServer(gated, new InferenceServer.Options("127.0.0.1", 0, 1, 0, 1, 4096, 16, 20_000));
        Http h = new Http(s.start());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Http.Response> first = pool.submit(() -> h.post("/v1/predict", "{\"inputs\": [[3,0,0,0]]}"));
            assertTrue(gated.entered.await(10, TimeUnit.SECONDS), "the worker took the first request");
            Future<Http.Response> second = pool.submit(() -> h.post("/v1/predict", "{\"inputs\": [[0,3,0,0]]}"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (h.get("/health").json().path("queue_depth").asInt() < 1) {
                if (System.nanoTime() > deadline) fail("the second request never reached the queue");
                Thread.sleep(5);
            }
            Http.Response third = h.post("/v1/predict", "{\"inputs\": [[0,0,3,0]]}");
            assertError(third, 503, "queue is full");
            gated.gate.countDown();
            assertEquals("alpha", first.get(10, TimeUnit.SECONDS).json().path("predictions").get(0).path("label").asText());
            assertEquals("beta", second.get(10, TimeUnit.SECONDS).json().path("predictions").get(0).path("label").asText());
            assertTrue(h.get("/metrics").body().contains("tensorforge_rejected_total 1"));
        } finally {
            gated.gate.countDown();
            pool.shutdownNow();
            s.stop(5_000);
        }
    }

    @Test void gracefulShutdownFinishesRequestsInFlight() throws Exception {
        GatedPredictor gated = new GatedPredictor(features);
        InferenceServer s = new InferenceServer(gated, new InferenceServer.Options("127.0.0.1", 0, 4, 0, 8, 4096, 16, 20_000));
        Http h = new Http(s.start());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Http.Response> inFlight = pool.submit(() -> h.post("/v1/predict", "{\"inputs\": [[0,0,3,0]]}"));
            assertTrue(gated.entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> s.stop(10_000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Http.Response health;
            while ((health = h.get("/health")).status() != 503) {
                if (System.nanoTime() > deadline) fail("health never reported shutting down");
                Thread.sleep(5);
            }
            assertEquals(false, health.json().path("ready").asBoolean());
            assertError(h.post("/v1/predict", "{\"inputs\": [[0,0,3,0]]}"), 503, "shutting down");
            gated.gate.countDown();
            Http.Response r = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.status(), "the request in flight is answered: " + r);
            assertEquals("gamma", r.json().path("predictions").get(0).path("label").asText());
            stopping.get(10, TimeUnit.SECONDS);
            try {
                Http.Response after = h.get("/health");
                fail("server still answering after stop: " + after);
            } catch (IOException expected) {
                // connection refused: the server is down
            }
        } finally {
            gated.gate.countDown();
            pool.shutdownNow();
            s.stop(1_000);
        }
    }

    @Test void concurrentLoadGetsTheSameAnswersAsSingleRequests() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            inputs.add(String.format(Locale.ROOT, "[%.3f,%.3f,%.3f,%.3f]", r.nextDouble(-1, 4), r.nextDouble(-1, 4),
                    r.nextDouble(-1, 4), r.nextDouble(-1, 4)));
        }
        LoadTest.Result result = LoadTest.run(http, server, inputs); // every answer checked against its single one
        System.out.println("load test: " + result);
        assertEquals(LoadTest.CLIENTS * LoadTest.PER_CLIENT, result.requests());
        assertTrue(result.meanBatch() > 1.0, "concurrent requests were grouped into batches: " + result);
    }

    private static void assertError(Http.Response r, int status, String message) {
        assertEquals(status, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals(status, j.path("status").asInt(), r.toString());
        assertTrue(j.path("error").asText().contains(message), "expected '" + message + "' in " + r);
    }

    @Test void predictionsMustBeSentAsJson() throws Exception {
        String body = "{\"inputs\": [[3,0,0,0]]}";
        Duration t = Duration.ofSeconds(20);
        // what a web page can make a browser post without asking first (a CORS "simple" request), and other types
        for (String type : new String[] {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonp", "text/json"}) {
            Http.Response r = http.post("/v1/predict", body, type, t);
            assertError(r, 415, "send the body as Content-Type: application/json");
            // (Jetty may hand a well-known type over in its canonical spelling, e.g. charset=UTF-8)
            assertTrue(r.json().path("error").asText().toLowerCase(Locale.ROOT)
                    .contains("unsupported content-type '" + type + "'"), r.toString());
        }
        assertError(http.post("/v1/predict", body, null, t), 415, "the request has no Content-Type");
        Http.Response latin = http.post("/v1/predict", body, "application/json; charset=iso-8859-1", t);
        assertError(latin, 415, "; send the JSON body in UTF-8 (Content-Type: application/json; charset=utf-8)");
        assertTrue(latin.json().path("error").asText().toLowerCase(Locale.ROOT).contains("unsupported charset 'iso-8859-1'"),
                latin.toString());
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "Application/JSON",
                "application/json;charset=UTF-8", "APPLICATION/JSON ; Charset=\"utf-8\""}) {
            Http.Response r = http.post("/v1/predict", body, type, t);
            assertEquals(200, r.status(), type + ": " + r);
            assertEquals("alpha", r.json().path("predictions").get(0).path("label").asText(), type + ": " + r);
        }
        assertTrue(http.get("/metrics").body().contains(
                "tensorforge_http_requests_total{endpoint=\"/v1/predict\",status=\"415\"}"));
    }

    /**
     * Clients that send the headers and part of a body, then stall, once held every request thread (250) until
     * /health and /v1/predict timed out. Now each body must arrive within the read timeout (408), and beyond the limit
     * of requests being received at once the server answers 503 at once without waiting for the body.
     */
    @Test void slowClientsCannotStarveOthers() throws Exception {
        int slow = 300, limit = 8;
        long readTimeout = 4_000;
        InferenceServer s = new InferenceServer(features, new InferenceServer.Options("127.0.0.1", 0, 8, 2, 64, 4096, 16,
                10_000, readTimeout, limit));
        int port = s.start();
        Http h = new Http(port);
        List<Socket> sockets = new ArrayList<>();
        byte[] partial = ("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"inputs\": [[1,").getBytes(StandardCharsets.US_ASCII);
        try {
            // first the clients that take every receiving slot, then (once they hold them) the many that find none
            for (int i = 0; i < slow; i++) {
                Socket so = new Socket("127.0.0.1", port);
                sockets.add(so);
                so.setSoTimeout(15_000);
                so.getOutputStream().write(partial);
                so.getOutputStream().flush();
                if (i == limit - 1) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!h.get("/metrics", Duration.ofSeconds(2)).body()
                            .contains("tensorforge_requests_receiving " + limit)) {
                        if (System.nanoTime() > deadline) fail("the slow clients never took the " + limit + " receiving slots");
                        Thread.sleep(5);
                    }
                }
            }
            // the limit is reached: health answers at once, and so does a prediction (503, retry)
            long t0 = System.nanoTime();
            Http.Response health = h.get("/health", Duration.ofSeconds(2));
            assertEquals(200, health.status(), health.toString());
            assertError(h.post("/v1/predict", "{\"inputs\": [[3,0,0,0]]}", "application/json", Duration.ofSeconds(2)),
                    503, "too many prediction requests are being received at once (the limit is 8); retry later");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "answered at once");
            // the stalled bodies time out, and predictions succeed again
            Http.Response ok;
            while ((ok = h.post("/v1/predict", "{\"inputs\": [[3,0,0,0]]}", "application/json", Duration.ofSeconds(2)))
                    .status() == 503) {
                assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(readTimeout + 3_000),
                        "a prediction succeeds once the slow bodies time out: " + ok);
                Thread.sleep(20);
            }
            assertEquals(200, ok.status(), ok.toString());
            assertEquals("alpha", ok.json().path("predictions").get(0).path("label").asText());
            // every slow client got an answer and was disconnected: 408 for those being received, 503 for the others
            // (on a busy machine, opening the sockets can outlast the read timeout: then more than the limit get 408)
            int timedOut = 0, rejected = 0;
            for (Socket so : sockets) {
                String answer = new String(so.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                if (answer.startsWith("HTTP/1.1 408")) {
                    timedOut++;
                    assertTrue(answer.contains("did not arrive within the read timeout of 4000 ms"), answer);
                } else if (answer.startsWith("HTTP/1.1 503")) {
                    rejected++;
                } else {
                    fail("a slow client got: " + answer);
                }
            }
            assertTrue(timedOut >= limit, "the requests being received timed out: " + timedOut);
            assertEquals(slow, timedOut + rejected);
        } finally {
            for (Socket so : sockets) so.close();
            s.stop(5_000);
        }
    }

    @Test void chunkedBodiesAreBoundedToo() throws Exception {
        StringBuilder big = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 400; i++) big.append(i == 0 ? "" : ",").append("[1.0,2.0,3.0,4.0]");
        big.append("]}");
        byte[] bytes = big.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // a publisher of unknown length makes the client send chunked transfer encoding (no Content-Length)
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/predict"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build();
        assertError(http.send(req), 413, "exceeds the limit of 4096 bytes");
    }
}
