package io.github.tensorforge.cli.model;

/** An input the model cannot take (wrong type, wrong number of features, empty text); the server answers 400. */
public final class InvalidInputException extends RuntimeException {
    private final int status;

    public InvalidInputException(String message) { this(400, message); }

    /** @param status the HTTP status the server answers with (400, 413 for an input over a size limit, 408 for a body that arrived too slowly) */
    public InvalidInputException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() { return status; }
}
