package io.github.tensorforge.nn.io;

/** A safetensors file that is malformed, truncated, hostile or does not match the model; nothing was loaded. */
public final class SafetensorsException extends RuntimeException {
    /** The serialization version of this class. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the file and the problem.
     *
     * @param message the detail message
     */
    public SafetensorsException(String message) { super(message); }

    /**
     * Creates an exception with a message and the error that caused it.
     *
     * @param message the detail message
     * @param cause   the underlying error (e.g. a JSON parse error)
     */
    public SafetensorsException(String message, Throwable cause) { super(message, cause); }
}
