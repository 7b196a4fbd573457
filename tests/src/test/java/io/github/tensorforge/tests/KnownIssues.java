package io.github.tensorforge.tests;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Failures that are known, reported, and waiting for a fix in a backend or in core. A failing check whose message
 * matches an entry does not fail the run, but every run prints each entry with the number of checks it covered; an
 * entry that no longer matches anything is printed as fixed, so it gets removed. Keep this list short and specific:
 * the backend name plus a pattern for the failing checks.
 */
final class KnownIssues {
    private KnownIssues() {}

    record Issue(String backend, Pattern failure, String description) {}

    static final List<Issue> ISSUES = List.of();

    private static final Map<Issue, AtomicLong> HITS = new ConcurrentHashMap<>();

    /** True when {@code failure} is a known issue (and counts it). */
    static boolean isKnown(AssertionError failure) {
        String m = failure.getMessage() == null ? "" : failure.getMessage();
        for (Issue i : ISSUES) {
            if (m.contains(" on " + i.backend()) && i.failure().matcher(m).find()) {
                HITS.computeIfAbsent(i, k -> new AtomicLong()).incrementAndGet();
                return true;
            }
        }
        return false;
    }

    static void summary(List<String> lines) {
        for (Issue i : ISSUES) {
            long n = HITS.getOrDefault(i, new AtomicLong()).get();
            if (n > 0) lines.add("KNOWN ISSUE on " + i.backend() + " (" + n + " failing checks not counted as failures): "
                    + i.description());
            else lines.add("known issue on " + i.backend() + " did not occur in this run (fixed? then remove it from "
                    + "KnownIssues): " + i.description());
        }
    }
}
