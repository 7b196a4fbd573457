package io.github.tensorforge.cli.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's counters, rendered in the Prometheus text exposition format (version 0.0.4): requests by endpoint and
 * status, prediction latency and batch size histograms, model errors, queue depth. Lock-free; any thread may record.
 */
public final class ServerMetrics {
    /** Latency bucket upper bounds in seconds. */
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Batch size bucket upper bounds (inputs per model call). */
    static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Histogram latency = new Histogram(LATENCY_BUCKETS);
    private final Histogram batchSize = new Histogram(BATCH_BUCKETS);
    private final LongAdder modelErrors = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder inputs = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile LongSupplier queueDepth = () -> 0;
    private volatile int queueCapacity;
    private volatile LongSupplier receiving = () -> 0;
    private volatile int receivingLimit;

    /** Counts one finished request of {@code endpoint} with HTTP {@code status}. */
    public void request(String endpoint, int status) {
        requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
    }

    public void predictLatency(long nanos) { latency.observe(nanos / 1e9); }

    public void batch(int size) { batchSize.observe(size); }

    public void inputs(int n) { inputs.add(n); }

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
    public long requestCount(String endpoint, int status) {
        LongAdder a = requests.get(endpoint + "\u0000" + status);
        return a == null ? 0 : a.sum();
    }

    public long batchCount() { return batchSize.count(); }

    public double batchSizeSum() { return batchSize.sum(); }

    /** The Prometheus text format. */
    public String render() {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("# HELP tensorforge_http_requests_total HTTP requests by endpoint and status code.\n");
        sb.append("# TYPE tensorforge_http_requests_total counter\n");
        Map<String, Long> sorted = new TreeMap<>();
        requests.forEach((k, v) -> sorted.put(k, v.sum()));
        sorted.forEach((k, v) -> {
            int cut = k.indexOf('\u0000');
            sb.append("tensorforge_http_requests_total{endpoint=\"").append(k, 0, cut).append("\",status=\"")
                    .append(k.substring(cut + 1)).append("\"} ").append(v).append('\n');
        });
        latency.render(sb, "tensorforge_predict_latency_seconds",
                "Time from receiving a prediction request to answering it, in seconds.");
        batchSize.render(sb, "tensorforge_batch_size", "Inputs per model call of the micro-batcher.");
        counter(sb, "tensorforge_predict_inputs_total", "Inputs predicted.", inputs.sum());
        counter(sb, "tensorforge_model_errors_total", "Model calls that failed (answered with 500).", modelErrors.sum());
        counter(sb, "tensorforge_rejected_total", "Prediction requests rejected because the queue was full (503).",
                rejected.sum());
        gauge(sb, "tensorforge_queue_depth", "Prediction requests waiting for the model.", queueDepth.getAsLong());
        gauge(sb, "tensorforge_queue_capacity", "Capacity of the prediction queue.", queueCapacity);
        gauge(sb, "tensorforge_requests_in_flight", "Prediction requests being handled.", inFlight.get());
        gauge(sb, "tensorforge_requests_receiving", "Prediction requests whose body is being received.",
                receiving.getAsLong());
        gauge(sb, "tensorforge_requests_receiving_limit",
                "Prediction requests that may be received at once; more are answered 503.", receivingLimit);
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append(' ').append(value).append('\n');
    }

    /** A cumulative histogram with fixed buckets. */
    static final class Histogram {
        private final double[] bounds;
        private final AtomicLongArray counts;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length);
        }

        void observe(double v) {
            for (int i = 0; i < bounds.length; i++) {
                if (v <= bounds[i]) {
                    counts.incrementAndGet(i);
                    break;
                }
            }
            sum.add(v);
            count.increment();
        }

        long count() { return count.sum(); }

        double sum() { return sum.sum(); }

        void render(StringBuilder sb, String name, String help) {
            sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
            sb.append("# TYPE ").append(name).append(" histogram\n");
            long total = count.sum();
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += counts.get(i);
                sb.append(name).append("_bucket{le=\"").append(number(bounds[i])).append("\"} ")
                        .append(Math.min(cumulative, total)).append('\n');
            }
            sb.append(name).append("_bucket{le=\"+Inf\"} ").append(total).append('\n');
            sb.append(name).append("_sum ").append(number(sum.sum())).append('\n');
            sb.append(name).append("_count ").append(total).append('\n');
        }

        private static String number(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
            return String.format(Locale.ROOT, "%s", v);
        }
    }
}
