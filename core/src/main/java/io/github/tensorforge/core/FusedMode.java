package io.github.tensorforge.core;

/**
 * Per-thread switch for a backend's fused kernels. With fused kernels disabled, composites run as graphs of primitives;
 * the conformance tests compare the two.
 * <pre>{@code try (var f = FusedMode.disable()) { ... composites only ... } }</pre>
 */
public final class FusedMode implements AutoCloseable {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);
    private final boolean previous;

    private FusedMode(boolean enabled) {
        previous = ENABLED.get();
        ENABLED.set(enabled);
    }

    public static boolean isEnabled() { return ENABLED.get(); }

    public static FusedMode disable() { return new FusedMode(false); }

    public static FusedMode enable() { return new FusedMode(true); }

    @Override public void close() { ENABLED.set(previous); }
}
