package io.github.tensorforge.tests;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Collects every failing {@link Check} of a test ({@link Soft}) so that one run lists all differing ops, and prints, once at the end of the whole test run, which backends ran how many checks and which were skipped and why.
 * Registered for every test class through {@code META-INF/services} with extension autodetection (see
 * {@code junit-platform.properties}).
 */
public final class ConformanceSummary implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final class Printer implements AutoCloseable {
        private boolean printed;

        @Override public synchronized void close() {
            if (printed) return;
            printed = true;
            StringBuilder sb = new StringBuilder("\n======== TensorForge conformance summary ========\n");
            for (String line : Conformance.summary()) sb.append(line).append('\n');
            sb.append("=================================================");
            System.out.println(sb);
        }
    }

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ConformanceSummary.class);

    @Override public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put(Soft.class, Soft.open());
    }

    @Override public void afterEach(ExtensionContext context) {
        Soft soft = context.getStore(NS).remove(Soft.class, Soft.class);
        if (soft != null) soft.close();
    }

    @Override public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Printer.class.getName(), k -> new Printer(), Printer.class);
    }
}
