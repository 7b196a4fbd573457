package io.github.tensorforge.core;

/**
 * One recorded operation of the autograd graph: the op's name, its inputs, and the rule that turns the gradient of its
 * output into gradients of its inputs (null entries for inputs that get none).
 */
final class Node {
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    final String op;
    final Tensor[] inputs;
    final Backward backward;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }
}
