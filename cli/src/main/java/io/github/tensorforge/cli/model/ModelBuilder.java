package io.github.tensorforge.cli.model;

import io.github.tensorforge.cli.UserException;
import io.github.tensorforge.nn.data.InputSpec;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Sequential;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.Conv2d;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Flatten;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.layers.MaxPool2d;
import io.github.tensorforge.nn.models.LstmClassifier;
import io.github.tensorforge.nn.models.Mlp;
import io.github.tensorforge.nn.models.TransformerClassifier;

import java.util.ArrayList;
import java.util.List;

/** Builds the train command's architectures from its options and the data's shape. */
public final class ModelBuilder {
    private ModelBuilder() {}

    /**
     * Hyperparameters of the architectures (each model uses the ones that apply to it).
     *
     * @param hidden     hidden layer widths (mlp; the bow head; cnn: layers before the output), or null for the default
     * @param dropout    dropout probability
     * @param embedDim   bow and lstm embedding size
     * @param dModel     transformer width; lstm hidden size per direction
     * @param heads      transformer attention heads
     * @param layers     transformer encoder layers; lstm stacked layers
     * @param ff         transformer feed-forward width
     * @param learnedPositions transformer: learned (true) or sinusoidal positions
     * @param channels   cnn: channels of the two convolution blocks
     */
    public record Options(ModelType type, int[] hidden, double dropout, int embedDim, int dModel, int heads, int layers,
                          int ff, boolean learnedPositions, int[] channels) {}

    /** Default hidden widths of each model when --hidden is not given. */
    public static int[] defaultHidden(ModelType t) {
        return switch (t) {
            case MLP -> new int[] {256, 128};
            case CNN, BOW, TRANSFORMER, LSTM, BERT -> new int[0];
        };
    }

    /**
     * The square image shape {@code [1, s, s]} for a CNN on {@code features} values (64 to 8x8, 784 to 28x28), or
     * {@code [1, h, w]} from IDX dimensions.
     */
    public static int[] imageShape(int features, int[] idxDims) {
        if (idxDims != null) return new int[] {1, idxDims[0], idxDims[1]};
        int s = (int) Math.round(Math.sqrt(features));
        if (s * s != features || s < 4) {
            throw new UserException("--model cnn needs square images (e.g. 64 = 8x8 or 784 = 28x28 pixel columns), but the "
                    + "data has " + features + " feature columns; use --model mlp");
        }
        return new int[] {1, s, s};
    }

    /** A fresh model for {@code spec}; {@code vocabSize} is the tokenizer's (text models) or ignored. */
    public static Module build(Options o, InputSpec spec, int vocabSize, Rng rng) {
        int outputs = spec.regression() ? 1 : spec.classes().size();
        int[] hidden = o.hidden() != null ? o.hidden() : defaultHidden(o.type());
        for (int h : hidden) if (h <= 0) throw new UserException("--hidden widths must be positive, got " + h);
        if (o.type().text() != spec.isText()) {
            throw new UserException("--model " + o.type().id() + (o.type().text()
                    ? " reads text: name the text column with --text" : " reads numeric features: drop --text"));
        }
        return switch (o.type()) {
            case MLP -> Mlp.of(spec.featureCount(), hidden, outputs, Activation.Kind.RELU, o.dropout(), rng);
            case CNN -> cnn(o, spec, hidden, outputs, rng);
            case BOW -> new BagOfEmbeddings(vocabSize, o.embedDim(), hidden, outputs, o.dropout(), rng);
            case TRANSFORMER -> {
                if (o.dModel() % o.heads() != 0) {
                    throw new UserException("--d-model " + o.dModel() + " must be divisible by --heads " + o.heads());
                }
                yield new TransformerClassifier(new TransformerClassifier.Config(vocabSize, spec.maxLen(), o.dModel(),
                        o.heads(), o.layers(), o.ff(), outputs, o.dropout(), false, o.learnedPositions(),
                        Activation.Kind.RELU), rng);
            }
            case LSTM -> new LstmClassifier(vocabSize, o.embedDim(), o.dModel(), o.layers(), true, outputs, o.dropout(), rng);
            case BERT -> throw new IllegalArgumentException("--model bert starts from a pretrained encoder "
                    + "(BertClassifier), not from ModelBuilder");
        };
    }

    private static Module cnn(Options o, InputSpec spec, int[] hidden, int outputs, Rng rng) {
        int[] img = spec.imageShape();
        int c1 = o.channels()[0], c2 = o.channels()[1];
        int h = img[1], w = img[2];
        List<Module> layers = new ArrayList<>();
        layers.add(new Conv2d(img[0], c1, 3, 3, 1, 1, true, rng));
        layers.add(new Activation(Activation.Kind.RELU));
        layers.add(new MaxPool2d(2));
        h /= 2;
        w /= 2;
        layers.add(new Conv2d(c1, c2, 3, 3, 1, 1, true, rng));
        layers.add(new Activation(Activation.Kind.RELU));
        layers.add(new MaxPool2d(2));
        h /= 2;
        w /= 2;
        if (h < 1 || w < 1) throw new UserException("--model cnn: images of " + img[1] + "x" + img[2] + " are too small");
        layers.add(new Flatten());
        int prev = c2 * h * w;
        for (int width : hidden) {
            layers.add(new Linear(prev, width, rng));
            layers.add(new Activation(Activation.Kind.RELU));
            if (o.dropout() > 0) layers.add(new Dropout(o.dropout()));
            prev = width;
        }
        layers.add(new Linear(prev, outputs, rng));
        return new Sequential(layers);
    }
}
