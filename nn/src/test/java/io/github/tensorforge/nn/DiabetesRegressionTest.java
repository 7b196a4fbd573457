package io.github.tensorforge.nn;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.data.CsvLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Splits;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.loss.MSELoss;
import io.github.tensorforge.nn.metrics.RegressionMetrics;
import io.github.tensorforge.nn.models.Mlp;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.train.Predictor;
import io.github.tensorforge.nn.train.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regression end to end on the diabetes data (442 samples, 10 features): MSE and R^2 on the test split. */
class DiabetesRegressionTest {
    @Test void mlpRegression() throws IOException {
        String root = System.getProperty("tensorforge.shared.data");
        Path csv = root == null ? null : Path.of(root, "diabetes", "diabetes.csv");
        Assumptions.assumeTrue(csv != null && Files.isRegularFile(csv),
                "diabetes data not found (system property tensorforge.shared.data = " + root + "); skipping");
        Dataset all = CsvLoader.regression(csv, true, "target");
        assertEquals(442, all.size());
        // targets scaled to unit range for the optimizer; metrics are reported in the original units
        float[] t = all.targets().clone();
        for (int i = 0; i < t.length; i++) t[i] /= 100f;
        Dataset scaled = Dataset.regression(all.features(), all.sampleShape(), t, 1);
        Splits.Split s = Splits.split(scaled, 0.2, 0.1, false, 5);
        Standardizer std = Standardizer.fit(s.train());
        Module model = Mlp.of(10, new int[] {16}, 1, Activation.Kind.RELU, 0.0, new Rng(2));
        new Trainer(model, new MSELoss(), new Adam(model, 0.01), null,
                Trainer.Config.builder().epochs(60).batchSize(32).seed(1).patience(8).build())
                .fit(std.transform(s.train()), std.transform(s.eval()));
        Dataset test = std.transform(s.test());
        float[] pred = Predictor.outputs(model, test, 64);
        float[] truth = test.targets().clone();
        for (int i = 0; i < pred.length; i++) {
            pred[i] *= 100f;
            truth[i] *= 100f;
        }
        RegressionMetrics m = RegressionMetrics.of(truth, pred);
        System.out.printf("diabetes MLP 10-16-1: test MSE %.1f, MAE %.1f, R^2 %.3f (n = %d)%n", m.mse(), m.mae(), m.r2(), truth.length);
        assertTrue(m.r2() > 0.3, "R^2 " + m.r2());
        model.close();
    }
}
