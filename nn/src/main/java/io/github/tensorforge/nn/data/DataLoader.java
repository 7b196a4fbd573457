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
 * A batch is assembled by copying each sample once into one host array, then uploaded in one transfer. Rows with
 * {@linkplain Dataset#paddedTokens lengths} are cut to the longest row of their batch; {@link #bucketByLength} also
 * groups rows of similar length into the same batches, so that little padding is left. Without shuffling, such rows
 * come in order of length (the batches' indices say which rows they hold).
 */
public final class DataLoader {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle, dropLast;
    private final long seed;
    private final boolean bucketed;

    /**
     * Batches of shuffled rows are sorted by length within windows of this many batches (as Hugging Face's
     * megabatches).
     */
    static final int BUCKET_WINDOW = 50;

    /**
     * Creates a loader over {@code data}; nothing is read or uploaded until a batch is loaded.
     *
     * @param data      the samples; not copied
     * @param batchSize the number of samples per batch; positive
     * @param shuffle   whether each epoch draws a new order from {@code (seed, epoch)}
     * @param dropLast  whether to leave out the last, smaller batch of an epoch
     * @param seed      the seed of the shuffled orders
     * @throws IllegalArgumentException if {@code batchSize} is not positive, the dataset is empty, or
     *                                  {@code dropLast} leaves no full batch
     */
    public DataLoader(Dataset data, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        this(data, batchSize, shuffle, dropLast, seed, false);
    }

    private DataLoader(Dataset data, int batchSize, boolean shuffle, boolean dropLast, long seed, boolean bucketed) {
        if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        if (data.size() == 0) throw new IllegalArgumentException("DataLoader: the dataset is empty");
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.bucketed = bucketed;
        if (bucketed && !data.hasLengths()) {
            throw new IllegalArgumentException("DataLoader: bucketing by length needs rows with lengths (Dataset.paddedTokens), "
                    + "this is " + data);
        }
        if (batchesPerEpoch() == 0) {
            throw new IllegalArgumentException("DataLoader: " + data.size() + " samples give no full batch of " + batchSize
                    + " with dropLast; use a smaller batch or dropLast = false");
        }
    }

    /**
     * This loader, but each epoch's shuffled rows are sorted by length within windows of {@value #BUCKET_WINDOW}
     * batches, and the batches are then shuffled: rows of similar length share a batch, and the order is still drawn
     * from {@code (seed, epoch)} alone. This loader is not changed.
     *
     * @return a new loader with bucketing
     * @throws IllegalArgumentException if the dataset's rows have no lengths ({@link Dataset#paddedTokens})
     */
    public DataLoader bucketByLength() { return new DataLoader(data, batchSize, shuffle, dropLast, seed, true); }

    /**
     * Returns the dataset this loader cuts.
     *
     * @return the dataset given at construction
     */
    public Dataset dataset() { return data; }

    /**
     * Returns the number of samples per batch.
     *
     * @return the batch size (the last batch of an epoch may be smaller unless {@code dropLast})
     */
    public int batchSize() { return batchSize; }

    /**
     * Returns the number of batches in one epoch.
     *
     * @return {@code n / batchSize} with {@code dropLast}, else rounded up
     */
    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * The sample indices of every batch of {@code epoch}, computed from {@code (seed, epoch)} alone.
     *
     * @param epoch the epoch number; it selects the permutation when shuffling
     * @return a new list of {@link #batchesPerEpoch()} index arrays, in batch order
     */
    public List<int[]> plan(long epoch) {
        int n = data.size();
        int[] order;
        if (shuffle) {
            order = new Rng(RngStream.derive(seed, epoch)).permutation(n);
        } else if (data.hasLengths()) {
            order = byLength(n); // unshuffled (evaluation): each batch of similar lengths, the least padding
        } else {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
        }
        if (bucketed) sortWindowsByLength(order);
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < batchesPerEpoch(); b++) {
            int from = b * batchSize, to = Math.min(n, from + batchSize);
            out.add(java.util.Arrays.copyOfRange(order, from, to));
        }
        if (bucketed && shuffle) {
            // The batches of one window would otherwise come longest first; the batch order is drawn again.
            int[] batchOrder = new Rng(RngStream.derive(seed ^ 0x5DEECE66DL, epoch)).permutation(out.size());
            List<int[]> shuffled = new ArrayList<>(out.size());
            for (int i : batchOrder) shuffled.add(out.get(i));
            out = shuffled;
        }
        return out;
    }

    private int[] byLength(int n) {
        Integer[] o = new Integer[n];
        for (int i = 0; i < n; i++) o[i] = i;
        java.util.Arrays.sort(o, java.util.Comparator.comparingInt(data::length)); // stable: ties in row order
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = o[i];
        return out;
    }

    /** Sorts {@code order} by row length, longest first, within each window of {@link #BUCKET_WINDOW} batches. */
    private void sortWindowsByLength(int[] order) {
        int window = batchSize * BUCKET_WINDOW;
        for (int from = 0; from < order.length; from += window) {
            int to = Math.min(order.length, from + window);
            Integer[] w = new Integer[to - from];
            for (int i = 0; i < w.length; i++) w[i] = order[from + i];
            java.util.Arrays.sort(w, (a, b) -> Integer.compare(data.length(b), data.length(a))); // stable
            for (int i = 0; i < w.length; i++) order[from + i] = w[i];
        }
    }

    /**
     * Uploads the samples at {@code indices} to {@code backend}, as {@link #assemble} does.
     *
     * @param indices the dataset indices of the batch's samples (kept in the batch, not copied)
     * @param backend the backend the batch's tensors are created on
     * @return a new batch; the caller closes it
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Batch load(int[] indices, Backend backend) { return assemble(data, indices, backend); }

    /**
     * Batches of {@code epoch} on the current backend; each is created when the iterator reaches it. The plan and the
     * backend ({@link Backends#current()}) are fixed when this method is called.
     *
     * @param epoch the epoch number, as for {@link #plan}
     * @return an iterable whose iterators each load the epoch's batches in order; the caller closes every batch
     */
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

    /**
     * A batch of {@code data} at {@code indices}: one host copy per sample, one upload per tensor. For token rows with
     * lengths, {@code x} is cut to the batch's longest row.
     *
     * @param data    the samples
     * @param indices the dataset indices of the batch's {@code B} samples (kept in the batch, not copied)
     * @param backend the backend the tensors are created on
     * @return a new batch: {@code x: (B, sampleShape...)} FLOAT32 or {@code (B, T)} INT64 token ids, and
     *         {@code y: (B)} INT64 labels or {@code (B, targetDim)} FLOAT32 targets; the caller closes it
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public static Batch assemble(Dataset data, int[] indices, Backend backend) {
        int s = data.sampleSize(), b = indices.length;
        int[] shape = new int[data.sampleShape().length + 1];
        shape[0] = b;
        System.arraycopy(data.sampleShape(), 0, shape, 1, shape.length - 1);
        var f = Tensor.on(backend);
        Tensor x;
        if (data.hasTokens()) {
            int w = s; // the row width of this batch: its longest row where rows have lengths
            if (data.hasLengths()) {
                w = 1;
                for (int i : indices) w = Math.max(w, data.length(i));
                shape[1] = w;
            }
            long[] ids = new long[b * w];
            int[] src = data.tokenIds();
            for (int j = 0; j < b; j++) {
                int base = indices[j] * s;
                for (int k = 0; k < w; k++) ids[j * w + k] = src[base + k];
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
