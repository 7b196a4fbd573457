package io.github.tensorforge.cli.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The server's metrics on Micrometer, scraped in the Prometheus text format: requests by endpoint and status,
 * prediction latency and batch size histograms, inputs, model errors, rejections, queue depth and capacity, requests in
 * flight and being received; and the JVM's memory, threads and CPU (Micrometer's binders). Any thread may record.
 */
public final class ServerMetrics {
    /** Latency bucket upper bounds in seconds. */
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Batch size bucket upper bounds (inputs per model call). */
    static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer latency;
    private final DistributionSummary batchSize;
    private final Counter inputs, modelErrors, rejected;
    private final AtomicLong inFlight = new AtomicLong();
    private volatile LongSupplier queueDepth = () -> 0, receiving = () -> 0;
    private volatile int queueCapacity, receivingLimit;

    public ServerMetrics() {
        Duration[] slos = new Duration[LATENCY_BUCKETS.length];
        for (int i = 0; i < slos.length; i++) slos[i] = Duration.ofNanos(Math.round(LATENCY_BUCKETS[i] * 1e9));
        latency = Timer.builder("tensorforge.predict.latency")
                .description("Time from receiving a prediction request to answering it.")
                .serviceLevelObjectives(slos).register(registry);
        batchSize = DistributionSummary.builder("tensorforge.batch.size")
                .description("Inputs per model call of the micro-batcher.")
                .serviceLevelObjectives(BATCH_BUCKETS).register(registry);
        inputs = Counter.builder("tensorforge.predict.inputs").description("Inputs predicted.").register(registry);
        modelErrors = Counter.builder("tensorforge.model.errors")
                .description("Model calls that failed (answered with 500).").register(registry);
        rejected = Counter.builder("tensorforge.rejected")
                .description("Prediction requests rejected because the queue was full (503).").register(registry);
        gauge("tensorforge.queue.depth", "Prediction requests waiting for the model.", () -> queueDepth.getAsLong());
        gauge("tensorforge.queue.capacity", "Capacity of the prediction queue.", () -> queueCapacity);
        gauge("tensorforge.requests.in.flight", "Prediction requests being handled.", inFlight::get);
        gauge("tensorforge.requests.receiving", "Prediction requests whose body is being received.",
                () -> receiving.getAsLong());
        gauge("tensorforge.requests.receiving.limit",
                "Prediction requests that may be received at once; more are answered 503.", () -> receivingLimit);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private void gauge(String name, String help, LongSupplier value) {
        // strongly referenced: Micrometer holds a gauge's object weakly, and these lambdas have no other owner (a GC
        // would turn the gauge into NaN)
        Gauge.builder(name, value, v -> v.getAsLong()).description(help).strongReference(true).register(registry);
    }

    private Counter requests(String endpoint, int status) {
        return Counter.builder("tensorforge.http.requests").description("HTTP requests by endpoint and status code.")
                .tag("endpoint", endpoint).tag("status", Integer.toString(status)).register(registry);
    }

    /** Counts one finished request of {@code endpoint} with HTTP {@code status}. */
    public void request(String endpoint, int status) { requests(endpoint, status).increment(); }

    public void predictLatency(long nanos) { latency.record(nanos, TimeUnit.NANOSECONDS); }

    public void batch(int size) { batchSize.record(size); }

    public void inputs(int n) { inputs.increment(n); }

    public void modelError() { modelErrors.increment(); }

    public void rejected() { rejected.increment(); }

    public long inFlightIncrement() { return inFlight.incrementAndGet(); }

    public long inFlightDecrement() { return inFlight.decrementAndGet(); }

    public long inFlight() { return inFlight.get(); }

    public void queue(LongSupplier depth, int capacity) {
        this.queueDepth = depth;
        this.queueCapacity = capacity;
    }

    /** Prediction requests whose body is being received now, and the most that may be at once. */
    public void receiving(LongSupplier count, int limit) {
        this.receiving = count;
        this.receivingLimit = limit;
    }

    /** Requests counted so far with this endpoint and status (tests). */
    public long requestCount(String endpoint, int status) { return (long) requests(endpoint, status).count(); }

    public long batchCount() { return batchSize.count(); }

    public double batchSizeSum() { return batchSize.totalAmount(); }

    /** Every metric in the Prometheus text exposition format. */
    public String render() { return registry.scrape(); }
}
