package io.github.tensorforge.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.model.InvalidInputException;
import io.github.tensorforge.cli.model.Prediction;
import io.github.tensorforge.cli.model.BatchPredictor;
import io.github.tensorforge.cli.model.EmbeddingPredictor;
import io.github.tensorforge.nn.io.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The HTTP inference service (Javalin on Jetty):
 * <ul>
 *   <li>{@code POST /v1/predict} {@code {"inputs": [...]}} (texts or feature vectors) answers
 *       {@code {"predictions": [{"label": ..., "probabilities": {...}}]}} in input order; for a pretrained
 *       encoder ({@link EmbeddingPredictor}), {@code POST /v1/embeddings} in the OpenAI embeddings shape; a fine-tuned
 *       encoder serves both;</li>
 *   <li>{@code GET /v1/model}: the model's metadata; {@code GET /health}: liveness and readiness;
 *       {@code GET /metrics}: Prometheus text.</li>
 * </ul>
 * Inputs are validated on the request thread (400 with a message, 413 over a size limit) and then queued for the
 * {@link MicroBatcher}; a full queue answers 503. {@link #stop} shuts down gracefully: new predictions get 503, requests
 * in flight finish, then the HTTP server and the batcher's worker stop.
 *
 * <p>Slow clients cannot take every request thread: a prediction's body must arrive within the read timeout (408
 * otherwise, and the connection is closed), at most {@code maxReceiving} prediction requests are received at once (more
 * get 503 at once, without their bodies being read), and the thread pool keeps {@link #SPARE_THREADS} threads beyond
 * that for everything else, so {@code /health}, {@code /metrics} and {@code /v1/model} answer while the limit is reached.
 * A prediction's body must be {@code application/json} (415 otherwise), so a web page cannot make a browser post one
 * as a "simple" cross-origin request.
 */
public final class InferenceServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceServer.class);
    private static final Set<String> ENDPOINTS = Set.of("/v1/predict", "/v1/embeddings", "/v1/model", "/health", "/metrics");

    /** Default of {@link Options#readTimeoutMillis}: the longest time a client may take to send a prediction's body. */
    public static final long DEFAULT_READ_TIMEOUT_MILLIS = 10_000;
    /** Default of {@link Options#maxReceiving}: prediction requests whose bodies may be received at once. */
    public static final int DEFAULT_MAX_RECEIVING = 128;
    /** Request threads kept beyond {@code maxReceiving} for health, metrics, model and rejected requests. */
    static final int SPARE_THREADS = 32;

    /** Server settings; see the serve command's options. */
    public record Options(String host, int port, int maxBatch, long maxWaitMillis, int queueCapacity, long maxBodyBytes,
                          int maxInputs, long requestTimeoutMillis, long readTimeoutMillis, int maxReceiving) {
        public Options {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            if (maxBodyBytes <= 0) throw new IllegalArgumentException("max body bytes must be positive, got " + maxBodyBytes);
            if (maxInputs <= 0) throw new IllegalArgumentException("max inputs must be positive, got " + maxInputs);
            if (requestTimeoutMillis <= 0) throw new IllegalArgumentException("request timeout must be positive");
            if (readTimeoutMillis <= 0) {
                throw new IllegalArgumentException("read timeout must be positive, got " + readTimeoutMillis);
            }
            if (maxReceiving <= 0) {
                throw new IllegalArgumentException("max receiving must be positive, got " + maxReceiving);
            }
        }

        /** With the default read timeout and limit of requests being received. */
        public Options(String host, int port, int maxBatch, long maxWaitMillis, int queueCapacity, long maxBodyBytes,
                       int maxInputs, long requestTimeoutMillis) {
            this(host, port, maxBatch, maxWaitMillis, queueCapacity, maxBodyBytes, maxInputs, requestTimeoutMillis,
                    DEFAULT_READ_TIMEOUT_MILLIS, DEFAULT_MAX_RECEIVING);
        }

        public static Options defaults(int port) {
            return new Options("127.0.0.1", port, 32, 5, 1024, 1 << 20, 256, 30_000);
        }
    }

    /**
     * What one inference endpoint reads from a request's JSON object and answers: {@code /v1/predict} for trained
     * models, {@code /v1/embeddings} (the OpenAI embeddings shape) for pretrained encoders.
     */
    private interface Endpoint {
        /** The endpoint's path. */
        String path();

        /** The field that holds the inputs (error messages name inputs as {@code field[i]}). */
        String field();

        /** An example body, for error messages. */
        String example();

        /** The raw inputs of the request (not yet encoded); every problem is an {@link InvalidInputException}. */
        JsonNode inputs(ObjectNode root);

        /** The 200 answer to {@code encoded} inputs with their (finite) predictions. */
        ObjectNode answer(List<Object> encoded, List<Prediction> predictions);
    }

    /** {@code POST /v1/predict {"inputs": [...]}} -> {@code {"predictions": [...]}}. */
    private static final Endpoint PREDICT = new Endpoint() {
        @Override public String path() { return "/v1/predict"; }

        @Override public String field() { return "inputs"; }

        @Override public String example() { return "{\"inputs\": [...]}"; }

        @Override public JsonNode inputs(ObjectNode root) {
            onlyFields(root, Set.of("inputs"), example());
            JsonNode inputs = root.get("inputs");
            if (inputs == null) throw new InvalidInputException(400, "missing field 'inputs'; send " + example());
            if (!inputs.isArray()) {
                throw new InvalidInputException(400, "'inputs' must be an array of inputs, got " + typeName(inputs));
            }
            return inputs;
        }

        @Override public ObjectNode answer(List<Object> encoded, List<Prediction> predictions) {
            ObjectNode o = Json.object();
            ArrayNode arr = o.putArray("predictions");
            for (Prediction p : predictions) arr.add(p.toJson());
            return o;
        }
    };

    /**
     * {@code POST /v1/embeddings} in the OpenAI request and response shape: {@code {"input": "text" | ["text", ...],
     * "model": ..., "encoding_format": "float"}} -> {@code {"object": "list", "data": [{"object": "embedding",
     * "embedding": [...], "index": 0}], "model": ..., "usage": {"prompt_tokens": n, "total_tokens": n}}}.
     */
    private static Endpoint embeddings(EmbeddingPredictor encoder) {
        return new Endpoint() {
            @Override public String path() { return "/v1/embeddings"; }

            @Override public String field() { return "input"; }

            @Override public String example() { return "{\"input\": [\"a text\", ...]}"; }

            @Override public JsonNode inputs(ObjectNode root) {
                onlyFields(root, Set.of("input", "model", "encoding_format", "dimensions", "user"), example());
                JsonNode model = root.get("model");
                if (model != null && !(model.isTextual() && model.textValue().equals(encoder.name()))) {
                    throw new InvalidInputException(400, "this server embeds with '" + encoder.name() + "', not "
                            + model + "; send \"model\": \"" + encoder.name() + "\" or leave it out");
                }
                JsonNode format = root.get("encoding_format");
                if (format != null && !(format.isTextual() && format.textValue().equals("float"))) {
                    throw new InvalidInputException(400, "encoding_format " + format + " is not supported; send \"float\"");
                }
                JsonNode dims = root.get("dimensions");
                if (dims != null && !(dims.isIntegralNumber() && dims.asLong() == encoder.dimensions())) {
                    throw new InvalidInputException(400, "this model's embeddings have " + encoder.dimensions()
                            + " dimensions, not " + dims + " (it cannot shorten them)");
                }
                JsonNode input = root.get("input");
                if (input == null) throw new InvalidInputException(400, "missing field 'input'; send " + example());
                if (input.isTextual()) return Json.MAPPER.createArrayNode().add(input);
                if (!input.isArray()) {
                    throw new InvalidInputException(400, "'input' must be a text or an array of texts, got "
                            + typeName(input));
                }
                return input;
            }

            @Override public ObjectNode answer(List<Object> encoded, List<Prediction> predictions) {
                ObjectNode o = Json.object().put("object", "list");
                ArrayNode data = o.putArray("data");
                for (int i = 0; i < predictions.size(); i++) {
                    ObjectNode d = data.addObject().put("object", "embedding");
                    ArrayNode e = d.putArray("embedding");
                    for (double v : predictions.get(i).values()) e.add((float) v);
                    d.put("index", i);
                    Prediction.Truncation cut = predictions.get(i).truncation();
                    if (cut != null) d.putObject("truncated").put("tokens", cut.tokens()).put("kept", cut.kept());
                }
                long tokens = 0;
                for (Object x : encoded) tokens += EmbeddingPredictor.tokens(x);
                o.put("model", encoder.name());
                o.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
                return o;
            }
        };
    }

    /** An inference endpoint and the model behind it. */
    private record Route(Endpoint endpoint, BatchPredictor predictor) {}

    /** An encoded input with the model it is for: the batcher's one worker runs every model, one call at a time. */
    private record Tagged(BatchPredictor predictor, Object encoded) {}

    /**
     * The batcher's predictor: a batch may hold inputs of several endpoints; each model predicts its own, in order. A
     * model shared by two endpoints (a fine-tuned encoder that also embeds) is so never used by two threads at once.
     */
    private static final class Dispatch implements BatchPredictor {
        @Override public Object encode(JsonNode input) { throw new UnsupportedOperationException("routes encode"); }

        @Override public List<Prediction> predict(List<Object> batch) {
            Map<BatchPredictor, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                groups.computeIfAbsent(((Tagged) batch.get(i)).predictor(), k -> new ArrayList<>()).add(i);
            }
            Prediction[] out = new Prediction[batch.size()];
            groups.forEach((model, rows) -> {
                List<Object> encoded = new ArrayList<>(rows.size());
                for (int i : rows) encoded.add(((Tagged) batch.get(i)).encoded());
                List<Prediction> p = model.predict(encoded);
                for (int j = 0; j < rows.size(); j++) out[rows.get(j)] = p.get(j);
            });
            return Arrays.asList(out);
        }

        @Override public ObjectNode metadata() { throw new UnsupportedOperationException("routes describe themselves"); }
    }

    private final List<Route> routes;
    private final Options options;
    private final ServerMetrics metrics = new ServerMetrics();
    private final MicroBatcher batcher;
    /** One permit per prediction request whose body is being received and checked (a request thread each). */
    private final Semaphore receiving;
    private final long startedNanos = System.nanoTime();
    private final ObjectNode modelInfo;
    private Javalin app;
    private volatile boolean accepting;
    private volatile boolean stopped;

    public InferenceServer(BatchPredictor predictor, Options options) { this(List.of(predictor), options); }

    /**
     * A server with one endpoint per predictor: {@code /v1/embeddings} for an {@link EmbeddingPredictor},
     * {@code /v1/predict} for any other; the first one's metadata describes the server at {@code /v1/model}.
     */
    public InferenceServer(List<BatchPredictor> predictors, Options options) {
        List<Route> r = new ArrayList<>();
        for (BatchPredictor p : predictors) {
            Endpoint e = p instanceof EmbeddingPredictor ep ? embeddings(ep) : PREDICT;
            if (r.stream().anyMatch(x -> x.endpoint().path().equals(e.path()))) {
                throw new IllegalArgumentException("InferenceServer: two models for " + e.path());
            }
            r.add(new Route(e, p));
        }
        if (r.isEmpty()) throw new IllegalArgumentException("InferenceServer: no model to serve");
        this.routes = List.copyOf(r);
        this.options = options;
        this.receiving = new Semaphore(options.maxReceiving());
        metrics.receiving(() -> options.maxReceiving() - receiving.availablePermits(), options.maxReceiving());
        this.batcher = new MicroBatcher(new Dispatch(), options.maxBatch(), options.maxWaitMillis(),
                options.queueCapacity(), metrics);
        ObjectNode info = routes.get(0).predictor().metadata().deepCopy();
        if (routes.size() > 1) {
            ArrayNode endpoints = info.putArray("endpoints");
            for (Route route : routes) endpoints.add(route.endpoint().path());
            for (Route route : routes.subList(1, routes.size())) {
                if (route.predictor() instanceof EmbeddingPredictor) info.set("embeddings", route.predictor().metadata());
            }
        }
        ObjectNode server = info.putObject("server");
        server.put("max_batch", options.maxBatch()).put("max_wait_ms", options.maxWaitMillis())
                .put("queue_capacity", options.queueCapacity()).put("max_body_bytes", options.maxBodyBytes())
                .put("max_inputs", options.maxInputs()).put("read_timeout_ms", options.readTimeoutMillis())
                .put("max_receiving", options.maxReceiving());
        this.modelInfo = info;
    }

    public ServerMetrics metrics() { return metrics; }

    /** Starts listening; returns the bound port (useful with port 0). */
    public synchronized int start() {
        if (app != null) throw new IllegalStateException("server already started");
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.http.asyncTimeout = options.requestTimeoutMillis() + 5_000;
            config.jetty.defaultHost = options.host();
            QueuedThreadPool pool = new QueuedThreadPool(options.maxReceiving() + SPARE_THREADS, 8, 60_000);
            pool.setName("tensorforge-http");
            config.jetty.threadPool = pool;
        });
        for (Route route : routes) app.post(route.endpoint().path(), ctx -> infer(ctx, route));
        app.get("/v1/model", ctx -> json(ctx, 200, modelInfo));
        app.get("/health", this::health);
        app.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.render()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.warn("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> error(ctx, 404, "no endpoint " + ctx.method() + " " + ctx.path()
                + "; endpoints: " + routes.stream().map(r -> "POST " + r.endpoint().path() + ", ").collect(Collectors.joining())
                + "GET /v1/model, GET /health, GET /metrics"));
        app.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path()));
        app.after(ctx -> metrics.request(ENDPOINTS.contains(ctx.path()) ? ctx.path() : "other", ctx.statusCode()));
        app.start(options.host(), options.port());
        accepting = true;
        return app.port();
    }

    public int port() { return app.port(); }

    private void health(Context ctx) {
        ObjectNode o = Json.object();
        boolean ready = accepting && batcher.isAccepting();
        o.put("status", ready ? "ok" : "shutting down").put("live", !stopped).put("ready", ready)
                .put("queue_depth", batcher.queueDepth()).put("in_flight", metrics.inFlight())
                .put("uptime_seconds", (System.nanoTime() - startedNanos) / 1e9);
        json(ctx, ready ? 200 : 503, o);
    }

    /** POST on the inference endpoint: checked and encoded here, then queued for the batcher. */
    private void infer(Context ctx, Route route) {
        Endpoint endpoint = route.endpoint();
        long t0 = System.nanoTime();
        if (!accepting) {
            ctx.header("Retry-After", "1");
            error(ctx, 503, "the server is shutting down");
            return;
        }
        String contentType = ctx.req().getHeader("Content-Type");
        String unsupported = unsupportedContentType(contentType);
        if (unsupported != null) {
            error(ctx, 415, unsupported);
            return;
        }
        if (!receiving.tryAcquire()) {
            // The body is not read: the connection is closed after the answer.
            ctx.header("Retry-After", "1");
            ctx.header("Connection", "close");
            error(ctx, 503, "too many prediction requests are being received at once (the limit is "
                    + options.maxReceiving() + "); retry later");
            return;
        }
        List<Object> encoded;
        try {
            encoded = parse(ctx, route);
        } catch (InvalidInputException e) {
            if (e.status() == 408) ctx.header("Connection", "close");
            error(ctx, e.status(), e.getMessage());
            return;
        } finally {
            receiving.release();
        }
        // Counted before it is queued: the batcher may start on it at once, and a graceful stop waits for the count.
        metrics.inFlightIncrement();
        CompletableFuture<List<Prediction>> future;
        try {
            List<Object> tagged = new ArrayList<>(encoded.size());
            for (Object e : encoded) tagged.add(new Tagged(route.predictor(), e));
            future = batcher.submit(tagged);
        } catch (RejectedExecutionException e) {
            metrics.inFlightDecrement();
            metrics.rejected();
            ctx.header("Retry-After", "1");
            error(ctx, 503, e.getMessage());
            return;
        }
        ctx.future(() -> future.orTimeout(options.requestTimeoutMillis(), TimeUnit.MILLISECONDS)
                .handle((predictions, failure) -> {
                    try {
                        int bad = failure == null ? firstNonFinite(predictions) : -1;
                        if (bad >= 0) {
                            metrics.modelError();
                            error(ctx, 500, endpoint.field() + "[" + bad + "]: the model's output is not a finite number (NaN or "
                                    + "infinity); the model or this input is unusable");
                        } else if (failure == null) {
                            json(ctx, 200, endpoint.answer(encoded, predictions));
                        } else {
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            if (cause instanceof RejectedExecutionException) {
                                error(ctx, 503, cause.getMessage());
                            } else if (cause instanceof TimeoutException) {
                                error(ctx, 503, "the model did not answer within " + options.requestTimeoutMillis()
                                        + " ms; retry later");
                            } else {
                                LOG.warn("prediction failed", cause);
                                error(ctx, 500, "the model failed on this batch: " + cause.getMessage());
                            }
                        }
                        metrics.predictLatency(System.nanoTime() - t0);
                        return null;
                    } finally {
                        metrics.inFlightDecrement();
                    }
                }));
    }

    /** The index of the first prediction that is not finite, or -1: those are never answered with 200. */
    private static int firstNonFinite(List<Prediction> predictions) {
        for (int i = 0; i < predictions.size(); i++) if (!predictions.get(i).isFinite()) return i;
        return -1;
    }

    /**
     * Why a prediction body of this Content-Type is refused (null when it is {@code application/json}, with any
     * parameters, in any case; a charset other than UTF-8 is refused, JSON being UTF-8).
     */
    static String unsupportedContentType(String contentType) {
        String send = "; send the body as Content-Type: application/json";
        if (contentType == null || contentType.isBlank()) return "the request has no Content-Type" + send;
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return "unsupported Content-Type '" + contentType.strip() + "'" + send;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String cs = p.substring(eq + 1).strip().replace("\"", "");
                if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
                    return "unsupported charset '" + cs + "'; send the JSON body in UTF-8 (Content-Type: "
                            + "application/json; charset=utf-8)";
                }
            }
        }
        return null;
    }

    /** Reads, bounds and validates the body; every problem is an {@link InvalidInputException}. */
    private List<Object> parse(Context ctx, Route route) {
        Endpoint endpoint = route.endpoint();
        long max = options.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw new InvalidInputException(413, "request body of " + declared + " bytes exceeds the limit of " + max
                    + " bytes");
        }
        byte[] body = readBody(ctx, max);
        if (body.length > max) {
            throw new InvalidInputException(413, "request body exceeds the limit of " + max + " bytes");
        }
        if (body.length == 0) {
            throw new InvalidInputException(400, "empty request body; send " + endpoint.example());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new InvalidInputException(400, "malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException(400, "could not read the JSON body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(400, "the body must be a JSON object " + endpoint.example() + ", got "
                    + (root == null ? "nothing" : typeName(root)));
        }
        JsonNode inputs = endpoint.inputs((ObjectNode) root);
        String field = endpoint.field();
        if (inputs.isEmpty()) throw new InvalidInputException(400, "'" + field + "' is empty; send at least one input");
        if (inputs.size() > options.maxInputs()) {
            throw new InvalidInputException(413, "'" + field + "' has " + inputs.size() + " entries; the limit is "
                    + options.maxInputs() + " per request");
        }
        List<Object> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            try {
                out.add(route.predictor().encode(inputs.get(i)));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.status(), field + "[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Reads at most {@code max + 1} bytes of the body, all of it within the read timeout: before each read the
     * connection's idle timeout is set to the time left, so a client that sends slowly, or stalls, gets 408 when the
     * time is up, however it spaces its bytes. The idle timeout is restored for the answer.
     */
    private byte[] readBody(Context ctx, long max) {
        long timeout = options.readTimeoutMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        Request base = Request.getBaseRequest(ctx.req());
        HttpChannel channel = base == null ? null : base.getHttpChannel();
        long idle = channel == null ? -1 : channel.getIdleTimeout();
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, max + 1);
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(limit, 8192));
        byte[] chunk = new byte[8192];
        String late = "the request body did not arrive within the read timeout of " + timeout
                + " ms; send the whole body at once";
        try (InputStream in = ctx.req().getInputStream()) {
            while (body.size() < limit) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new InvalidInputException(408, late);
                if (channel != null) channel.setIdleTimeout(idle > 0 ? Math.min(idle, left) : left);
                int n = in.read(chunk, 0, Math.min(chunk.length, limit - body.size()));
                if (n < 0) break;
                body.write(chunk, 0, n);
            }
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0 || timedOut(e)) throw new InvalidInputException(408, late);
            throw new InvalidInputException(400, "could not read the request body: " + e.getMessage());
        } finally {
            if (channel != null) channel.setIdleTimeout(idle);
        }
        return body.toByteArray();
    }

    /** Refuses fields other than {@code allowed} (a misspelt option must not be ignored). */
    private static void onlyFields(ObjectNode root, Set<String> allowed, String example) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw new InvalidInputException(400, "unknown field '" + f + "'; the body is " + example);
        }
    }

    private static String typeName(JsonNode n) { return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT); }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) return true;
        }
        return false;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        String text;
        try {
            text = Json.MAPPER.writer().withoutFeatures(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.status(status).contentType("application/json").result(text);
    }

    private static void error(Context ctx, int status, String message) {
        json(ctx, status, Json.object().put("error", message).put("status", status));
    }

    /**
     * Graceful stop: answer 503 to new predictions, wait for those in flight (up to {@code timeoutMillis}), stop the
     * HTTP server, then stop the batcher's worker. Idempotent.
     */
    public synchronized void stop(long timeoutMillis) {
        if (stopped || app == null) return;
        accepting = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            app.stop();
        } finally {
            try {
                batcher.shutdown(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped = true;
        }
    }

    @Override public void close() { stop(30_000); }
}
