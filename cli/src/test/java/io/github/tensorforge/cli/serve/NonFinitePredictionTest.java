package io.github.tensorforge.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.model.BatchPredictor;
import io.github.tensorforge.cli.model.Prediction;
import io.github.tensorforge.nn.io.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A prediction that is not finite is an error answer, never a 200 with "NaN" in it (issue 19, section 2). */
class NonFinitePredictionTest {
    /** Answers the input number as the probability of class "a": NaN for a negative input. */
    static final class Echo implements BatchPredictor {
        @Override public Object encode(JsonNode input) { return input.asDouble(); }

        @Override public List<Prediction> predict(List<Object> encoded) {
            List<Prediction> out = new ArrayList<>();
            for (Object o : encoded) {
                double p = (double) o < 0 ? Double.NaN : (double) o;
                Map<String, Double> probs = new LinkedHashMap<>();
                probs.put("a", p);
                probs.put("b", 1 - p);
                out.add(Prediction.classification("a", probs));
            }
            return out;
        }

        @Override public ObjectNode metadata() { return Json.object(); }
    }

    @Test void aNonFiniteOutputIsA500NamingTheInput() throws Exception {
        InferenceServer s = new InferenceServer(new Echo(), new InferenceServer.Options("127.0.0.1", 0, 8, 2, 64, 4096, 16, 10_000));
        Http h = new Http(s.start());
        try {
            Http.Response ok = h.post("/v1/predict", "{\"inputs\": [0.25]}");
            assertEquals(200, ok.status(), ok.toString());
            Http.Response bad = h.post("/v1/predict", "{\"inputs\": [0.25, -1]}");
            assertEquals(500, bad.status(), bad.toString());
            assertTrue(bad.body().contains("inputs[1]: the model's output is not a finite number"), bad.toString());
            assertTrue(!bad.body().contains("\"NaN\""), bad.toString());
        } finally {
            s.stop(5_000);
        }
    }
}
