package io.github.tensorforge.nn.evidence;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.CsvLoader;
import io.github.tensorforge.nn.data.CsvReader;
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

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Evidence run (not a unit test): MLP regression on diabetes (442 x 10, target scaled by 1/100 for training) and on
 * wine-quality red (1,599 x 11, {@code ;}-separated). Seeded 80/20 train/test split, eval = 10% of train for early
 * stopping (best checkpoint restored), standardization fitted on the training part; MSE, MAE and R^2 on the test split
 * in the target's original units. Arguments: {@code [dataRoot]}.
 */
public final class RegressionEvidence {
    private RegressionEvidence() {}

    static void run(String name, Dataset all, float scale, int hidden, double lr, long seed) throws IOException {
        float[] t = all.targets().clone();
        for (int i = 0; i < t.length; i++) t[i] /= scale;
        Dataset scaled = Dataset.regression(all.features(), all.sampleShape(), t, 1);
        Splits.Split s = Splits.split(scaled, 0.2, 0.1, false, seed);
        Standardizer std = Standardizer.fit(s.train());
        int in = all.sampleSize();
        Module model = Mlp.of(in, new int[] {hidden}, 1, Activation.Kind.RELU, 0.0, new Rng(seed));
        Trainer.Result r = new Trainer(model, new MSELoss(), new Adam(model, lr), null,
                Trainer.Config.builder().epochs(200).batchSize(32).seed(seed).monitor("loss").patience(15)
                        .checkpointDir(Files.createTempDirectory("regression-evidence")).restoreBest(true).build())
                .fit(std.transform(s.train()), std.transform(s.eval()));
        Dataset test = std.transform(s.test());
        float[] pred = Predictor.outputs(model, test, 256);
        float[] truth = test.targets().clone();
        for (int i = 0; i < pred.length; i++) {
            pred[i] *= scale;
            truth[i] *= scale;
        }
        RegressionMetrics m = RegressionMetrics.of(truth, pred);
        System.out.printf(Locale.ROOT, "RESULT %s MLP %d-%d-1 backend=%s: train %d / eval %d / test %d, %d epochs (early stop %s):"
                        + " test MSE %.4f, MAE %.4f, R^2 %.4f%n", name, in, hidden, Backends.current().name(),
                s.train().size(), s.eval().size(), test.size(), r.epochs(), r.stoppedEarly(), m.mse(), m.mae(), m.r2());
        model.close();
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
        run("diabetes", CsvLoader.regression(root.resolve("diabetes/diabetes.csv"), true, "target"), 100f, 16, 0.01, 5);
        Path wine = root.resolve("wine-quality/winequality-red.csv");
        CsvReader.Table table;
        try (Reader rd = Files.newBufferedReader(wine, StandardCharsets.UTF_8)) {
            table = CsvReader.read(rd, true, ';', wine.toString());
        }
        run("wine-quality-red", CsvLoader.regression(table, "quality", wine.toString()), 1f, 32, 0.003, 5);
    }
}
