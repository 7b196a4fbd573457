package io.github.tensorforge.core;

/** A backend was asked for that is unknown or cannot run here; the message lists every provider and why. */
public class BackendUnavailableException extends IllegalStateException {
    public BackendUnavailableException(String message) { super(message); }

    public BackendUnavailableException(String message, Throwable cause) { super(message, cause); }
}
