package io.github.tensorforge.cli;

import io.github.tensorforge.cli.model.BatchPredictor;
import io.github.tensorforge.cli.model.EmbeddingPredictor;
import io.github.tensorforge.cli.model.LoadedModel;
import io.github.tensorforge.cli.serve.InferenceServer;
import io.github.tensorforge.nn.io.BertCheckpoint;
import io.github.tensorforge.nn.io.PretrainedEncoder;
import io.github.tensorforge.nn.models.BertClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The HTTP inference server. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a trained model over HTTP (Javalin): POST /v1/predict {\"inputs\": [...]}, GET /v1/model, "
                + "GET /health, GET /metrics (Prometheus).",
                "Concurrent requests are grouped into micro-batches; a full queue answers 503, oversized requests 413, "
                        + "malformed ones 400, bodies not sent as application/json 415. SIGTERM / Ctrl-C stops gracefully (requests in flight finish)."})
final class ServeCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "DIR|NAME",
            description = "Model directory written by 'train' (POST /v1/predict), or a pretrained encoder: "
                    + "all-minilm-l6-v2 or a directory as for 'embed' (POST /v1/embeddings).")
    Path model;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--max-batch", defaultValue = "32", paramLabel = "N", description = "Most inputs per model call (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "5", paramLabel = "MS",
            description = "Longest wait for more requests to fill a batch (default ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--queue", defaultValue = "1024", paramLabel = "N",
            description = "Requests that may wait for the model; more are answered 503 (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-body-bytes", defaultValue = "1048576", paramLabel = "N",
            description = "Largest request body; larger ones get 413 (default ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-inputs", defaultValue = "256", paramLabel = "N",
            description = "Most inputs per request; more get 413 (default ${DEFAULT-VALUE}).")
    int maxInputs;

    @Option(names = "--max-text-chars", defaultValue = "20000", paramLabel = "N",
            description = "Longest text input in characters; longer ones get 413 (default ${DEFAULT-VALUE}).")
    int maxTextChars;

    @Option(names = "--request-timeout-ms", defaultValue = "30000", paramLabel = "MS",
            description = "Longest wait for the model before answering 503 (default ${DEFAULT-VALUE}).")
    long requestTimeoutMs;

    @Option(names = "--read-timeout-ms", defaultValue = "10000", paramLabel = "MS",
            description = "Longest time a client may take to send a prediction request's body; a slower one gets 408 "
                    + "and is disconnected (default ${DEFAULT-VALUE}).")
    long readTimeoutMs;

    @Option(names = "--max-receiving", defaultValue = "128", paramLabel = "N",
            description = "Most prediction requests whose bodies are received at once (a request thread each); more "
                    + "get 503 at once. GET requests keep threads of their own (default ${DEFAULT-VALUE}).")
    int maxReceiving;

    /** Released when the server has stopped (tests stop it through {@link #server}). */
    final CountDownLatch stopped = new CountDownLatch(1);
    volatile InferenceServer server;

    @Override protected int execute() throws InterruptedException {
        if (maxBatch <= 0 || queue <= 0 || maxInputs <= 0 || maxTextChars <= 0 || maxWaitMs < 0) {
            throw new UserException("--max-batch, --queue, --max-inputs and --max-text-chars must be positive and "
                    + "--max-wait-ms at least 0");
        }
        if (readTimeoutMs <= 0 || maxReceiving <= 0) {
            throw new UserException("--read-timeout-ms and --max-receiving must be positive, got " + readTimeoutMs
                    + " and " + maxReceiving);
        }
        List<BatchPredictor> m = new ArrayList<>();
        String serving, endpoints;
        // A fine-tuned classifier is a Hugging Face directory too, but it answers predictions.
        if (!BertCheckpoint.isClassifier(model) && PretrainedEncoder.isPretrained(model.toString())) {
            EmbeddingPredictor e = EmbeddingPredictor.load(model.toString(), maxTextChars);
            m.add(e);
            serving = "encoder " + model + " (" + e.dimensions() + " dimensions) on " + e.backendName();
            endpoints = "POST /v1/embeddings {\"input\": [...]}";
        } else {
            LoadedModel l = LoadedModel.load(model, maxTextChars);
            m.add(l);
            serving = l.modelType() + " model " + model + " on " + l.backend().name();
            endpoints = "POST /v1/predict {\"inputs\": [...]}";
            if (l.module() instanceof BertClassifier c) { // its fine-tuned encoder embeds too
                m.add(new EmbeddingPredictor(new PretrainedEncoder(c.encoder(), l.wordPieces()), model.toString(),
                        maxTextChars));
                endpoints += "   POST /v1/embeddings {\"input\": [...]}";
            }
        }
        InferenceServer s;
        int bound;
        try {
            s = new InferenceServer(m, new InferenceServer.Options(host, port, maxBatch, maxWaitMs, queue, maxBodyBytes,
                    maxInputs, requestTimeoutMs, readTimeoutMs, maxReceiving));
            bound = s.start();
        } catch (IllegalArgumentException e) {
            closeAll(m);
            throw new UserException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(m);
            throw new UserException("could not start the server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server = s;
        Thread hook = new Thread(() -> shutdown(s, m), "tensorforge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out().println("serving " + serving + " at http://" + host + ":" + bound);
        out().println("  " + endpoints + "   GET /v1/model   GET /health   GET /metrics");
        out().println("  micro-batches of up to " + maxBatch + " inputs, waiting at most " + maxWaitMs + " ms; queue "
                + queue + "; Ctrl-C or SIGTERM stops gracefully");
        out().flush();
        // A stop by signal is a clean stop: exit 0, not the 143 of a JVM shut down by SIGTERM.
        try (StopSignals signals = StopSignals.install(() -> shutdown(s, m))) {
            stopped.await();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook runs (or ran) the shutdown
        }
        return 0;
    }

    /** Graceful stop (also what the shutdown hook does). */
    void shutdown(InferenceServer s, List<BatchPredictor> m) {
        if (stopped.getCount() == 0) return;
        synchronized (this) {
            if (stopped.getCount() == 0) return;
            err().println("stopping: finishing requests in flight");
            err().flush();
            s.stop(30_000);
            closeAll(m);
            err().println("stopped");
            err().flush();
            stopped.countDown();
        }
    }

    /** Closes every model (two may share an encoder: closing one twice is harmless). */
    private static void closeAll(List<BatchPredictor> models) {
        for (BatchPredictor p : models) p.close();
    }
}
