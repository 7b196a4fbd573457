package io.github.tensorforge.nn.metrics;

/** Mean squared error, mean absolute error and the coefficient of determination R^2, computed in double. */
public record RegressionMetrics(double mse, double mae, double r2) {
    /** {@code r2 = 1 - SS_res / SS_tot} (0 total variance gives NaN unless the fit is perfect, then 1). */
    public static RegressionMetrics of(float[] truth, float[] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("RegressionMetrics: need equal, non-zero lengths, got " + truth.length + " and " + predicted.length);
        }
        double mean = 0;
        for (float t : truth) mean += t;
        mean /= truth.length;
        double se = 0, ae = 0, tot = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = (double) predicted[i] - truth[i];
            se += d * d;
            ae += Math.abs(d);
            tot += (truth[i] - mean) * (truth[i] - mean);
        }
        double r2 = tot == 0 ? (se == 0 ? 1 : Double.NaN) : 1 - se / tot;
        return new RegressionMetrics(se / truth.length, ae / truth.length, r2);
    }
}
