package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Backend;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one function on the reference backend and on the backend under test with the same inputs (see {@link In}) and
 * compares the results, and optionally the gradients of every input marked {@link In#grad()}. Each check runs in its
 * own {@link TensorScope}, so it releases its memory deterministically.
 */
public final class Check {
    private Check() {}

    /** Forward values of {@code fn}. */
    public static void forward(Backend target, String name, Tol tol, Function<Tensor[], Tensor> fn, In... ins) {
        forwardAll(target, name, tol, xs -> List.of(fn.apply(xs)), ins);
    }

    /** Forward values of a function with several results (split, chunk...). */
    public static void forwardAll(Backend target, String name, Tol tol, Function<Tensor[], List<Tensor>> fn, In... ins) {
        Soft.run(() -> forwardNow(target, name, tol, fn, ins));
    }

    private static void forwardNow(Backend target, String name, Tol tol, Function<Tensor[], List<Tensor>> fn, In[] ins) {
        try (var scope = TensorScope.open()) {
            Tensor[][] leaves = leaves(target, name, ins);
            List<Tensor> expected = run(name, "reference", fn, leaves[0], ins);
            List<Tensor> actual = run(name, target.name(), fn, leaves[1], ins);
            compareAll(name + describe(ins), expected, actual, target, tol);
        }
    }

    /**
     * Forward values and gradients: the objective {@code sum(fn(inputs) * w)} with a fixed random {@code w} (so every
     * output element matters) is back-propagated on both backends, and the gradient of every input marked
     * {@link In#grad()} is compared.
     */
    public static void gradients(Backend target, String name, Tol tol, Tol gradTol, Function<Tensor[], Tensor> fn,
                                 In... ins) {
        Soft.run(() -> gradientsNow(target, name, tol, gradTol, fn, ins));
    }

    private static void gradientsNow(Backend target, String name, Tol tol, Tol gradTol, Function<Tensor[], Tensor> fn,
                                     In[] ins) {
        try (var scope = TensorScope.open()) {
            Tensor[][] leaves = leaves(target, name, ins);
            Tensor expected = backprop(name, "reference", fn, leaves[0], ins);
            Tensor actual = backprop(name, target.name(), fn, leaves[1], ins);
            String label = name + describe(ins);
            compareAll(label, List.of(expected), List.of(actual), target, tol);
            for (int i = 0; i < ins.length; i++) {
                if (!ins[i].grad) continue;
                Tensor ge = leaves[0][i].grad(), ga = leaves[1][i].grad();
                if (ge == null || ga == null) {
                    if (ge != ga) {
                        throw new AssertionError(label + ": gradient of input " + i + " is "
                                + (ga == null ? "missing" : "present") + " on " + target.name() + " but "
                                + (ge == null ? "missing" : "present") + " on the reference backend");
                    }
                    continue;
                }
                Compare.assertClose(label + " d/d(input " + i + ")", ge, ga, gradTol);
            }
        }
    }

    private static Tensor backprop(String name, String where, Function<Tensor[], Tensor> fn, Tensor[] leaves, In[] ins) {
        Tensor out = run(name, where, xs -> List.of(fn.apply(xs)), leaves, ins).get(0);
        if (!out.isRequiresGrad()) return out;
        DType wt = out.dtype().isFloating() ? out.dtype() : DType.FLOAT32;
        Tensor w = In.uniform(wt, 0.5, 1.5, out.shape()).leaf(out.backend(), 99);
        out.mul(w).sum().backward();
        return out;
    }

    static Tensor[][] leaves(Backend target, String name, In[] ins) {
        Backend ref = Conformance.reference();
        Tensor[] r = new Tensor[ins.length], t = new Tensor[ins.length];
        for (int i = 0; i < ins.length; i++) {
            long seed = name.hashCode() * 1_000_003L + i;
            r[i] = ins[i].leaf(ref, seed);
            t[i] = ins[i].leaf(target, seed);
        }
        return new Tensor[][] {r, t};
    }

    private static List<Tensor> run(String name, String where, Function<Tensor[], List<Tensor>> fn, Tensor[] leaves,
                                    In[] ins) {
        Tensor[] xs = new Tensor[leaves.length];
        for (int i = 0; i < xs.length; i++) xs[i] = ins[i].apply(leaves[i]);
        try {
            return fn.apply(xs);
        } catch (RuntimeException e) {
            throw new AssertionError(name + describe(ins) + " threw on " + where + ": " + e, e);
        }
    }

    static void compareAll(String label, List<Tensor> expected, List<Tensor> actual, Backend target, Tol tol) {
        if (expected.size() != actual.size()) {
            throw new AssertionError(label + ": " + actual.size() + " results on " + target.name() + ", reference has "
                    + expected.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            Tensor a = actual.get(i);
            if (a.backend() != target) {
                throw new AssertionError(label + ": result " + i + " lives on " + a.backend().name() + ", expected "
                        + target.name() + " (an op fell back to another backend)");
            }
            Compare.assertClose(expected.size() == 1 ? label : label + " result " + i, expected.get(i), a, tol);
        }
    }

    static String describe(In[] ins) {
        return Arrays.toString(ins);
    }
}
