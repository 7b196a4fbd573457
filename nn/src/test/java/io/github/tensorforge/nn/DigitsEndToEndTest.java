package io.github.tensorforge.nn;

import io.github.tensorforge.core.Rng;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole workflow on the 8x8 digits (1,797 samples): CSV, stratified split, standardization, MLP, test metrics. */
class DigitsEndToEndTest {
    @Test void mlpLearnsDigits() throws IOException {
        String root = System.getProperty("tensorforge.shared.data");
        Path csv = root == null ? null : Path.of(root, "digits-8x8", "digits.csv");
        Assumptions.assumeTrue(csv != null && Files.isRegularFile(csv),
                "digits data not found (system property tensorforge.shared.data = " + root + "); skipping the end-to-end test");
        Dataset all = CsvLoader.classification(csv, true, "target");
        assertEquals(1797, all.size());
        assertEquals(10, all.numClasses());
        Splits.Split s = Splits.split(all, 11);
        Standardizer std = Standardizer.fit(s.train());
        Module model = Mlp.of(64, new int[] {64}, 10, Activation.Kind.RELU, 0.0, new Rng(1));
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 0.002), null,
                Trainer.Config.builder().epochs(15).batchSize(32).seed(3).monitor("accuracy").build());
        Trainer.Result r = trainer.fit(std.transform(s.train()), std.transform(s.eval()));
        Dataset test = std.transform(s.test());
        ConfusionMatrix cm = ConfusionMatrix.of(10, test.labels(), Predictor.classes(model, test, 128));
        System.out.printf("digits MLP 64-64-10: %d steps, eval %s, test accuracy %.4f, macro F1 %.4f%n",
                r.steps(), r.lastEval(), cm.accuracy(), cm.macroF1());
        assertTrue(cm.accuracy() >= 0.95, "test accuracy " + cm.accuracy() + "\n" + cm);
        model.close();
    }
}
