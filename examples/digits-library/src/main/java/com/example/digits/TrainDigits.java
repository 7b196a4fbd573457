package com.example.digits;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.CsvLoader;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Splits;
import io.github.tensorforge.nn.data.Standardizer;
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

/** Trains an MLP on the 8x8 digits with TensorForge used as a library; exits 1 unless the test accuracy is >= 0.9. */
public final class TrainDigits {
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "digits.csv.gz");
        Dataset all;
        try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(csv)), StandardCharsets.UTF_8)) {
            all = CsvLoader.classification(CsvReader.read(in, true, ',', csv.toString()), "label", csv.toString());
        }
        Splits.Split split = Splits.split(all, 7);
        Standardizer std = Standardizer.fit(split.train());
        try (Module model = Mlp.of(64, new int[] {64}, 10, Activation.Kind.RELU, 0.0, new Rng(1))) {
            Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 0.002), null,
                    Trainer.Config.builder().epochs(15).batchSize(32).seed(3).monitor("accuracy").build());
            trainer.fit(std.transform(split.train()), std.transform(split.eval()));
            Dataset test = std.transform(split.test());
            ConfusionMatrix cm = ConfusionMatrix.of(10, test.labels(), Predictor.classes(model, test, 128));
            System.out.printf("digits MLP on %s: test accuracy %.4f, macro-F1 %.4f (%d test samples)%n",
                    Backends.defaultBackend().name(), cm.accuracy(), cm.macroF1(), test.size());
            if (cm.accuracy() < 0.9) System.exit(1);
        }
    }
}
