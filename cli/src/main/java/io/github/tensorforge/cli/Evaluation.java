package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.data.InputSpec;
import io.github.tensorforge.cli.report.MetricsReport;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.metrics.ConfusionMatrix;
import io.github.tensorforge.nn.metrics.RegressionMetrics;
import io.github.tensorforge.nn.train.Predictor;

/** Test metrics of a model on a prepared dataset: classification tables or MSE / MAE / R^2. */
final class Evaluation {
    /** The rendered table and the same numbers as JSON; {@code headline} is accuracy or R^2. */
    record Result(String text, ObjectNode json, double headline, double macroF1) {}

    private Evaluation() {}

    static Result evaluate(String title, Module model, Dataset data, InputSpec spec, int batchSize) {
        float[] out = Predictor.outputs(model, data, batchSize);
        if (spec.regression()) {
            float[] truth = data.targets().clone();
            for (int i = 0; i < truth.length; i++) truth[i] = (float) spec.unscale(truth[i]);
            float[] pred = out.clone();
            for (int i = 0; i < pred.length; i++) pred[i] = (float) spec.unscale(pred[i]);
            RegressionMetrics m = RegressionMetrics.of(truth, pred);
            return new Result(MetricsReport.regression(title, m, data.size()), MetricsReport.regressionJson(m, data.size()),
                    m.r2(), Double.NaN);
        }
        int[] predicted = Predictor.argmax(out, data.size());
        ConfusionMatrix cm = ConfusionMatrix.of(spec.classes().size(), data.labels(), predicted);
        return new Result(MetricsReport.classification(title, cm, spec.classes()),
                MetricsReport.classificationJson(cm, spec.classes()), cm.accuracy(), cm.macroF1());
    }
}
