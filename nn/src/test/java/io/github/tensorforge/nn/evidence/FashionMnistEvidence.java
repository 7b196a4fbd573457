package io.github.tensorforge.nn.evidence;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Sequential;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.IdxReader;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.Conv2d;
import io.github.tensorforge.nn.layers.Flatten;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.layers.MaxPool2d;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.metrics.ConfusionMatrix;
import io.github.tensorforge.nn.models.Mlp;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.train.Predictor;
import io.github.tensorforge.nn.train.Trainer;
import io.github.tensorforge.nn.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evidence run (not a unit test): trains on Fashion-MNIST (60,000 training images from the three train parts, pixels
 * scaled to [0, 1]) and reports the test accuracy on the official 10,000 test images plus seconds per training epoch.
 *
 * <p>Arguments: {@code mlp|cnn [epochs] [trainLimit] [dataDir] [checkpointDir] [maxEpochsThisRun]}. With a checkpoint
 * directory, {@code last.safetensors} is written after every epoch and a later run with the same arguments resumes
 * from it (bitwise-identically to an uninterrupted run), training at most {@code maxEpochsThisRun} more epochs; the
 * test accuracy is printed at the end of every run. MLP: 784-256-128-10 ReLU; CNN:
 * Conv(1->16,3x3)-ReLU-MaxPool2-Conv(16->32,3x3)-ReLU-MaxPool2-Flatten-Linear(800->10). Adam, lr 1e-3, batch 64,
 * fixed number of epochs, no early stopping, no eval-based model selection (the test set is touched once, at the end).
 */
public final class FashionMnistEvidence {
    private FashionMnistEvidence() {}

    static Dataset loadTrain(Path dir, int limit) throws IOException {
        List<Dataset> parts = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            parts.add(IdxReader.load(dir.resolve("train-part" + k + "-images-idx3-ubyte.gz"),
                    dir.resolve("train-part" + k + "-labels-idx1-ubyte.gz"), 1.0 / 255));
        }
        int n = 0;
        for (Dataset d : parts) n += d.size();
        n = Math.min(n, limit);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        int at = 0;
        for (Dataset d : parts) {
            int take = Math.min(d.size(), n - at);
            if (take <= 0) break;
            System.arraycopy(d.features(), 0, x, at * 784, take * 784);
            System.arraycopy(d.labels(), 0, y, at, take);
            at += take;
        }
        return Dataset.classification(x, new int[] {784}, y, 10, null);
    }

    static Module cnn(Rng rng) {
        return new Sequential(
                new Conv2d(1, 16, 3, rng), new Activation(Activation.Kind.RELU), new MaxPool2d(2),
                new Conv2d(16, 32, 3, rng), new Activation(Activation.Kind.RELU), new MaxPool2d(2),
                new Flatten(), new Linear(32 * 5 * 5, 10, rng));
    }

    /** The same convolutions with a hidden fully connected layer: Flatten-Linear(800->128)-ReLU-Linear(128->10). */
    static Module cnnFc(Rng rng) {
        return new Sequential(
                new Conv2d(1, 16, 3, rng), new Activation(Activation.Kind.RELU), new MaxPool2d(2),
                new Conv2d(16, 32, 3, rng), new Activation(Activation.Kind.RELU), new MaxPool2d(2),
                new Flatten(), new Linear(32 * 5 * 5, 128, rng), new Activation(Activation.Kind.RELU),
                new Linear(128, 10, rng));
    }

    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "mlp";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 60000;
        Path dir = Path.of(args.length > 3 ? args[3] : "../shared/data/fashion-mnist");
        Path ckpt = args.length > 4 ? Path.of(args[4]) : null;
        int perRun = args.length > 5 ? Integer.parseInt(args[5]) : epochs;
        long t0 = System.nanoTime();
        Dataset train = loadTrain(dir, limit);
        Dataset test = IdxReader.load(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"), 1.0 / 255);
        boolean isCnn = kind.startsWith("cnn");
        if (isCnn) {
            train = train.withSampleShape(1, 28, 28);
            test = test.withSampleShape(1, 28, 28);
        }
        System.out.printf(Locale.ROOT, "backend %s, %s, train %d, test %d, data loaded in %.1f s%n",
                Backends.current().name(), kind, train.size(), test.size(), (System.nanoTime() - t0) / 1e9);
        Rng rng = new Rng(1);
        Module model = kind.equals("cnn-fc") ? cnnFc(rng) : isCnn ? cnn(rng) : Mlp.of(784, new int[] {256, 128}, 10, Activation.Kind.RELU, 0.0, rng);
        System.out.println(model + " params " + model.parameterCount());
        long[] epochStart = {System.nanoTime()};
        List<Double> epochSeconds = new ArrayList<>();
        int stepsPerEpoch = (train.size() + 63) / 64;
        Path last = ckpt == null ? null : ckpt.resolve(Trainer.LAST);
        int doneEpochs = 0;
        if (last != null && java.nio.file.Files.exists(last)) {
            Trainer probe = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 1e-3), null,
                    Trainer.Config.builder().epochs(epochs).batchSize(64).seed(7).build());
            probe.restore(last);
            doneEpochs = probe.epoch();
        }
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 1e-3), null,
                Trainer.Config.builder().epochs(epochs).batchSize(64).seed(7).checkpointDir(ckpt)
                        .maxSteps((long) Math.min(epochs, doneEpochs + perRun) * stepsPerEpoch).build());
        trainer.addListener(new TrainingListener() {
            double sum;
            int count;
            @Override public void onTrainBegin(long startStep, long totalSteps) { epochStart[0] = System.nanoTime(); }
            @Override public void onStep(long step, int epoch, double loss, double lr, int batchSize) {
                sum += loss;
                count++;
            }
            @Override public void onEpochEnd(int epoch, long step) {
                double s = (System.nanoTime() - epochStart[0]) / 1e9;
                epochSeconds.add(s);
                System.out.printf(Locale.ROOT, "epoch %d: %.1f s, mean train loss %.4f (%d steps)%n", epoch + 1, s, sum / count, step);
                sum = 0;
                count = 0;
                epochStart[0] = System.nanoTime();
            }
        });
        Trainer.Result result = doneEpochs > 0 ? trainer.resume(last, train, null) : trainer.fit(train, null);
        if (doneEpochs > 0) System.out.println("resumed after epoch " + doneEpochs + " from " + last);
        long p0 = System.nanoTime();
        ConfusionMatrix cm = ConfusionMatrix.of(10, test.labels(), Predictor.classes(model, test, 500));
        double mean = epochSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "RESULT fashion-mnist %s backend=%s epochs=%d/%d train=%d: test accuracy %.4f, macro F1 %.4f,"
                        + " %.1f s/epoch (mean), test inference %.1f s%n", kind, Backends.current().name(), result.epochs(), epochs,
                train.size(), cm.accuracy(), cm.macroF1(), mean, (System.nanoTime() - p0) / 1e9);
        model.close();
    }
}
