package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.CsvLoader;
import io.github.tensorforge.nn.data.CsvReader;
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

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Trains an MLP on the project's bundled 8x8 digits with whatever backend the configuration names (the code never
 * mentions one) and prints {@code backend=NAME accuracy=X}. Run in a child JVM by {@link TrainByConfigurationTest}.
 */
public final class DigitsTraining {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        CsvReader.Table table;
        try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8)) {
            table = CsvReader.read(in, true, ',', file.toString());
        }
        Dataset all = CsvLoader.classification(table, "label", file.toString());
        Splits.Split split = Splits.split(all, 11);
        Standardizer std = Standardizer.fit(split.train());
        Module model = Mlp.of(64, new int[] {64}, 10, Activation.Kind.RELU, 0.0, new Rng(1));
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 0.002), null,
                Trainer.Config.builder().epochs(8).batchSize(32).seed(3).monitor("accuracy").build());
        trainer.fit(std.transform(split.train()), std.transform(split.eval()));
        Dataset test = std.transform(split.test());
        ConfusionMatrix cm = ConfusionMatrix.of(10, test.labels(), Predictor.classes(model, test, 128));
        System.out.printf("backend=%s accuracy=%.4f%n", Backends.defaultBackend().name(), cm.accuracy());
        model.close();
    }
}
