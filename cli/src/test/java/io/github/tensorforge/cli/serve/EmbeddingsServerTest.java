package io.github.tensorforge.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.cli.model.EmbeddingPredictor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/embeddings} (the OpenAI shape) with the real all-MiniLM-L6-v2 behind the micro-batcher. */
class EmbeddingsServerTest {
    static InferenceServer server;
    static Http http;

    @BeforeAll static void start() {
        server = new InferenceServer(EmbeddingPredictor.load("all-minilm-l6-v2", 200),
                new InferenceServer.Options("127.0.0.1", 0, 8, 5, 64, 1 << 16, 4, 30_000));
        http = new Http(server.start());
    }

    @AfterAll static void stop() { server.stop(5_000); }

    static final List<String> TEXTS = List.of("I love this", "what a terrible, awful day", "ok", "the weather is fine",
            "Thanks!! that helped a lot", "meh", "I hate waiting in line", "this is the best thing ever");

    private static float[] alone(String text) throws Exception {
        Http.Response r = http.post("/v1/embeddings", "{\"input\": \"" + text + "\"}");
        assertEquals(200, r.status(), r.toString());
        return vector(r.json().path("data").get(0).path("embedding"));
    }

    private static float[] vector(JsonNode e) {
        float[] v = new float[e.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) e.get(i).asDouble();
        return v;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    @Test void answersInTheOpenAiShape() throws Exception {
        Http.Response r = http.post("/v1/embeddings", "{\"input\": [\"I love this\", \"what a terrible, awful day\"], "
                + "\"model\": \"all-minilm-l6-v2\", \"encoding_format\": \"float\", \"user\": \"u1\"}");
        assertEquals(200, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals("list", j.path("object").asText());
        assertEquals("all-minilm-l6-v2", j.path("model").asText());
        assertEquals(2, j.path("data").size());
        long tokens = 0;
        for (int i = 0; i < 2; i++) {
            JsonNode d = j.path("data").get(i);
            assertEquals("embedding", d.path("object").asText());
            assertEquals(i, d.path("index").asInt());
            float[] v = vector(d.path("embedding"));
            assertEquals(384, v.length);
            double norm = 0;
            for (float x : v) norm += (double) x * x;
            assertEquals(1, Math.sqrt(norm), 1e-5);
            assertTrue(maxDiff(v, alone(TEXTS.get(i))) <= 1e-5, "a text's embedding does not depend on its batch");
        }
        // [CLS] I love this [SEP] and [CLS] what a terrible , awful day [SEP]
        assertEquals(5 + 8, j.path("usage").path("prompt_tokens").asLong(), r.toString());
        assertEquals(j.path("usage").path("prompt_tokens"), j.path("usage").path("total_tokens"));
        assertTrue(j.path("data").get(0).path("truncated").isMissingNode(), "short texts are whole");
        // all-MiniLM-L6-v2 takes 128 tokens; each '!' is one, and 199 stay under this server's 200-character limit
        Http.Response cut = http.post("/v1/embeddings", "{\"input\": \"" + "!".repeat(199) + "\"}");
        assertEquals(200, cut.status(), cut.toString());
        JsonNode truncated = cut.json().path("data").get(0).path("truncated");
        assertEquals(201, truncated.path("tokens").asInt(), cut.toString());
        assertEquals(128, truncated.path("kept").asInt(), cut.toString());
        assertEquals(128, cut.json().path("usage").path("prompt_tokens").asInt(), "usage counts what the model saw");
        JsonNode info = http.get("/v1/model").json();
        assertEquals("embedding", info.path("task").asText());
        assertEquals(384, info.path("dimensions").asInt());
    }

    @Test void concurrentClientsGetTheirOwnEmbeddings() throws Exception {
        List<float[]> expected = new ArrayList<>();
        for (String t : TEXTS) expected.add(alone(t));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int k = 0; k < 4; k++) {
                        int a = (client + k) % TEXTS.size(), b = (client + 3 * k + 1) % TEXTS.size();
                        Http.Response r = http.post("/v1/embeddings", "{\"input\": [\"" + TEXTS.get(a) + "\", \""
                                + TEXTS.get(b) + "\"]}");
                        assertEquals(200, r.status(), r.toString());
                        JsonNode data = r.json().path("data");
                        assertTrue(maxDiff(vector(data.get(0).path("embedding")), expected.get(a)) <= 1e-5);
                        assertTrue(maxDiff(vector(data.get(1).path("embedding")), expected.get(b)) <= 1e-5);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertError(Http.Response r, int status, String message) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.json().path("error").asText().contains(message), "expected '" + message + "' in " + r);
    }

    @Test void badRequestsAreNamed() throws Exception {
        assertError(http.post("/v1/embeddings", "{\"input\": [\"a\"], \"model\": \"text-embedding-3-small\"}"), 400,
                "this server embeds with 'all-minilm-l6-v2'");
        assertError(http.post("/v1/embeddings", "{\"input\": [\"a\"], \"encoding_format\": \"base64\"}"), 400,
                "encoding_format \"base64\" is not supported");
        assertError(http.post("/v1/embeddings", "{\"input\": [\"a\"], \"dimensions\": 128}"), 400, "384 dimensions");
        assertError(http.post("/v1/embeddings", "{\"input\": [[101, 2023]]}"), 400, "input[0]: expected a text");
        assertError(http.post("/v1/embeddings", "{\"input\": []}"), 400, "'input' is empty");
        assertError(http.post("/v1/embeddings", "{\"input\": [\"a\", \"\"]}"), 400, "input[1]: the text is empty");
        assertError(http.post("/v1/embeddings", "{\"input\": 3}"), 400, "'input' must be a text or an array of texts");
        assertError(http.post("/v1/embeddings", "{\"inputs\": [\"a\"]}"), 400, "unknown field 'inputs'");
        assertError(http.post("/v1/embeddings", "{\"input\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}"), 413, "the limit is 4");
        assertError(http.post("/v1/embeddings", "{\"input\": [\"" + "x".repeat(201) + "\"]}"), 413, "the limit is 200");
        assertError(http.post("/v1/embeddings", "{\"input\": [\"a\"]}", "text/plain", Duration.ofSeconds(10)), 415,
                "application/json");
        assertError(http.post("/v1/predict", "{\"inputs\": [\"a\"]}"), 404, "POST /v1/embeddings");
    }
}
