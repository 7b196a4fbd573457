package io.github.tensorforge.nn.evidence;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.CsvLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Splits;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.metrics.ConfusionMatrix;
import io.github.tensorforge.nn.models.Mlp;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.train.Predictor;
import io.github.tensorforge.nn.train.Trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Evidence run (not a unit test): MLP 64-128-10 on the 8x8 digits. Stratified seeded split (20% test, eval = 10% of
 * the rest), standardization fitted on the training part, Adam, early stopping on eval accuracy with the best
 * checkpoint restored, test accuracy measured once. Arguments: {@code [csv] [seed]}.
 */
public final class DigitsEvidence {
    private DigitsEvidence() {}

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "../shared/data/digits-8x8/digits.csv");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Dataset all = CsvLoader.classification(csv, true, "target");
        Splits.Split s = Splits.split(all, seed);
        Standardizer std = Standardizer.fit(s.train());
        Module model = Mlp.of(64, new int[] {128}, 10, Activation.Kind.RELU, 0.0, new Rng(seed));
        Path ckpt = java.nio.file.Files.createTempDirectory("digits-evidence");
        long t0 = System.nanoTime();
        Trainer.Result r = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 0.002), null,
                Trainer.Config.builder().epochs(40).batchSize(32).seed(seed).monitor("accuracy").patience(8)
                        .checkpointDir(ckpt).restoreBest(true).build())
                .fit(std.transform(s.train()), std.transform(s.eval()));
        double secs = (System.nanoTime() - t0) / 1e9;
        Dataset test = std.transform(s.test());
        ConfusionMatrix cm = ConfusionMatrix.of(10, test.labels(), Predictor.classes(model, test, 256));
        System.out.printf(Locale.ROOT, "RESULT digits-8x8 MLP 64-128-10 backend=%s: train %d / eval %d / test %d, %d epochs "
                        + "(%d steps, early stop %s, best eval accuracy %.4f) in %.1f s: test accuracy %.4f, macro F1 %.4f%n",
                Backends.current().name(), s.train().size(), s.eval().size(), test.size(), r.epochs(), r.steps(),
                r.stoppedEarly(), r.bestMetric(), secs, cm.accuracy(), cm.macroF1());
        model.close();
    }
}
