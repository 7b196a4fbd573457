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

    /**
     * Whether composites may run a backend's fused kernels on this thread (the default).
     *
     * @return true unless an open {@link #disable()} block says otherwise
     */
    public static boolean isEnabled() { return ENABLED.get(); }

    /**
     * Disables fused kernels on this thread until the returned handle is closed.
     *
     * @return the handle; closing it restores the previous setting
     */
    public static FusedMode disable() { return new FusedMode(false); }

    /**
     * Enables fused kernels on this thread until the returned handle is closed.
     *
     * @return the handle; closing it restores the previous setting
     */
    public static FusedMode enable() { return new FusedMode(true); }

    /** Restores the setting that was in force when this handle was created. */
    @Override public void close() { ENABLED.set(previous); }
}
