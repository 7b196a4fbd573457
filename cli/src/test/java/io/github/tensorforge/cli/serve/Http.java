package io.github.tensorforge.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.nn.io.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small loopback HTTP client for the server tests. */
public final class Http {
    public record Response(int status, String body, String contentType) {
        public JsonNode json() {
            try {
                return Json.parse(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        @Override public String toString() { return status + " " + body; }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) { this.base = "http://127.0.0.1:" + port; }

    public Response get(String path) throws IOException, InterruptedException { return get(path, Duration.ofSeconds(20)); }

    public Response get(String path, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build());
    }

    public Response post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, "application/json", Duration.ofSeconds(20));
    }

    /** A POST with this Content-Type (none when null). */
    public Response post(String path, String body, String contentType, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return send(b.build());
    }

    public Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }
}
