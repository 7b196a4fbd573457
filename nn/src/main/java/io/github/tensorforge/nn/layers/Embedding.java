package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.Json;

/**
 * A lookup table: integer ids of any shape {@code S} to vectors {@code S + (dim)}. Parameter {@code weight}
 * {@code (num, dim)}, initialized {@code N(0, 1)} as in PyTorch. With a padding index, that row starts at zero and
 * never receives a gradient (the looked-up rows are multiplied by {@code ids != padding}), so it stays zero.
 */
public final class Embedding extends Module {
    private final int num, dim, paddingIndex;
    private final Parameter weight;

    public Embedding(int num, int dim, Rng rng) { this(num, dim, -1, rng); }

    /** @param paddingIndex the padding id, or -1 for none */
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

    public Parameter weight() { return weight; }

    public int paddingIndex() { return paddingIndex; }

    public int dim() { return dim; }

    /** The number of rows: valid ids are {@code 0 .. num() - 1}. */
    public int num() { return num; }

    /** ids: INT32/INT64 of any shape S; returns {@code S + (dim)}. */
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

    @Override public ObjectNode config() {
        return Json.object().put("type", "embedding").put("num", num).put("dim", dim).put("padding_index", paddingIndex);
    }

    @Override public String toString() { return "Embedding(" + num + ", " + dim + (paddingIndex >= 0 ? ", pad=" + paddingIndex : "") + ")"; }
}
