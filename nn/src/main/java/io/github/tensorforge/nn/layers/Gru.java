package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;

import java.util.List;

/**
 * Gated recurrent unit, as PyTorch's {@code GRU} with {@code batch_first=True}: gates in PyTorch's order (reset,
 * update, new), {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h}; see {@link Rnn}
 * for layers, directions and variable lengths.
 */
public final class Gru extends Rnn {
    /**
     * One unidirectional layer with biases.
     *
     * @param inputSize  the features F of each step
     * @param hiddenSize the hidden size H
     * @param rng        the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Gru(int inputSize, int hiddenSize, Rng rng) { this(inputSize, hiddenSize, 1, false, true, 0, rng); }

    /**
     * A GRU with every option.
     *
     * @param inputSize     the features F of each step
     * @param hiddenSize    the hidden size H
     * @param numLayers     the number of stacked layers
     * @param bidirectional whether each layer also runs backwards (outputs {@code 2 H} wide)
     * @param bias          whether the layers have biases
     * @param rng           the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Gru(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, boolean bias, Rng rng) {
        this(inputSize, hiddenSize, numLayers, bidirectional, bias, 0, rng);
    }

    /**
     * As {@link #Gru(int, int, int, boolean, boolean, Rng)}, with dropout on the outputs of every layer but the last,
     * in training (PyTorch's {@code dropout}).
     *
     * @param inputSize     the features F of each step
     * @param hiddenSize    the hidden size H
     * @param numLayers     the number of stacked layers
     * @param bidirectional whether each layer also runs backwards (outputs {@code 2 H} wide)
     * @param bias          whether the layers have biases
     * @param dropout       the dropout probability between layers, in [0, 1)
     * @param rng           the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive or the dropout is out of range
     */
    public Gru(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, boolean bias, double dropout, Rng rng) {
        super("Gru", 3, inputSize, hiddenSize, numLayers, bidirectional, bias, dropout, rng);
    }

    @Override State initial(Tensor h0, Tensor c0) { return new State(h0, null); }

    @Override boolean hasCell() { return false; }

    @Override State step(Tensor xProj, Tensor hProj, State s) {
        List<Tensor> x = xProj.chunk(3, 1), h = hProj.chunk(3, 1);
        Tensor r = x.get(0).add(h.get(0)).sigmoid(), z = x.get(1).add(h.get(1)).sigmoid();
        Tensor n = x.get(2).add(r.mul(h.get(2))).tanh();
        return new State(n.sub(n.mul(z)).add(z.mul(s.h())), null);
    }
}
