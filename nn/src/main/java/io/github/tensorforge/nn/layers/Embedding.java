package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;

/**
 * A lookup table: integer ids of any shape {@code S} to vectors {@code S + (dim)}. Parameter {@code weight}
 * {@code (num, dim)}, initialized {@code N(0, 1)} as in PyTorch. With a padding index, that row starts at zero and
 * never receives a gradient (the looked-up rows are multiplied by {@code ids != padding}), so it stays zero.
 */
public final class Embedding extends Module {
    private final int num, dim, paddingIndex;
    private final Parameter weight;

    /**
     * A table of {@code num} float32 vectors of size {@code dim}, without a padding index.
     *
     * @param num the number of rows (valid ids are {@code 0 .. num - 1})
     * @param dim the vector size
     * @param rng the generator the initial table is drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Embedding(int num, int dim, Rng rng) { this(num, dim, -1, rng); }

    /**
     * A table of {@code num} float32 vectors of size {@code dim}; row {@code paddingIndex} starts at zero and stays
     * zero.
     *
     * @param num          the number of rows (valid ids are {@code 0 .. num - 1})
     * @param dim          the vector size
     * @param paddingIndex the padding id, or -1 for none
     * @param rng          the generator the initial table is drawn from
     * @throws IllegalArgumentException if a size is not positive or {@code paddingIndex} is outside {@code [-1, num)}
     */
    public Embedding(int num, int dim, int paddingIndex, Rng rng) {
        if (num <= 0 || dim <= 0) throw new IllegalArgumentException("Embedding: sizes must be positive, got " + num + " x " + dim);
        if (paddingIndex < -1 || paddingIndex >= num) {
            throw new IllegalArgumentException("Embedding: padding index " + paddingIndex + " outside [0, " + num + ")");
        }
        this.num = num;
        this.dim = dim;
        this.paddingIndex = paddingIndex;
        Tensor w = Init.normal(rng, 0, 1, num, dim);
        if (paddingIndex >= 0) {
            try (var g = GradMode.disable(); Tensor row = w.select(0, paddingIndex)) {
                row.fill(0);
            }
        }
        this.weight = registerParameter("weight", w);
    }

    /**
     * The table {@code (num, dim)}.
     *
     * @return the weight parameter
     */
    public Parameter weight() { return weight; }

    /**
     * The padding id, or -1 for none.
     *
     * @return the padding index
     */
    public int paddingIndex() { return paddingIndex; }

    /**
     * The size of each vector.
     *
     * @return {@code dim}
     */
    public int dim() { return dim; }

    /**
     * The number of rows: valid ids are {@code 0 .. num() - 1}.
     *
     * @return {@code num}
     */
    public int num() { return num; }

    /**
     * Looks up {@code ids: S} (INT32/INT64 of any shape S); returns {@code S + (dim)} in the table's dtype, with zero
     * vectors at the padding id. The same in train and eval mode.
     *
     * @param ids the token ids
     * @return a new tensor {@code S + (dim)}
     * @throws IllegalArgumentException  if {@code ids} is not an integer tensor
     * @throws IndexOutOfBoundsException if an id is outside {@code [0, num)}
     */
    @Override public Tensor forward(Tensor ids) {
        if (!ids.dtype().isInteger()) {
            throw new IllegalArgumentException("Embedding: ids must be int32 or int64, got " + ids.dtype()
                    + " " + java.util.Arrays.toString(ids.shape()));
        }
        Tensor out = weight.value().indexSelect(0, ids);
        if (paddingIndex < 0) return out;
        Tensor keep = ids.ne(paddingIndex).to(out.dtype()).unsqueeze(ids.rank());
        return out.mul(keep);
    }

    /**
     * {@code {"type": "embedding", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("embedding").put("num", num).put("dim", dim).put("padding_index", paddingIndex);
    }

    /**
     * {@code Embedding(num, dim)}, with the padding index when there is one.
     *
     * @return a readable description
     */
    @Override public String toString() { return "Embedding(" + num + ", " + dim + (paddingIndex >= 0 ? ", pad=" + paddingIndex : "") + ")"; }
}
