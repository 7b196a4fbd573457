package io.github.tensorforge.nn.data;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.RngStream;
import io.github.tensorforge.spi.Backend;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Cuts a {@link Dataset} into batches. With shuffling, epoch {@code e} uses the permutation drawn from
 * {@code (seed, e)} alone, so any epoch's order can be recomputed (resuming mid-epoch gives the same batches).
 * A batch is assembled by copying each sample once into one host array, then uploaded in one transfer.
 */
public final class DataLoader {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle, dropLast;
    private final long seed;

    public DataLoader(Dataset data, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        if (data.size() == 0) throw new IllegalArgumentException("DataLoader: the dataset is empty");
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        if (batchesPerEpoch() == 0) {
            throw new IllegalArgumentException("DataLoader: " + data.size() + " samples give no full batch of " + batchSize
                    + " with dropLast; use a smaller batch or dropLast = false");
        }
    }

    public Dataset dataset() { return data; }

    public int batchSize() { return batchSize; }

    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The sample indices of every batch of {@code epoch}. */
    public List<int[]> plan(long epoch) {
        int n = data.size();
        int[] order;
        if (shuffle) {
            order = new Rng(RngStream.derive(seed, epoch)).permutation(n);
        } else {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
        }
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < batchesPerEpoch(); b++) {
            int from = b * batchSize, to = Math.min(n, from + batchSize);
            out.add(java.util.Arrays.copyOfRange(order, from, to));
        }
        return out;
    }

    /** Uploads the samples at {@code indices} to {@code backend}. */
    public Batch load(int[] indices, Backend backend) { return assemble(data, indices, backend); }

    /** Batches of {@code epoch} on the current backend; each is created when the iterator reaches it. */
    public Iterable<Batch> epoch(long epoch) {
        List<int[]> plan = plan(epoch);
        Backend backend = Backends.current();
        return () -> new Iterator<>() {
            int next = 0;
            @Override public boolean hasNext() { return next < plan.size(); }
            @Override public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                return load(plan.get(next++), backend);
            }
        };
    }

    /** A batch of {@code data} at {@code indices}: one host copy per sample, one upload per tensor. */
    public static Batch assemble(Dataset data, int[] indices, Backend backend) {
        int s = data.sampleSize(), b = indices.length;
        int[] shape = new int[data.sampleShape().length + 1];
        shape[0] = b;
        System.arraycopy(data.sampleShape(), 0, shape, 1, shape.length - 1);
        var f = Tensor.on(backend);
        Tensor x;
        if (data.hasTokens()) {
            long[] ids = new long[b * s];
            int[] src = data.tokenIds();
            for (int j = 0; j < b; j++) {
                int base = indices[j] * s;
                for (int k = 0; k < s; k++) ids[j * s + k] = src[base + k];
            }
            x = f.of(ids, shape);
        } else {
            float[] buf = new float[b * s];
            float[] src = data.features();
            for (int j = 0; j < b; j++) System.arraycopy(src, indices[j] * s, buf, j * s, s);
            x = f.of(buf, shape);
        }
        Tensor y;
        if (data.isClassification()) {
            long[] l = new long[b];
            for (int j = 0; j < b; j++) l[j] = data.label(indices[j]);
            y = f.of(l, b);
        } else {
            int d = data.targetDim();
            float[] t = new float[b * d];
            float[] src = data.targets();
            for (int j = 0; j < b; j++) System.arraycopy(src, indices[j] * d, t, j * d, d);
            y = f.of(t, b, d);
        }
        return new Batch(x, y, indices);
    }
}
