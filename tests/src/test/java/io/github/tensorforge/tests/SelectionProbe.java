package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;

/**
 * Run in a child JVM by {@link BackendSelectionTest}: prints the default backend chosen from configuration
 * ({@code -Dtensorforge.backend=...}), or the error when the configuration names a backend that cannot be used.
 */
public final class SelectionProbe {
    private SelectionProbe() {}

    public static void main(String[] args) {
        try {
            System.out.println("DEFAULT=" + Backends.defaultBackend().name());
        } catch (RuntimeException e) {
            System.out.println("ERROR=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
