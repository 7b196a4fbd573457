package io.github.tensorforge.nn;

import io.github.tensorforge.core.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A list of submodules named "0", "1", ...; it holds them and has no forward of its own.
 *
 * @param <M> the type of the submodules
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    /**
     * Appends {@code m} as submodule number {@link #size()}.
     *
     * @param m the module; owned by this list from now on
     * @return this list
     */
    public ModuleList<M> add(M m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    /**
     * The submodule at index {@code i}.
     *
     * @param i the index, from 0
     * @return the submodule
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
     */
    public M get(int i) { return items.get(i); }

    /**
     * The number of submodules.
     *
     * @return the size of the list
     */
    public int size() { return items.size(); }

    /**
     * The submodules in index order.
     *
     * @return an iterator over the submodules
     */
    @Override public Iterator<M> iterator() { return items.iterator(); }

    /**
     * Not supported: a list has no forward; iterate over its modules instead.
     *
     * @param x ignored
     * @return never returns
     * @throws UnsupportedOperationException always
     */
    @Override public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("ModuleList has no forward; iterate over its modules");
    }
}
