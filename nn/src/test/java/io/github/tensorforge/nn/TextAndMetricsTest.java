package io.github.tensorforge.nn;

import io.github.tensorforge.nn.metrics.ConfusionMatrix;
import io.github.tensorforge.nn.metrics.RegressionMetrics;
import io.github.tensorforge.nn.text.WordTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextAndMetricsTest {
    @TempDir Path dir;

    @Test void tokenizerVocabularyEncodingMasksAndJson() throws IOException {
        List<String> texts = List.of("The movie was GREAT, great fun!", "the plot was bad", "Great actors; bad plot.", "rare");
        WordTokenizer t = WordTokenizer.fit(texts, 2, 100, true, 6);
        // counts: great 3, the 2, was 2, bad 2, plot 2, ',' 1 ... (min count 2); ties alphabetical
        assertEquals(List.of("<pad>", "<unk>", "great", "bad", "plot", "the", "was"), t.vocabulary());
        assertArrayEquals(new int[] {5, 1, 6, 2, 2, 0}, t.encode("The movie was great great"));
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2}, t.encode("great great great great great great great great"), "truncated");
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0}, WordTokenizer.attentionMask(t.encode("The movie was great great")));
        assertEquals(List.of("the", "<unk>", "was", "great", "great"), t.decode(t.encode("The movie was great great")));
        WordTokenizer small = WordTokenizer.fit(texts, 1, 4, true, 6);
        assertEquals(List.of("<pad>", "<unk>", "great", "bad"), small.vocabulary(), "size limit keeps the most frequent");
        WordTokenizer cased = WordTokenizer.fit(texts, 1, 100, false, 4);
        assertEquals(true, cased.vocabulary().contains("GREAT") && cased.vocabulary().contains("great"));
        assertEquals(true, cased.encode("GREAT")[0] != cased.encode("great")[0], "no lower-casing: distinct ids");
        Path f = dir.resolve("tokenizer.json");
        t.save(f);
        WordTokenizer back = WordTokenizer.load(f);
        assertEquals(t.vocabulary(), back.vocabulary());
        assertArrayEquals(t.encode("bad plot was the worst"), back.encode("bad plot was the worst"));
        Files.writeString(f, "{\"type\":\"word\",\"lowercase\":true,\"max_length\":4,\"vocab\":[\"a\",\"<unk>\"]}");
        assertThrows(IllegalArgumentException.class, () -> WordTokenizer.load(f));
        Files.writeString(f, "{\"type\":\"word\",\"lowercase\":true,\"max_length\":4,\"vocab\":[\"<pad>\",\"<unk>\",\"x\",\"x\"]}");
        assertThrows(IllegalArgumentException.class, () -> WordTokenizer.load(f));
    }

    @Test void confusionMatrixMetrics() {
        // truth 0: predicted 0,0,1 ; truth 1: 1,1,1,0 ; truth 2: 2, 0, never predicted correctly otherwise
        int[] truth = {0, 0, 0, 1, 1, 1, 1, 2, 2};
        int[] pred = {0, 0, 1, 1, 1, 1, 0, 2, 0};
        ConfusionMatrix m = ConfusionMatrix.of(3, truth, pred);
        assertEquals(2, m.count(0, 0));
        assertEquals(1, m.count(1, 0));
        assertEquals(6.0 / 9, m.accuracy(), 1e-12);
        assertEquals(2.0 / 4, m.precision(0), 1e-12);   // column 0: 2 + 1 + 1
        assertEquals(2.0 / 3, m.recall(0), 1e-12);
        assertEquals(3.0 / 4, m.precision(1), 1e-12);
        assertEquals(3.0 / 4, m.recall(1), 1e-12);
        assertEquals(1.0, m.precision(2), 1e-12);
        assertEquals(0.5, m.recall(2), 1e-12);
        double f0 = 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), f1 = 0.75, f2 = 2 * 0.5 / 1.5;
        assertEquals(f0, m.f1(0), 1e-12);
        assertEquals((f0 + f1 + f2) / 3, m.macroF1(), 1e-12);
        assertEquals((0.5 + 0.75 + 1.0) / 3, m.macroPrecision(), 1e-12);
        ConfusionMatrix never = ConfusionMatrix.of(2, new int[] {0, 0}, new int[] {0, 0});
        assertEquals(0.0, never.precision(1));
        assertEquals(0.0, never.f1(1));
        assertThrows(IllegalArgumentException.class, () -> m.add(3, 0));
    }

    @Test void regressionMetrics() {
        RegressionMetrics r = RegressionMetrics.of(new float[] {1, 2, 3, 4}, new float[] {1.5f, 2, 2, 4});
        assertEquals((0.25 + 0 + 1 + 0) / 4, r.mse(), 1e-12);
        assertEquals((0.5 + 0 + 1 + 0) / 4, r.mae(), 1e-12);
        assertEquals(1 - 1.25 / 5.0, r.r2(), 1e-12);
        assertEquals(1.0, RegressionMetrics.of(new float[] {1, 2}, new float[] {1, 2}).r2());
    }
}
