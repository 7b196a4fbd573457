package io.github.tensorforge.spi;

/** Whether a backend can run on this machine, and if not, why (driver missing, no device, library version...). */
public record Availability(boolean available, String reason) {
    public static Availability yes(String detail) { return new Availability(true, detail); }

    public static Availability no(String reason) { return new Availability(false, reason); }
}
