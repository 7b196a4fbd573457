package io.github.tensorforge.nn;

import io.github.tensorforge.core.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A list of submodules named "0", "1", ...; it holds them and has no forward of its own. */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    public ModuleList<M> add(M m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    public M get(int i) { return items.get(i); }

    public int size() { return items.size(); }

    @Override public Iterator<M> iterator() { return items.iterator(); }

    @Override public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("ModuleList has no forward; iterate over its modules");
    }
}
