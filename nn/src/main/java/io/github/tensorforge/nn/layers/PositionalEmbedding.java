package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.ModuleConfig;

/**
 * Adds position information to x {@code (B, T, D)}: either a learned table {@code weight (maxLen, D)} (initialized
 * {@code N(0, 1)} like an embedding) or the fixed sinusoidal table of "Attention Is All You Need",
 * {@code pe[p, 2i] = sin(p / 10000^(2i/D))}, {@code pe[p, 2i+1] = cos(...)}, kept as the buffer {@code pe}. Both
 * are float32; the same in train and eval mode.
 */
public final class PositionalEmbedding extends Module {
    private final boolean learned;
    private final int maxLen, dim;

    private PositionalEmbedding(boolean learned, int maxLen, int dim, Rng rng) {
        if (maxLen <= 0 || dim <= 0) throw new IllegalArgumentException("PositionalEmbedding: sizes must be positive, got " + maxLen + " x " + dim);
        this.learned = learned;
        this.maxLen = maxLen;
        this.dim = dim;
        if (learned) {
            registerParameter("weight", Init.normal(rng, 0, 1, maxLen, dim));
        } else {
            Init.reserve(maxLen, dim); // a buffer, not a parameter, but sized by the same configuration
            float[] pe = new float[maxLen * dim];
            for (int p = 0; p < maxLen; p++) {
                for (int i = 0; i < dim; i++) {
                    double freq = Math.pow(10000.0, -(double) (i - (i % 2)) / dim);
                    pe[p * dim + i] = (float) (i % 2 == 0 ? Math.sin(p * freq) : Math.cos(p * freq));
                }
            }
            registerBuffer("pe", Tensor.of(pe, maxLen, dim));
        }
    }

    /**
     * A learned table, parameter {@code weight (maxLen, dim)} drawn from {@code N(0, 1)}.
     *
     * @param maxLen the longest sequence covered
     * @param dim    the model width D
     * @param rng    the generator the table is drawn from
     * @return a new module
     * @throws IllegalArgumentException if a size is not positive, or the table exceeds the budget of
     *                                  {@link io.github.tensorforge.nn.Init#withinBudget}
     */
    public static PositionalEmbedding learned(int maxLen, int dim, Rng rng) { return new PositionalEmbedding(true, maxLen, dim, rng); }

    /**
     * The fixed sinusoidal table, buffer {@code pe (maxLen, dim)}; no parameters.
     *
     * @param maxLen the longest sequence covered
     * @param dim    the model width D
     * @return a new module
     * @throws IllegalArgumentException if a size is not positive, or the table exceeds the budget of
     *                                  {@link io.github.tensorforge.nn.Init#withinBudget}
     */
    public static PositionalEmbedding sinusoidal(int maxLen, int dim) { return new PositionalEmbedding(false, maxLen, dim, null); }

    /**
     * The longest sequence this table covers.
     *
     * @return {@code maxLen}
     */
    public int maxLen() { return maxLen; }

    /**
     * The table rows {@code 0..T-1}, {@code (T, D)}: a view of the live table, not a copy.
     *
     * @param t the sequence length T
     * @return the first {@code t} rows
     * @throws IllegalArgumentException if {@code t > maxLen()}
     */
    public Tensor table(int t) {
        if (t > maxLen) throw new IllegalArgumentException("PositionalEmbedding: sequence length " + t + " exceeds maxLen " + maxLen);
        Tensor table = learned ? namedParameters().get("weight").value() : buffer("pe");
        return table.slice(0, 0, t);
    }

    /**
     * {@code x: (B, T, D)} plus the position table (rows {@code 0..T-1}, broadcast over the batch).
     *
     * @param x the token vectors
     * @return a new tensor {@code (B, T, D)}
     * @throws IllegalArgumentException if {@code x} is not {@code (B, T, D)} or {@code T > maxLen()}
     */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.shape(2) != dim) {
            throw new IllegalArgumentException("PositionalEmbedding: input must be (B, T, " + dim + "), got " + java.util.Arrays.toString(x.shape()));
        }
        return x.add(table(x.shape(1)));
    }

    /**
     * {@code {"type": "positional_embedding", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("positional_embedding").put("learned", learned).put("max_len", maxLen).put("dim", dim);
    }
}
