package io.github.tensorforge.spi;

/**
 * Whether a backend can run on this machine, and if not, why (driver missing, no device, library version...).
 * Returned by {@link BackendProvider#availability()}; core shows it in {@code Backends.report()} and in the message of
 * the error thrown when an unavailable backend is asked for.
 *
 * @param available whether {@link BackendProvider#create()} can succeed here
 * @param reason    why not, when unavailable; when available, a detail for reports (device, driver, version)
 */
public record Availability(boolean available, String reason) {
    /**
     * An available result.
     *
     * @param detail what was found (device, driver, version), shown in reports
     * @return an available result with {@code detail} as its reason
     */
    public static Availability yes(String detail) { return new Availability(true, detail); }

    /**
     * An unavailable result.
     *
     * @param reason why the backend cannot run here, for the user to act on
     * @return an unavailable result with that reason
     */
    public static Availability no(String reason) { return new Availability(false, reason); }
}
