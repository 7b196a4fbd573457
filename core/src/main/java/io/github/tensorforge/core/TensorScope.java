package io.github.tensorforge.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Closes every tensor created on this thread while it is open, so device memory is released deterministically:
 * <pre>{@code
 * for (var batch : loader) {
 *     try (var scope = TensorScope.open()) {
 *         Tensor loss = model.forward(batch.x()).crossEntropy(batch.y());
 *         loss.backward();            // parameter gradients belong to the parameters, not to the scope
 *         optimizer.step();
 *     }                               // activations, graph and temporaries are released here
 * }
 * }</pre>
 * A tensor that must outlive the scope is taken out with {@link Tensor#keep()} (or {@link #keep(Tensor)}); it then
 * belongs to the enclosing scope, or to the caller when there is none. Scopes nest; they are per thread.
 */
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<TensorScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private TensorScope() {}

    /**
     * Opens a scope on this thread: until it is closed, or while an inner scope is open, tensors created on this
     * thread belong to it.
     *
     * @return the new innermost scope; close it on this thread, inner scopes first (try-with-resources does)
     */
    public static TensorScope open() {
        TensorScope scope = new TensorScope();
        STACK.get().push(scope);
        return scope;
    }

    static TensorScope current() {
        ArrayDeque<TensorScope> stack = STACK.get();
        return stack.isEmpty() ? null : stack.peek();
    }

    void register(Tensor t) { owned.add(t); }

    void unregister(Tensor t) { owned.remove(t); }

    /**
     * Moves {@code t} out of this scope into the enclosing one (or to the caller). Returns t. A tensor this scope does
     * not own is left where it is.
     *
     * @param t the tensor to keep open when this scope closes
     * @return {@code t}
     */
    public Tensor keep(Tensor t) {
        if (owned.remove(t)) {
            TensorScope parent = parent();
            t.setScope(parent);
            if (parent != null) parent.register(t);
        }
        return t;
    }

    private TensorScope parent() {
        boolean found = false;
        for (TensorScope s : STACK.get()) {
            if (found) return s;
            if (s == this) found = true;
        }
        return null;
    }

    /**
     * Number of tensors this scope will close.
     *
     * @return the count of tensors it owns now
     */
    public int size() { return owned.size(); }

    /**
     * Closes every tensor this scope still owns and ends the scope, making the enclosing one current. A second call
     * does nothing.
     *
     * @throws IllegalStateException if called on another thread than the one that opened the scope, or while an inner
     *                               scope is still open
     */
    @Override public void close() {
        if (closed) return;
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("TensorScope must be closed on the thread that opened it");
        }
        closed = true;
        ArrayDeque<TensorScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("TensorScope closed out of order: close inner scopes first "
                    + "(use try-with-resources)");
        }
        stack.pop();
        List<Tensor> toClose = new ArrayList<>(owned);
        owned.clear();
        for (Tensor t : toClose) {
            t.setScope(null);
            t.close();
        }
    }
}
