package io.github.tensorforge.core;

import io.github.tensorforge.spi.Availability;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds backends with {@link ServiceLoader} and picks the default one from configuration, failing loud.
 *
 * <p>The default backend is named by the first of: the system property {@code tensorforge.backend}, the environment
 * variable {@code TENSORFORGE_BACKEND}, the key {@code tensorforge.backend} in {@code tensorforge.properties} on the
 * classpath. Without any, the available provider with the highest priority wins. A configured backend that is unknown
 * or unavailable throws {@link BackendUnavailableException} listing every provider and why; nothing falls back
 * silently.
 *
 * <p>Code can pick a backend explicitly for a block with {@link #use(Backend)}, or per tensor with
 * {@link Tensor#to(Backend)}. The default backend is the only process-wide state; everything else is per thread.
 * All methods are thread-safe.
 */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    /** The system property, and the key in {@code tensorforge.properties}, that names the default backend. */
    public static final String PROPERTY = "tensorforge.backend";
    /** The environment variable that names the default backend when the system property is not set. */
    public static final String ENV = "TENSORFORGE_BACKEND";

    private static final Map<String, Backend> CREATED = new ConcurrentHashMap<>();
    private static final ThreadLocal<ArrayDeque<Backend>> OVERRIDES = ThreadLocal.withInitial(ArrayDeque::new);
    private static volatile Backend defaultBackend;

    private Backends() {}

    /**
     * Every provider on the class path, in class-path order. Loading them probes nothing; ordering them does (the
     * OpenCL provider lists its devices to tell a GPU from a CPU driver), so lookups by name use this list and never
     * start a driver the caller did not ask for.
     */
    private static List<BackendProvider> loaded() { return Loaded.ALL; }

    /** Holder: the service lookup runs once, on first use, under the class-initialization lock. */
    private static final class Loaded {
        static final List<BackendProvider> ALL;

        static {
            List<BackendProvider> found = new ArrayList<>();
            for (BackendProvider bp : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
                found.add(bp);
            }
            ALL = List.copyOf(found);
        }
    }

    /**
     * Every provider on the class path, highest priority first. Asking for the priorities may probe devices.
     *
     * @return an unmodifiable list, ranked once per process on first use
     */
    public static List<BackendProvider> providers() { return Ranked.ALL; }

    /** Holder: the providers ranked once, on first use (not by a lookup by name). */
    private static final class Ranked {
        static final List<BackendProvider> ALL;

        static {
            List<BackendProvider> sorted = new ArrayList<>(loaded());
            sorted.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
            ALL = List.copyOf(sorted);
        }
    }

    /**
     * Availability of every provider, by name, highest priority first. Asks every provider each time; a provider whose
     * probe throws is reported unavailable with the exception as the reason.
     *
     * @return a new map from provider name to availability, in priority order
     */
    public static Map<String, Availability> availability() {
        Map<String, Availability> out = new LinkedHashMap<>();
        for (BackendProvider p : providers()) out.put(p.name(), safeAvailability(p));
        return out;
    }

    /**
     * Names of the providers that can run here, highest priority first.
     *
     * @return a new list of names
     */
    public static List<String> availableNames() {
        List<String> out = new ArrayList<>();
        availability().forEach((name, a) -> { if (a.available()) out.add(name); });
        return out;
    }

    /**
     * A multi-line report: the configured backend name (or that none is configured), then every provider with its
     * priority, status and reason.
     *
     * @return the report, one line per provider after a heading line
     */
    public static String report() {
        StringBuilder sb = new StringBuilder();
        String configured = configuredName();
        sb.append("backends (configured: ").append(configured == null ? "none, highest priority wins" : configured)
                .append(")\n");
        for (BackendProvider p : providers()) {
            Availability a = safeAvailability(p);
            sb.append(String.format("  %-10s priority %3d  %-13s %s%n", p.name(), p.priority(),
                    a.available() ? "available" : "UNAVAILABLE", a.reason()));
        }
        return sb.toString();
    }

    /**
     * The backend called {@code name}, created on first use. The name is trimmed and lower-cased; the instance is
     * cached for the life of the process, so every call with the same name returns the same backend.
     *
     * @param name a provider name, for example "cpu"
     * @return the backend
     * @throws BackendUnavailableException if no provider has that name, it is not available here, or creating it
     *                                     failed; the message lists every provider and its status
     */
    public static Backend get(String name) {
        String key = name.trim().toLowerCase(java.util.Locale.ROOT);
        Backend b = CREATED.get(key);
        if (b != null) return b;
        synchronized (Backends.class) {
            b = CREATED.get(key);
            if (b != null) return b;
            BackendProvider provider = null;
            for (BackendProvider p : loaded()) if (p.name().equals(key)) provider = p;
            if (provider == null) {
                throw new BackendUnavailableException("backend '" + name + "' is unknown. " + summary());
            }
            Availability a = safeAvailability(provider);
            if (!a.available()) {
                throw new BackendUnavailableException("backend '" + key + "' is not available: " + a.reason()
                        + ". " + summary());
            }
            try {
                b = provider.create();
            } catch (RuntimeException | LinkageError e) {
                throw new BackendUnavailableException("backend '" + key + "' failed to start: " + e + ". " + summary(), e);
            }
            LOG.info("created backend {}", b.description());
            CREATED.put(key, b);
            return b;
        }
    }

    /**
     * Whether the backend called {@code name} exists and can run here. The name is matched as {@link #get(String)}
     * matches it (trimmed, case-insensitive). Never throws for a probe failure.
     *
     * @param name a provider name
     * @return true when a provider of that name reports itself available
     */
    public static boolean isAvailable(String name) {
        String key = name.trim().toLowerCase(java.util.Locale.ROOT);  // the names get() accepts
        for (BackendProvider p : loaded()) if (p.name().equals(key)) return safeAvailability(p).available();
        return false;
    }

    /**
     * The backend new tensors go to on this thread: the innermost {@link #use} block's, else the default.
     *
     * @return the current backend
     * @throws BackendUnavailableException if there is no {@code use} block and the default cannot be resolved
     */
    public static Backend current() {
        Backend b = OVERRIDES.get().peek();
        return b != null ? b : defaultBackend();
    }

    /**
     * The process-wide default backend, resolved from configuration on first use: the configured backend
     * ({@link #configuredName()}), or else the available provider with the highest priority.
     *
     * @return the default backend
     * @throws BackendUnavailableException if the configured backend cannot be created, or none is configured and no
     *                                     provider is available
     */
    public static Backend defaultBackend() {
        Backend b = defaultBackend;
        if (b == null) {
            synchronized (Backends.class) {
                if (defaultBackend == null) defaultBackend = resolveDefault();
                b = defaultBackend;
            }
        }
        return b;
    }

    /**
     * Replaces the process-wide default backend, for every thread; {@link #use} blocks still take precedence.
     *
     * @param backend the new default, or null to resolve it from configuration again on next use
     */
    public static void setDefault(Backend backend) { defaultBackend = backend; }

    /**
     * Replaces the process-wide default backend with the one called {@code name}.
     *
     * @param name a provider name, as for {@link #get(String)}
     * @throws BackendUnavailableException if that backend is unknown, unavailable or fails to start
     */
    public static void setDefault(String name) { defaultBackend = get(name); }

    /**
     * Makes {@code backend} the current one on this thread until the returned handle is closed. Blocks nest.
     *
     * @param backend the backend for new tensors on this thread; not null
     * @return the handle; close it on this thread, inner blocks first
     * @throws NullPointerException if {@code backend} is null
     */
    public static Use use(Backend backend) {
        OVERRIDES.get().push(backend);
        return new Use(backend);
    }

    /**
     * Makes the backend called {@code name} the current one on this thread until the returned handle is closed.
     *
     * @param name a provider name, as for {@link #get(String)}
     * @return the handle; close it on this thread, inner blocks first
     * @throws BackendUnavailableException if that backend is unknown, unavailable or fails to start
     */
    public static Use use(String name) { return use(get(name)); }

    /** Handle of a {@link #use} block: closing it makes the enclosing block's backend (or the default) current. */
    public static final class Use implements AutoCloseable {
        private final Backend backend;

        private Use(Backend backend) { this.backend = backend; }

        /**
         * The backend this block made current.
         *
         * @return the backend passed to {@link Backends#use(Backend)}
         */
        public Backend backend() { return backend; }

        /**
         * Ends the block.
         *
         * @throws IllegalStateException if this is not the innermost open block on this thread
         */
        @Override public void close() {
            ArrayDeque<Backend> stack = OVERRIDES.get();
            if (stack.peek() != backend) throw new IllegalStateException("Backends.use blocks closed out of order");
            stack.pop();
        }
    }

    /**
     * The configured backend name, or null when none is configured: the first non-blank of the system property
     * {@value #PROPERTY}, the environment variable {@value #ENV}, and the key {@value #PROPERTY} in
     * {@code tensorforge.properties} on the class path. Read afresh on every call; an unreadable properties file is
     * logged and skipped.
     *
     * @return the trimmed name, or null
     */
    public static String configuredName() {
        String v = System.getProperty(PROPERTY);
        if (v != null && !v.isBlank()) return v.trim();
        v = System.getenv(ENV);
        if (v != null && !v.isBlank()) return v.trim();
        try (InputStream in = Backends.class.getClassLoader().getResourceAsStream("tensorforge.properties")) {
            if (in != null) {
                Properties props = new Properties();
                props.load(in);
                v = props.getProperty(PROPERTY);
                if (v != null && !v.isBlank()) return v.trim();
            }
        } catch (IOException e) {
            LOG.warn("could not read tensorforge.properties: {}", e.toString());
        }
        return null;
    }

    private static Backend resolveDefault() {
        String name = configuredName();
        if (name != null) return get(name);
        for (BackendProvider p : providers()) {
            if (safeAvailability(p).available()) return get(p.name());
        }
        throw new BackendUnavailableException("no backend is available. " + summary());
    }

    private static Availability safeAvailability(BackendProvider p) {
        try {
            return p.availability();
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("availability probe failed: " + e);
        }
    }

    private static String summary() {
        StringBuilder sb = new StringBuilder("Providers: ");
        List<BackendProvider> ps = providers();
        if (ps.isEmpty()) sb.append("none on the class path");
        for (int i = 0; i < ps.size(); i++) {
            BackendProvider p = ps.get(i);
            Availability a = safeAvailability(p);
            if (i > 0) sb.append("; ");
            sb.append(p.name()).append(a.available() ? " (available)" : " (unavailable: " + a.reason() + ")");
        }
        return sb.append(". Choose one with -D" + PROPERTY + "=NAME or " + ENV + "=NAME.").toString();
    }
}
