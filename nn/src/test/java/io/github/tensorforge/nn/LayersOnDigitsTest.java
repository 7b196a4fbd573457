package io.github.tensorforge.nn;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.data.CsvLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Splits;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.BatchNorm1d;
import io.github.tensorforge.nn.layers.Conv1d;
import io.github.tensorforge.nn.layers.Flatten;
import io.github.tensorforge.nn.layers.GroupNorm;
import io.github.tensorforge.nn.layers.Gru;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.metrics.ConfusionMatrix;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.train.Predictor;
import io.github.tensorforge.nn.train.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The new layers in a small end-to-end training each, on the 8x8 digits: an MLP with BatchNorm1d (predicting in eval
 * mode with the running statistics it learned), a Conv1d + GroupNorm network and a GRU, both reading each image as a
 * sequence of 8 rows of 8 pixels.
 */
class LayersOnDigitsTest {
    static Splits.Split split;
    static Standardizer std;

    @BeforeAll static void load() throws IOException {
        String root = System.getProperty("tensorforge.shared.data");
        Path csv = root == null ? null : Path.of(root, "digits-8x8", "digits.csv");
        Assumptions.assumeTrue(csv != null && Files.isRegularFile(csv), "digits data not found (tensorforge.shared.data = " + root + ")");
        split = Splits.split(CsvLoader.classification(csv, true, "target"), 11);
        std = Standardizer.fit(split.train());
    }

    /** A module from a function of its input, with the given submodules (so they are trained and moved). */
    static final class Net extends Module {
        private final Function<Tensor, Tensor> f;

        Net(Function<Tensor, Tensor> f, Module... parts) {
            this.f = f;
            for (int i = 0; i < parts.length; i++) registerModule("m" + i, parts[i]);
        }

        @Override public Tensor forward(Tensor x) { return f.apply(x); }
    }

    static double trainAndTest(String name, Module model, boolean standardize, int epochs) {
        Dataset train = standardize ? std.transform(split.train()) : split.train();
        Dataset eval = standardize ? std.transform(split.eval()) : split.eval();
        Dataset test = standardize ? std.transform(split.test()) : split.test();
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 0.005), null,
                Trainer.Config.builder().epochs(epochs).batchSize(32).seed(3).monitor("accuracy").build());
        trainer.fit(train, eval);
        ConfusionMatrix cm = ConfusionMatrix.of(10, test.labels(), Predictor.classes(model, test, 128));
        System.out.printf("digits %s: test accuracy %.4f%n", name, cm.accuracy());
        model.close();
        return cm.accuracy();
    }

    @Test void batchNormMlpLearnsFromRawPixels() {
        Rng rng = new Rng(1);
        Linear l1 = new Linear(64, 64, rng), l2 = new Linear(64, 10, rng);
        BatchNorm1d bn = new BatchNorm1d(64);
        Activation relu = new Activation(Activation.Kind.RELU);
        // raw 0..16 pixel values: the batch norm after the first layer does the standardizing
        double acc = trainAndTest("linear-batchnorm-relu-linear", new Net(x -> l2.forward(relu.forward(bn.forward(l1.forward(x)))),
                l1, bn, relu, l2), false, 12);
        assertTrue(acc >= 0.93, "accuracy " + acc);
    }

    @Test void conv1dWithGroupNormLearnsRowsAsASequence() {
        Rng rng = new Rng(2);
        Conv1d conv = new Conv1d(8, 16, 3, 1, 1, true, rng);
        GroupNorm gn = new GroupNorm(4, 16);
        Linear head = new Linear(16 * 8, 10, rng);
        Flatten flat = new Flatten();
        // (B, 64) -> (B, 8 rows, 8 pixels) -> channels = pixel columns, length = rows
        double acc = trainAndTest("conv1d-groupnorm", new Net(x -> head.forward(flat.forward(
                gn.forward(conv.forward(x.reshape(-1, 8, 8).transpose(1, 2))).relu())), conv, gn, head), true, 12);
        assertTrue(acc >= 0.93, "accuracy " + acc);
    }

    @Test void gruReadsTheRowsInOrder() {
        Rng rng = new Rng(3);
        Gru gru = new Gru(8, 32, 1, true, true, rng);
        Linear head = new Linear(64, 10, rng);
        double acc = trainAndTest("bidirectional GRU over rows", new Net(x -> {
            Tensor h = gru.forward(x.reshape(-1, 8, 8), null).hidden(); // (2, B, 32)
            return head.forward(Tensor.cat(java.util.List.of(h.select(0, 0), h.select(0, 1)), 1));
        }, gru, head), true, 12);
        assertTrue(acc >= 0.9, "accuracy " + acc);
    }
}
