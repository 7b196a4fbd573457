/**
 * Task metrics for evaluating a trained model on held-out data, computed on the host: a confusion matrix with
 * accuracy, precision, recall and F1 for classification ({@link io.github.tensorforge.nn.metrics.ConfusionMatrix}),
 * and MSE, MAE and R^2 for regression ({@link io.github.tensorforge.nn.metrics.RegressionMetrics}).
 */
package io.github.tensorforge.nn.metrics;
