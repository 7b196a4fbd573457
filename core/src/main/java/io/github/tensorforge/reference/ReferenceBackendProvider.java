package io.github.tensorforge.reference;

import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BackendProvider;

/** Registers the reference backend with the lowest priority: chosen only when asked for or when nothing else exists. */
public final class ReferenceBackendProvider implements BackendProvider {
    @Override public String name() { return "reference"; }
    @Override public int priority() { return 0; }
    @Override public Availability availability() { return Availability.yes("always available (pure Java)"); }
    @Override public Backend create() { return new ReferenceBackend(); }
}
