package io.github.tensorforge.core;

/** A backend was asked for that is unknown or cannot run here; the message lists every provider and why. */
public class BackendUnavailableException extends IllegalStateException {
    /**
     * Creates the exception.
     *
     * @param message what was asked for, why it cannot run, and which providers exist
     */
    public BackendUnavailableException(String message) { super(message); }

    /**
     * Creates the exception for a backend whose creation failed.
     *
     * @param message what was asked for, why it cannot run, and which providers exist
     * @param cause   the failure of the provider's {@code create()}
     */
    public BackendUnavailableException(String message, Throwable cause) { super(message, cause); }
}
