package io.github.tensorforge.core;

/**
 * One recorded operation of the autograd graph: the op's name, its inputs, and the rule that turns the gradient of its
 * output into gradients of its inputs (null entries for inputs that get none).
 *
 * <p>The node remembers the {@linkplain Storage#version() version} of its output's and inputs' storage when it was
 * recorded: a rule reads those tensors, so an in-place write to any of them before backward would make it return
 * wrong gradients without a sign (PyTorch's version counter catches the same misuse). A backward without
 * {@code retainGraph} releases the node: the rule and its saved tensors become garbage, and a second backward through
 * it is an error instead of silently doing nothing.
 */
final class Node {
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    final String op;
    private Tensor[] inputs;
    private Backward backward;
    private final int outputVersion;
    private final int[] inputVersions;

    Node(String op, Tensor out, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.outputVersion = out.storage.version();
        this.inputVersions = new int[inputs.length];
        for (int k = 0; k < inputs.length; k++) if (inputs[k] != null) inputVersions[k] = inputs[k].storage.version();
    }

    boolean isReleased() { return backward == null; }

    /** The inputs; only for a node that is not released. */
    Tensor[] inputs() { return inputs; }

    /** Gradients of the inputs from the gradient of {@code out}, this node's output, after checking nothing changed. */
    Tensor[] apply(Tensor out, Tensor gradOutput) {
        if (out.storage.version() != outputVersion) throw modified("its output " + Shapes.str(out.shape),
                outputVersion, out.storage.version());
        for (int k = 0; k < inputs.length; k++) {
            Tensor in = inputs[k];
            if (in != null && in.storage.version() != inputVersions[k]) {
                throw modified("input " + k + " " + Shapes.str(in.shape), inputVersions[k], in.storage.version());
            }
        }
        return backward.apply(gradOutput);
    }

    /** Frees the rule and what it saved; the graph above this node becomes garbage. */
    void release() {
        inputs = null;
        backward = null;
    }

    private IllegalStateException modified(String which, int recorded, int now) {
        return new IllegalStateException("backward of " + op + ": " + which + " was modified in place (assign, fill or "
                + "an optimizer step) after " + op + " used it (version " + recorded + " when recorded, now " + now
                + "), so its gradient would be wrong; update a copy instead, or run the forward pass again after the "
                + "update");
    }
}
