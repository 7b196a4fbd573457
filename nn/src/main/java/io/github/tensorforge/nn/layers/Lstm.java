package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;

import java.util.List;

/**
 * Long short-term memory, as PyTorch's {@code LSTM} with {@code batch_first=True}: gates in PyTorch's order (input,
 * forget, cell, output), {@code c' = f c + i g}, {@code h' = o tanh(c')}; see {@link Rnn} for layers, directions and
 * variable lengths.
 */
public final class Lstm extends Rnn {
    /**
     * One unidirectional layer with biases.
     *
     * @param inputSize  the features F of each step
     * @param hiddenSize the hidden size H
     * @param rng        the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Lstm(int inputSize, int hiddenSize, Rng rng) { this(inputSize, hiddenSize, 1, false, true, 0, rng); }

    /**
     * An LSTM with every option.
     *
     * @param inputSize     the features F of each step
     * @param hiddenSize    the hidden size H
     * @param numLayers     the number of stacked layers
     * @param bidirectional whether each layer also runs backwards (outputs {@code 2 H} wide)
     * @param bias          whether the layers have biases
     * @param rng           the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Lstm(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, boolean bias, Rng rng) {
        this(inputSize, hiddenSize, numLayers, bidirectional, bias, 0, rng);
    }

    /**
     * As {@link #Lstm(int, int, int, boolean, boolean, Rng)}, with dropout on the outputs of every layer but the last,
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
    public Lstm(int inputSize, int hiddenSize, int numLayers, boolean bidirectional, boolean bias, double dropout, Rng rng) {
        super("Lstm", 4, inputSize, hiddenSize, numLayers, bidirectional, bias, dropout, rng);
    }

    @Override State initial(Tensor h0, Tensor c0) { return new State(h0, c0); }

    @Override boolean hasCell() { return true; }

    @Override State step(Tensor xProj, Tensor hProj, State s) {
        List<Tensor> g = xProj.add(hProj).chunk(4, 1);
        Tensor i = g.get(0).sigmoid(), f = g.get(1).sigmoid(), c = g.get(2).tanh(), o = g.get(3).sigmoid();
        Tensor cell = f.mul(s.c()).add(i.mul(c));
        return new State(o.mul(cell.tanh()), cell);
    }
}
