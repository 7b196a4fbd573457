package io.github.tensorforge.reference;

import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BackendProvider;

/**
 * Registers the reference backend with the lowest priority: chosen only when asked for or when nothing else exists.
 * Listed in core's {@code META-INF/services/io.github.tensorforge.spi.BackendProvider}, so it is always on the class
 * path with core.
 */
public final class ReferenceBackendProvider implements BackendProvider {
    /** {@inheritDoc} Always {@code "reference"}. */
    @Override public String name() { return "reference"; }
    /** {@inheritDoc} Always 0, the lowest of the bundled backends. */
    @Override public int priority() { return 0; }
    /** {@inheritDoc} Always available: it needs nothing but the JVM. */
    @Override public Availability availability() { return Availability.yes("always available (pure Java)"); }
    /** {@inheritDoc} Each call returns a new {@link ReferenceBackend}. */
    @Override public Backend create() { return new ReferenceBackend(); }
}
