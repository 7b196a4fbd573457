package io.github.tensorforge.core;

/**
 * Per-thread switch for gradient recording. Inference runs in a no-grad block, which records no graph and so keeps no
 * intermediate tensor alive:
 * <pre>{@code try (var g = GradMode.disable()) { y = model.forward(x); } }</pre>
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);
    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = ENABLED.get();
        ENABLED.set(enabled);
    }

    /**
     * Whether operations on this thread record the autograd graph (the default).
     *
     * @return true unless an open {@link #disable()} block says otherwise
     */
    public static boolean isEnabled() { return ENABLED.get(); }

    /**
     * Disables gradient recording on this thread until the returned handle is closed.
     *
     * @return the handle; closing it restores the previous setting
     */
    public static GradMode disable() { return new GradMode(false); }

    /**
     * Enables gradient recording on this thread until the returned handle is closed.
     *
     * @return the handle; closing it restores the previous setting
     */
    public static GradMode enable() { return new GradMode(true); }

    /** Restores the setting that was in force when this handle was created. */
    @Override public void close() { ENABLED.set(previous); }
}
