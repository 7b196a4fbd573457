package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recurrent layers {@link Lstm} and {@link Gru}: several stacked layers, each optionally bidirectional, over
 * batch-first input {@code (B, T, F)} (PyTorch's {@code batch_first=True}). Parameters have PyTorch's names and
 * shapes ({@code weight_ih_l0}, {@code weight_hh_l0_reverse}, {@code bias_ih_l1}, ...; gate blocks stacked in PyTorch's
 * order) and its initialization {@code U(-1/sqrt(H), 1/sqrt(H))}, so a PyTorch state dict loads as it is.
 *
 * <p>Variable-length batches are given by their lengths: at steps past a row's length the state is carried unchanged
 * and the output is 0, which is what PyTorch computes for a packed sequence; the reverse direction of each row starts
 * at its last real step. The input projection of all steps is one matmul per layer and direction; each step then
 * runs one {@code (B, H) x (H, G H)} matmul and the gate arithmetic.
 */
public abstract sealed class Rnn extends Module permits Lstm, Gru {
    private final String name;
    private final int gates, inputSize, hiddenSize, numLayers;
    private final boolean bidirectional, bias;
    /** Between stacked layers, in training (PyTorch's {@code dropout}); null when 0. */
    private final Dropout between;

    /**
     * What a recurrent layer returns.
     *
     * @param output every step's output of the last layer, {@code (B, T, D H)} with D = 2 when bidirectional (forward
     *               then reverse halves); 0 at steps past a row's length
     * @param hidden the final hidden state of every layer and direction, {@code (L D, B, H)}, layer-major as PyTorch's
     *               {@code h_n}
     * @param cell   the final cell state in the same layout ({@link Lstm} only; null for {@link Gru})
     */
    public record Output(Tensor output, Tensor hidden, Tensor cell) {}

    Rnn(String name, int gates, int inputSize, int hiddenSize, int numLayers, boolean bidirectional, boolean bias,
        double dropout, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(name + ": sizes must be positive, got input " + inputSize + ", hidden "
                    + hiddenSize + ", layers " + numLayers);
        }
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException(name + ": dropout must be in [0, 1), got " + dropout);
        this.name = name;
        this.gates = gates;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bidirectional = bidirectional;
        this.bias = bias;
        this.between = dropout > 0 && numLayers > 1 ? registerModule("dropout", new Dropout(dropout)) : null;
        double k = 1 / Math.sqrt(hiddenSize);
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : hiddenSize * directions();
            for (int d = 0; d < directions(); d++) {
                String s = suffix(l, d);
                registerParameter("weight_ih" + s, Init.uniform(rng, -k, k, gates * hiddenSize, in));
                registerParameter("weight_hh" + s, Init.uniform(rng, -k, k, gates * hiddenSize, hiddenSize));
                if (bias) {
                    registerParameter("bias_ih" + s, Init.uniform(rng, -k, k, gates * hiddenSize));
                    registerParameter("bias_hh" + s, Init.uniform(rng, -k, k, gates * hiddenSize));
                }
            }
        }
    }

    private static String suffix(int layer, int direction) { return "_l" + layer + (direction == 1 ? "_reverse" : ""); }

    private int directions() { return bidirectional ? 2 : 1; }

    /** The state a step carries: the hidden state, and the cell state for an LSTM (null otherwise). */
    record State(Tensor h, Tensor c) {}

    /** The state of one layer and direction at the first step: {@code h0} and {@code c0} (null for a GRU). */
    abstract State initial(Tensor h0, Tensor c0);

    /** Whether the cell carries a cell state (LSTM). */
    abstract boolean hasCell();

    /**
     * One step: {@code xProj = W_ih x_t + b_ih} and {@code hProj = W_hh h + b_hh}, both {@code (B, G H)}, give the next
     * state.
     */
    abstract State step(Tensor xProj, Tensor hProj, State state);

    /**
     * Runs every layer over {@code x: (B, T, F)}, all rows of full length.
     *
     * @param x the input
     * @return the last layer's outputs {@code (B, T, D H)}
     * @throws IllegalArgumentException if {@code x} is not {@code (B, T, inputSize)}
     */
    @Override public Tensor forward(Tensor x) { return forward(x, null, null, null).output(); }

    /**
     * Runs every layer from zero initial states; see {@link #forward(Tensor, int[], Tensor, Tensor)}.
     *
     * @param x       the input {@code (B, T, F)}
     * @param lengths each row's length, from 0 to T; null when every row has length T
     * @return the outputs and the final states
     * @throws IllegalArgumentException if {@code x} is not {@code (B, T, inputSize)} or the lengths do not fit
     */
    public Output forward(Tensor x, int[] lengths) { return forward(x, lengths, null, null); }

    /**
     * Runs every layer over {@code x: (B, T, F)} whose row {@code b} has {@code lengths[b]} real steps (the rest is
     * padding, at the end), from the given initial states (PyTorch's {@code h_0} and {@code c_0}). In training, the
     * outputs of every layer but the last go through dropout when the layer was built with one.
     *
     * @param x       the input
     * @param lengths each row's length, from 0 to T; null when every row has length T
     * @param h0      the initial hidden states {@code (L D, B, H)}, layer-major as {@link Output#hidden()}; null for
     *                zeros
     * @param c0      the initial cell states in the same layout ({@link Lstm} only); null for zeros
     * @return the outputs and the final states
     * @throws IllegalArgumentException if {@code x} is not {@code (B, T, inputSize)}, the lengths do not fit, an
     *                                  initial state has another shape, or {@code c0} is given to a GRU
     */
    public Output forward(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        if (x.rank() != 3 || x.shape(2) != inputSize) {
            throw new IllegalArgumentException(name + "(" + inputSize + " -> " + hiddenSize + "): input must be (B, T, "
                    + inputSize + "), got " + Arrays.toString(x.shape()));
        }
        int b = x.shape(0), t = x.shape(1);
        if (c0 != null && !hasCell()) throw new IllegalArgumentException(name + ": has no cell state; give h0 only");
        int[] stateShape = {numLayers * directions(), b, hiddenSize};
        for (Tensor s : new Tensor[] {h0, c0}) {
            if (s != null && !Arrays.equals(s.shape(), stateShape)) {
                throw new IllegalArgumentException(name + ": initial states must be (layers x directions, B, H) = "
                        + Arrays.toString(stateShape) + ", got " + Arrays.toString(s.shape()));
            }
        }
        Tensor[] valid = validSteps(x, lengths, b, t);
        Tensor layerInput = x;
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            List<Tensor> outputs = new ArrayList<>();
            for (int d = 0; d < directions(); d++) {
                String s = suffix(l, d);
                Tensor wih = param("weight_ih" + s), whh = param("weight_hh" + s).t();
                Tensor proj = layerInput.matmul(wih.t());
                if (bias) proj = proj.add(param("bias_ih" + s));
                Tensor bhh = bias ? param("bias_hh" + s) : null;
                int layerDir = l * directions() + d;
                Tensor zeros = h0 == null || (hasCell() && c0 == null)
                        ? Tensor.on(wih.backend()).zeros(wih.dtype(), b, hiddenSize) : null;
                State state = initial(h0 == null ? zeros : h0.select(0, layerDir).to(wih.dtype()),
                        !hasCell() ? null : c0 == null ? zeros : c0.select(0, layerDir).to(wih.dtype()));
                Tensor[] out = new Tensor[t];
                for (int i = 0; i < t; i++) {
                    int step = d == 0 ? i : t - 1 - i;
                    Tensor hProj = state.h().matmul(whh);
                    if (bhh != null) hProj = hProj.add(bhh);
                    State next = step(proj.select(1, step), hProj, state);
                    if (valid == null) {
                        state = next;
                        out[step] = next.h();
                    } else {
                        Tensor m = valid[step];
                        state = new State(Tensor.where(m, next.h(), state.h()),
                                next.c() == null ? null : Tensor.where(m, next.c(), state.c()));
                        out[step] = Tensor.where(m, next.h(), 0.0);
                    }
                }
                outputs.add(t == 0 ? Tensor.on(x.backend()).zeros(wih.dtype(), b, 0, hiddenSize) : Tensor.stack(List.of(out), 1));
                hs.add(state.h());
                if (state.c() != null) cs.add(state.c());
            }
            layerInput = outputs.size() == 1 ? outputs.get(0) : Tensor.cat(outputs, 2);
            if (between != null && l < numLayers - 1) layerInput = between.forward(layerInput);
        }
        return new Output(layerInput, Tensor.stack(hs, 0), cs.isEmpty() ? null : Tensor.stack(cs, 0));
    }

    /** Per step, a {@code (B, 1)} BOOL mask of the rows still running; null when every row has full length. */
    private Tensor[] validSteps(Tensor x, int[] lengths, int b, int t) {
        if (lengths == null) return null;
        if (lengths.length != b) {
            throw new IllegalArgumentException(name + ": " + lengths.length + " lengths for a batch of " + b);
        }
        boolean full = true;
        for (int len : lengths) {
            if (len < 0 || len > t) {
                throw new IllegalArgumentException(name + ": lengths must lie in [0, " + t + "], got " + Arrays.toString(lengths));
            }
            full &= len == t;
        }
        if (full) return null;
        boolean[] m = new boolean[t * b]; // (T, B, 1): one upload, a view per step
        for (int i = 0; i < t; i++) for (int r = 0; r < b; r++) m[i * b + r] = i < lengths[r];
        Tensor all = Tensor.on(x.backend()).of(m, t, b, 1);
        Tensor[] masks = new Tensor[t];
        for (int i = 0; i < t; i++) masks[i] = all.select(0, i);
        return masks;
    }

    private Tensor param(String name) { return namedParameters().get(name).value(); }

    /**
     * {@code {"type": "lstm" | "gru", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of(name.toLowerCase(java.util.Locale.ROOT)).put("input_size", inputSize)
                .put("hidden_size", hiddenSize).put("num_layers", numLayers).put("bidirectional", bidirectional)
                .put("bias", bias).put("dropout", between == null ? 0.0 : between.p());
    }

    /**
     * The sizes, such as {@code Lstm(300 -> 128, 2 layers, bidirectional)}.
     *
     * @return a readable description
     */
    @Override public String toString() {
        return name + "(" + inputSize + " -> " + hiddenSize + ", " + numLayers + (numLayers == 1 ? " layer" : " layers")
                + (bidirectional ? ", bidirectional)" : ")");
    }

    /**
     * The hidden size H.
     *
     * @return H
     */
    public int hiddenSize() { return hiddenSize; }

    /**
     * Whether each layer also runs backwards.
     *
     * @return true when bidirectional
     */
    public boolean isBidirectional() { return bidirectional; }

    /**
     * The number of stacked layers L.
     *
     * @return L
     */
    public int numLayers() { return numLayers; }
}
