package io.github.tensorforge.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.model.BatchPredictor;
import io.github.tensorforge.cli.model.Prediction;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Wraps a predictor so a test can hold the model call until it opens the gate. */
final class GatedPredictor implements BatchPredictor {
    final BatchPredictor inner;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);

    GatedPredictor(BatchPredictor inner) { this.inner = inner; }

    @Override public Object encode(JsonNode input) { return inner.encode(input); }

    @Override public List<Prediction> predict(List<Object> encoded) {
        entered.countDown();
        try {
            if (!gate.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("gate never opened");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return inner.predict(encoded);
    }

    @Override public ObjectNode metadata() { return inner.metadata(); }
}
