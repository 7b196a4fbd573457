package io.github.tensorforge.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation at tensor granularity (micrograd's scheme): each result records its inputs and a
 * backward rule; {@link #backward} walks a topological order in reverse and accumulates gradients, which handles
 * fan-out.
 */
final class Autograd {
    private Autograd() {}

    /** Attaches a backward rule to {@code out} when gradients are recorded and an input requires them. */
    static Tensor record(Tensor out, String op, Node.Backward backward, Tensor... inputs) {
        if (!GradMode.isEnabled()) return out;
        boolean any = false;
        for (Tensor in : inputs) if (in != null && in.requiresGrad) { any = true; break; }
        if (!any) return out;
        out.requiresGrad = true;
        out.gradFn = new Node(op, out, inputs, backward);
        return out;
    }

    static void backward(Tensor root, Tensor seed, boolean retainGraph) {
        root.ensureOpen("backward");
        if (!root.requiresGrad) {
            throw new IllegalStateException("backward: this tensor does not require grad; no input of the graph that "
                    + "produced it has requiresGrad() set (or it was computed under GradMode.disable())");
        }
        if (seed != null && !Arrays.equals(seed.shape, root.shape)) {
            throw new IllegalArgumentException("backward: gradient shape " + Shapes.str(seed.shape)
                    + " differs from output shape " + Shapes.str(root.shape));
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        // Intermediate gradients live in a scope of their own and are released when backward ends; leaf gradients
        // are kept and belong to their leaves.
        try (var noGrad = GradMode.disable(); var scope = TensorScope.open()) {
            grads.put(root, seed == null ? root.onesLike() : seed.to(root.dtype));
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                if (t.gradFn == null) {
                    accumulateLeaf(t, g);
                    continue;
                }
                Node node = t.gradFn;
                Tensor[] inputs = node.inputs();
                Tensor[] inGrads = node.apply(t, g);
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    Tensor ig = inGrads[k];
                    if (in == null || ig == null || !in.requiresGrad) continue;
                    if (!Arrays.equals(ig.shape, in.shape)) {
                        throw new IllegalStateException("backward of " + node.op + ": gradient " + Shapes.str(ig.shape)
                                + " does not match input " + k + " " + Shapes.str(in.shape) + " (a bug in the rule)");
                    }
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? ig : prev.add(ig));
                }
            }
        }
        if (!retainGraph) {
            for (Tensor t : order) if (t.gradFn != null) t.gradFn.release();
        }
    }

    /**
     * {@code leaf.grad += g}. Synchronized on the leaf: shared weights may take gradients from backward passes on
     * several threads at once (each thread with its own graph), as in PyTorch.
     */
    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        synchronized (leaf) {
            accumulate(leaf, g);
        }
    }

    private static void accumulate(Tensor leaf, Tensor g) {
        Tensor total;
        if (leaf.grad == null) {
            // A fresh dense copy: g may be a view of a temporary or of the caller's seed.
            total = g.copyAs(leaf.dtype);
        } else {
            total = leaf.grad.add(g);
            leaf.grad.close();
        }
        total.unscoped(); // gradients belong to their leaves, not to any scope
        leaf.grad = total;
    }

    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        // Iterative DFS (graphs of deep models overflow the call stack).
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (int) frame[1];
            if (t.gradFn != null && t.gradFn.isReleased()) {
                throw new IllegalStateException("backward: the graph through " + t.gradFn.op + " " + Shapes.str(t.shape)
                        + " was already freed by an earlier backward(); pass retainGraph = true to the first "
                        + "backward(gradient, retainGraph) to go through the same graph again, or run the forward pass "
                        + "again");
            }
            Tensor[] inputs = t.gradFn == null ? new Tensor[0] : t.gradFn.inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad && visited.add(in)) {
                    in.ensureOpen("backward (input of " + t.gradFn.op + ")");
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
