package io.github.tensorforge.nn;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.data.CsvLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.io.ModelFiles;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.models.TransformerClassifier;
import io.github.tensorforge.nn.optim.AdamW;
import io.github.tensorforge.nn.text.WordTokenizer;
import io.github.tensorforge.nn.train.Predictor;
import io.github.tensorforge.nn.train.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The motivating workflow on real comments (GoEmotions collapsed to negative / neutral / positive): CSV text column,
 * tokenizer, a small Transformer classifier, a saved model directory, and inference on new text from the directory.
 * Kept to a few hundred comments so it runs in seconds on the reference backend; it checks the pipeline and that
 * training reduces the loss, not the final accuracy.
 */
class SentimentPipelineTest {
    @TempDir Path dir;

    @Test void textClassificationPipeline() throws IOException {
        String root = System.getProperty("tensorforge.shared.data");
        Path csv = root == null ? null : Path.of(root, "sentiment-goemotions-3class", "dev.csv");
        Assumptions.assumeTrue(csv != null && Files.isRegularFile(csv),
                "sentiment data not found (system property tensorforge.shared.data = " + root + "); skipping");
        CsvLoader.TextData data = CsvLoader.text(csv, true, "text", "label");
        assertEquals(List.of("negative", "neutral", "positive"), data.classNames());
        int n = 320, len = 16;
        List<String> texts = data.texts().subList(0, n);
        WordTokenizer tok = WordTokenizer.fit(texts, 2, 2000, true, len);
        assertTrue(tok.vocabSize() > 100, "vocabulary " + tok.vocabSize());
        Dataset train = Dataset.tokens(tok.encodeAll(texts), len, Arrays.copyOf(data.labels(), n), 3, data.classNames());
        TransformerClassifier model = new TransformerClassifier(new TransformerClassifier.Config(tok.vocabSize(), len, 16, 2,
                1, 32, 3, 0.1, true, false, Activation.Kind.GELU), new Rng(1));
        Trainer.Result r = new Trainer(model, new CrossEntropyLoss(), new AdamW(model, 0.003), null,
                Trainer.Config.builder().epochs(3).batchSize(32).seed(2).build()).fit(train, null);
        List<Double> l = r.losses();
        double first = l.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = l.subList(l.size() - 10, l.size()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("sentiment pipeline: %d steps, mean loss first epoch %.4f, last epoch %.4f%n", r.steps(), first, last);
        assertTrue(last < first, "training must reduce the loss: " + first + " -> " + last);

        Path modelDir = dir.resolve("sentiment-model");
        ModelFiles.save(modelDir, model, tok, null, data.classNames(), null);
        List<String> fresh = List.of("I love this, thank you so much!", "This is awful and I hate it.", "The meeting is at noon.");
        Dataset query = Dataset.tokens(tok.encodeAll(fresh), len, new int[fresh.size()], 3, null);
        int[] expected = Predictor.classes(model, query, 8);
        try (ModelFiles.Loaded served = ModelFiles.load(modelDir)) {
            Dataset q2 = Dataset.tokens(served.tokenizer().encodeAll(fresh), len, new int[fresh.size()], 3, null);
            int[] got = Predictor.classes(served.model(), q2, 8);
            assertArrayEquals(expected, got);
            for (int c : got) assertTrue(served.classNames().get(c).matches("negative|neutral|positive"));
        }
        model.close();
    }
}
