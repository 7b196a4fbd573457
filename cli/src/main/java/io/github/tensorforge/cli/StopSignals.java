package io.github.tensorforge.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT (Ctrl-C) taken as a request to stop, so that a command which then stops cleanly returns its own
 * exit code (0) instead of the 143 or 130 of a JVM killed by the signal. The JVM's default handlers start its
 * shutdown, and a JVM shut down by a signal always exits 128 + the signal number, whatever its shutdown hooks do.
 *
 * <p>The stop action runs once, on the JVM's signal thread; signals that arrive while it runs are ignored (the stop is
 * already under way). {@link #close()} puts the previous handlers back. Where the handlers cannot be installed (the
 * JVM runs with {@code -Xrs}, or the signal is reserved), {@link #installed()} is false and callers keep their
 * shutdown hooks, which still stop gracefully but exit 128 + N.
 */
final class StopSignals implements AutoCloseable {
    private static final String[] NAMES = {"TERM", "INT"};

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private StopSignals(Runnable stop) {
        SignalHandler handler = signal -> {
            if (stopping.compareAndSet(false, true)) stop.run();
        };
        for (String name : NAMES) {
            try {
                Signal s = new Signal(name);
                previous.put(s, Signal.handle(s, handler));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not available on this platform or JVM configuration: the shutdown hook remains
            }
        }
    }

    /** Runs {@code stop} (once) when SIGTERM or SIGINT arrives, until closed. */
    static StopSignals install(Runnable stop) { return new StopSignals(stop); }

    /** Whether SIGTERM is handled here (otherwise the JVM's shutdown handles it). */
    boolean installed() { return previous.containsKey(new Signal("TERM")); }

    @Override public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException ignored) {
                // cannot happen for a signal we installed on; nothing to restore otherwise
            }
        });
        previous.clear();
    }
}
