package io.github.tensorforge.cpu;

/** Prints the cpu provider's availability; run by CpuBackendTest in a JVM started without the Vector API module. */
public final class AvailabilityProbe {
    private AvailabilityProbe() {}

    public static void main(String[] args) {
        CpuBackendProvider p = new CpuBackendProvider();
        System.out.println("available=" + p.availability().available());
        System.out.println("reason=" + p.availability().reason());
        try {
            p.create();
            System.out.println("create=ok");
        } catch (IllegalStateException e) {
            System.out.println("create=refused");
        }
    }
}
