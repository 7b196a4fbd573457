package io.github.tensorforge.nn.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.io.Json;

/**
 * Per-feature standardization {@code (x - mean) / std} (population std; constant features get std 1). Fit it on the
 * training split only, then transform every split with the training statistics, so nothing leaks from eval/test.
 */
public final class Standardizer {
    private final float[] mean, std;

    private Standardizer(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Computes each feature's mean and population standard deviation over {@code train} (in double); a feature whose
     * std is below 1e-12 gets std 1.
     *
     * @param train the training split, with float features
     * @return a new standardizer for {@code train.sampleSize()} features
     * @throws IllegalArgumentException if {@code train} holds token ids or is empty
     */
    public static Standardizer fit(Dataset train) {
        float[] x = train.features();
        if (x == null) throw new IllegalArgumentException("Standardizer: dataset has token ids, not features");
        int d = train.sampleSize(), n = train.size();
        if (n == 0) throw new IllegalArgumentException("Standardizer: cannot fit on an empty dataset");
        double[] sum = new double[d], sq = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) sum[j] += x[i * d + j];
        float[] mean = new float[d], std = new float[d];
        for (int j = 0; j < d; j++) mean[j] = (float) (sum[j] / n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double c = x[i * d + j] - sum[j] / n;
                sq[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(sq[j] / n);
            std[j] = s < 1e-12 ? 1f : (float) s;
        }
        return new Standardizer(mean, std);
    }

    /**
     * A standardizer from the statistics {@link #fit} computes, gathered elsewhere (a cluster sums partitions): the
     * population std below 1e-12 becomes 1, as in {@link #fit}.
     *
     * @param sum          each feature's sum over the training rows
     * @param squaredDiffs each feature's sum of squared differences from its mean ({@code sum / n})
     * @param n            the training rows (at least 1)
     * @return a new standardizer
     * @throws IllegalArgumentException if the arrays differ in length or {@code n} is below 1
     */
    public static Standardizer fromMoments(double[] sum, double[] squaredDiffs, long n) {
        if (n < 1) throw new IllegalArgumentException("Standardizer: cannot fit on an empty dataset");
        if (sum.length != squaredDiffs.length) {
            throw new IllegalArgumentException("Standardizer: " + sum.length + " sums but " + squaredDiffs.length
                    + " squared differences");
        }
        float[] mean = new float[sum.length], std = new float[sum.length];
        for (int j = 0; j < sum.length; j++) {
            mean[j] = (float) (sum[j] / n);
            double s = Math.sqrt(squaredDiffs[j] / n);
            std[j] = s < 1e-12 ? 1f : (float) s;
        }
        return new Standardizer(mean, std);
    }

    /**
     * Standardizes every sample of {@code data}, which must hold float features; {@code data} is not modified.
     *
     * @param data the samples, with as many values per sample as were fitted
     * @return a new dataset with the standardized features and the same labels or targets
     * @throws IllegalArgumentException if the number of values per sample differs from the fitted one
     */
    public Dataset transform(Dataset data) {
        float[] x = data.features();
        int d = data.sampleSize();
        if (d != mean.length) {
            throw new IllegalArgumentException("Standardizer: fitted on " + mean.length + " features, data has " + d);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (x[i] - mean[i % d]) / std[i % d];
        return data.withFeatures(out);
    }

    /**
     * Standardizes one sample (for inference) into a new array; {@code sample} is not modified.
     *
     * @param sample the feature values of one sample
     * @return a new array of {@code (sample[j] - mean[j]) / std[j]}
     * @throws IllegalArgumentException if the sample's length differs from the fitted number of features
     */
    public float[] transform(float[] sample) {
        if (sample.length != mean.length) throw new IllegalArgumentException("Standardizer: sample has " + sample.length + " features, expected " + mean.length);
        float[] out = new float[sample.length];
        for (int j = 0; j < out.length; j++) out[j] = (sample[j] - mean[j]) / std[j];
        return out;
    }

    /**
     * The number of features it standardizes.
     *
     * @return the length of {@link #mean()}
     */
    public int size() { return mean.length; }

    /**
     * Returns the fitted means.
     *
     * @return a copy of the per-feature means
     */
    public float[] mean() { return mean.clone(); }

    /**
     * Returns the fitted standard deviations.
     *
     * @return a copy of the per-feature standard deviations (1 for constant features)
     */
    public float[] std() { return std.clone(); }

    /**
     * Describes this standardizer as JSON, which {@link #fromJson} reads back.
     *
     * @return a new object {@code {"type": "standardizer", "mean": [...], "std": [...]}}
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object().put("type", "standardizer");
        ArrayNode m = o.putArray("mean"), s = o.putArray("std");
        for (float v : mean) m.add(v);
        for (float v : std) s.add(v);
        return o;
    }

    /**
     * Reads a standardizer from its JSON form ({@link #toJson}).
     *
     * @param o an object with arrays {@code mean} and {@code std} of one length
     * @return a new standardizer
     * @throws IllegalArgumentException if an array is missing or the lengths differ, a mean is not a finite float32
     *                                  number, or a std is not a finite float32 number of at least
     *                                  {@code Float.MIN_NORMAL}
     */
    public static Standardizer fromJson(JsonNode o) {
        JsonNode m = o.get("mean"), s = o.get("std");
        if (m == null || s == null || !m.isArray() || !s.isArray() || m.size() != s.size()) {
            throw new IllegalArgumentException("Standardizer: JSON needs arrays 'mean' and 'std' of one length");
        }
        float[] mean = new float[m.size()], std = new float[s.size()];
        for (int i = 0; i < mean.length; i++) {
            // Numbers only (asDouble turns a string into 0), finite in float32, and a std that is a normal float32:
            // dividing by a subnormal one (1e-45) overflows.
            if (!m.get(i).isNumber() || !Float.isFinite((float) m.get(i).doubleValue())) {
                throw new IllegalArgumentException("standardizer: mean[" + i + "] is " + m.get(i)
                        + "; it must be a finite float32 number");
            }
            if (!s.get(i).isNumber() || !(s.get(i).doubleValue() >= Float.MIN_NORMAL)
                    || !Float.isFinite((float) s.get(i).doubleValue())) {
                throw new IllegalArgumentException("standardizer: std[" + i + "] is " + s.get(i)
                        + "; it must be a finite float32 number of at least " + Float.MIN_NORMAL);
            }
            mean[i] = (float) m.get(i).doubleValue();
            std[i] = (float) s.get(i).doubleValue();
        }
        return new Standardizer(mean, std);
    }
}
