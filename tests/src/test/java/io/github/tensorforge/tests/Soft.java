package io.github.tensorforge.tests;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the failing checks of one test instead of stopping at the first, so one run shows every op that differs:
 * {@code try (var soft = Soft.open()) { ...checks... }} throws one AssertionError listing them all when it closes.
 */
public final class Soft implements AutoCloseable {
    private static final ThreadLocal<Soft> CURRENT = new ThreadLocal<>();
    private static final int SHOW = 12;

    private final List<AssertionError> failures = new ArrayList<>();
    private final Soft previous;
    private int checks;

    private Soft() {
        previous = CURRENT.get();
        CURRENT.set(this);
    }

    public static Soft open() { return new Soft(); }

    /** Runs one check; inside a Soft block a failure is recorded and the test goes on. */
    static void run(Runnable check) {
        Soft s = CURRENT.get();
        if (s == null) {
            try {
                check.run();
            } catch (AssertionError e) {
                if (!KnownIssues.isKnown(e)) throw e;
            }
            return;
        }
        s.checks++;
        try {
            check.run();
        } catch (AssertionError e) {
            if (!KnownIssues.isKnown(e)) s.failures.add(e);
        }
    }

    @Override public void close() {
        CURRENT.set(previous);
        if (failures.isEmpty()) return;
        StringBuilder sb = new StringBuilder(failures.size() + " of " + checks + " checks failed:");
        for (int i = 0; i < Math.min(SHOW, failures.size()); i++) sb.append("\n  ").append(failures.get(i).getMessage());
        if (failures.size() > SHOW) sb.append("\n  ... and ").append(failures.size() - SHOW).append(" more");
        AssertionError e = new AssertionError(sb.toString(), failures.get(0));
        for (int i = 1; i < failures.size(); i++) e.addSuppressed(failures.get(i));
        throw e;
    }
}
