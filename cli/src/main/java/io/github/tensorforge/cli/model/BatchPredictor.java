package io.github.tensorforge.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What the server needs from a model: validate and encode one JSON input (on the request thread, so a bad input is
 * answered with 400 before it reaches the model), and predict a batch of encoded inputs (on the batcher's one worker
 * thread).
 */
public interface BatchPredictor extends AutoCloseable {
    /**
     * Validates and encodes {@code input} (a text, or an array of numbers).
     *
     * @throws InvalidInputException with a message saying what is wrong
     */
    Object encode(JsonNode input);

    /** One prediction per encoded input, in order. Runs the model in no-grad mode. */
    List<Prediction> predict(List<Object> encoded);

    /** Metadata for {@code GET /v1/model}. */
    ObjectNode metadata();

    /** Releases the model's memory (the server calls it once stopped). */
    @Override default void close() {}
}
