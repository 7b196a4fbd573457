package io.github.tensorforge.nn.metrics;

/**
 * Mean squared error, mean absolute error and the coefficient of determination R^2, computed in double.
 *
 * @param mse the mean of {@code (predicted - truth)^2}
 * @param mae the mean of {@code |predicted - truth|}
 * @param r2  the coefficient of determination {@code 1 - SS_res / SS_tot}
 */
public record RegressionMetrics(double mse, double mae, double r2) {
    /**
     * Computes the metrics of predictions against true values, with {@code r2 = 1 - SS_res / SS_tot} (0 total
     * variance gives NaN unless the fit is perfect, then 1).
     *
     * @param truth     the true values
     * @param predicted the predictions, same length as {@code truth}
     * @return the metrics
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
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
