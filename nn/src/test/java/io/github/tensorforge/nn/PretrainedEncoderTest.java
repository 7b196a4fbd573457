package io.github.tensorforge.nn;

import io.github.tensorforge.nn.io.PretrainedEncoder;
import io.github.tensorforge.nn.models.BertEncoder.Pooling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PretrainedEncoder} with the real all-MiniLM-L6-v2 from the class path (its parity with ONNX Runtime is
 * BertOnnxParityTest's): batching sorts, pads and masks without changing any text's embedding.
 */
class PretrainedEncoderTest {
    static PretrainedEncoder minilm;

    @BeforeAll static void load() throws IOException { minilm = PretrainedEncoder.load(PretrainedEncoder.MINILM); }

    @AfterAll static void close() { minilm.close(); }

    static final List<String> TEXTS = List.of("I love this movie", "", "the stock market fell sharply today, again",
            "I really enjoy this film", "ok", "What a terrible, awful, no good, very bad day it has been for everyone here",
            "meh", "Thanks!! 😊 that helped a lot", "neutral statement about the weather in the city");

    @Test void batchedEmbeddingsEqualOneAtATime() {
        float[][] batched = minilm.embed(TEXTS, 4, Pooling.MEAN, true);
        assertEquals(TEXTS.size(), batched.length);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] alone = minilm.embed(List.of(TEXTS.get(i)), 1, Pooling.MEAN, true)[0];
            assertEquals(384, batched[i].length);
            double norm = 0, diff = 0;
            for (int k = 0; k < alone.length; k++) {
                norm += (double) batched[i][k] * batched[i][k];
                diff = Math.max(diff, Math.abs(batched[i][k] - alone[k]));
            }
            assertEquals(1, Math.sqrt(norm), 1e-5, "unit length: '" + TEXTS.get(i) + "'");
            assertTrue(diff <= 1e-5, "'" + TEXTS.get(i) + "' in a padded batch differs from alone by " + diff);
        }
        // the model knows what texts mean: the paraphrase is nearer than the unrelated sentence
        assertTrue(dot(batched[0], batched[3]) > dot(batched[0], batched[2]) + 0.3,
                dot(batched[0], batched[3]) + " vs " + dot(batched[0], batched[2]));
    }

    @Test void clsPoolingWithoutNormalisation() {
        float[][] cls = minilm.embed(TEXTS.subList(0, 3), 2, Pooling.CLS, false);
        float[][] mean = minilm.embed(TEXTS.subList(0, 3), 2, Pooling.MEAN, false);
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(Math.sqrt(dot(cls[i], cls[i])) - 1) > 1e-3, "not normalised");
            assertTrue(dot(cls[i], cls[i]) != dot(mean[i], mean[i]), "CLS is not the mean");
        }
        assertEquals(0, minilm.embed(new ArrayList<>(), 8, Pooling.MEAN, true).length);
        assertThrows(IllegalArgumentException.class, () -> minilm.embed(TEXTS, 0, Pooling.MEAN, true));
    }

    @Test void unknownModelsSayWhatIsKnown(@TempDir Path tmp) {
        IOException name = assertThrows(IOException.class, () -> PretrainedEncoder.load("bert-base-uncased"));
        assertTrue(name.getMessage().contains("known: all-minilm-l6-v2"), name.getMessage());
        IOException empty = assertThrows(IOException.class, () -> PretrainedEncoder.load(tmp.toString()));
        assertTrue(empty.getMessage().contains("tokenizer.json"), empty.getMessage());
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
