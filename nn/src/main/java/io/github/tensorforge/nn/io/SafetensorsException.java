package io.github.tensorforge.nn.io;

/** A safetensors file that is malformed, truncated, hostile or does not match the model; nothing was loaded. */
public final class SafetensorsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SafetensorsException(String message) { super(message); }

    public SafetensorsException(String message, Throwable cause) { super(message, cause); }
}
