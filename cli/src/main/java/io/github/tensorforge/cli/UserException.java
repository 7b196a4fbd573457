package io.github.tensorforge.cli;

/**
 * A problem the user can fix (a missing or malformed file, an unknown column, a model directory that does not match
 * the data). The command prints the message, without a stack trace unless {@code --verbose}, and exits with 1.
 */
public final class UserException extends RuntimeException {
    public UserException(String message) { super(message); }

    public UserException(String message, Throwable cause) { super(message, cause); }
}
