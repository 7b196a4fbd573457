package io.github.tensorforge.nn;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.text.WordPieceTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WordPiece tokenizer against the Hugging Face tokenizers library itself (through DJL's binding, test scope), on
 * all-MiniLM-L6-v2's tokenizer.json: every comment of the sentiment data set and a list of hostile strings must give
 * the same ids, type ids and masks.
 */
class WordPieceTokenizerTest {
    static final String RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    static Path json;
    static WordPieceTokenizer ours;
    static HuggingFaceTokenizer peer;

    @BeforeAll static void load() throws IOException {
        json = Files.createTempFile("tokenizer", ".json");
        try (InputStream in = WordPieceTokenizerTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " on the test class path (the all-MiniLM-L6-v2 artifact)");
            Files.copy(in, json, StandardCopyOption.REPLACE_EXISTING);
        }
        ours = WordPieceTokenizer.load(json);
        // The file's own settings (truncation at 128) apply; padding is switched off to compare unpadded encodings.
        peer = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "true", "maxLength", "128"));
    }

    @AfterAll static void close() throws IOException {
        if (peer != null) peer.close();
        Files.deleteIfExists(json);
    }

    private static void same(String text) {
        var e = peer.encode(text);
        WordPieceTokenizer.Encoding m = ours.encode(text);
        assertArrayEquals(toInts(e.getIds()), m.ids(), () -> "ids of '" + escape(text) + "'");
        assertArrayEquals(toInts(e.getTypeIds()), m.typeIds(), () -> "type ids of '" + escape(text) + "'");
        assertArrayEquals(toInts(e.getAttentionMask()), m.attentionMask(), () -> "mask of '" + escape(text) + "'");
    }

    private static int[] toInts(long[] a) { return Arrays.stream(a).mapToInt(Math::toIntExact).toArray(); }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(c < 0x20 || c > 0x7E ? String.format("\\u{%x}", c) : String.valueOf((char) c)));
        return sb.toString();
    }

    @Test void hostileStringsGiveTheLibrarysIds() {
        List<String> texts = new ArrayList<>(List.of("", " ", "   \t\n ", "Hello, world!", "HELLO World", "naïve café résumé",
                "Ünïcödé ÀÉÎÕÜ", "東京は日本の首都です", "我爱北京天安门 and English", "한국어 텍스트", "emoji 😀👍🏽 fine",
                "family 👨‍👩‍👧‍👦 zwj", "zero\u200Bwidth\u200Djoiner\u200C", "ctrl\u0001\u0007chars\u007F", "nul\u0000byte",
                "tab\there\r\nnewline", "don't won't can't", "e-mail: a.b@c.d #tag $5 100% ^_^ ~x|y",
                "[CLS] inside [SEP] text [MASK] [UNK]", "[cls] lower [PAD]", "Ǆǅǆ ﬁ ligature ß straße İstanbul ΣΑΣ",
                "x".repeat(500), "supercalifragilisticexpialidocious antidisestablishmentarianism", "a" + "\u0301".repeat(30),
                "\uFFFD replacement", "\uD83D lone surrogate", "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３", "“quotes” ‘single’ «guillemets» —dash– …"));
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 300; i++) longText.append("word").append(i).append(' ');
        texts.add(longText.toString()); // truncated at 128
        for (String t : texts) same(t);
    }

    @Test void everyCommentOfTheSentimentDataGivesTheLibrarysIds() throws IOException {
        String root = System.getProperty("tensorforge.shared.data");
        Path dir = root == null ? null : Path.of(root, "sentiment-goemotions-3class");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "sentiment data not found; skipping");
        int n = 0;
        for (String name : List.of("train.csv", "dev.csv")) {
            CsvReader.Table t = CsvReader.read(dir.resolve(name), true);
            int c = t.column("text");
            for (String[] row : t.rows()) {
                same(row[c]);
                n++;
            }
        }
        assertTrue(n > 40_000, n + " comments");
    }

    @Test void aShorterLimitTruncatesAsTheLibraryAndIsSavedWithTheTokenizer() throws IOException {
        WordPieceTokenizer short12 = ours.withMaxLength(12);
        Path saved = Files.createTempFile("tokenizer12", ".json");
        try (HuggingFaceTokenizer peer12 = HuggingFaceTokenizer.newInstance(json,
                Map.of("padding", "false", "truncation", "true", "maxLength", "12"))) {
            short12.save(saved);
            WordPieceTokenizer reloaded = WordPieceTokenizer.load(saved);
            assertEquals(12, reloaded.maxLength());
            for (String text : List.of("short", "The movie was long, but I loved every minute of it, and so did my friends.",
                    "unbelievably incomprehensible antidisestablishmentarianism")) {
                int[] expected = toInts(peer12.encode(text).getIds());
                assertArrayEquals(expected, short12.encode(text).ids(), text);
                assertArrayEquals(expected, reloaded.encode(text).ids(), text);
            }
            assertEquals(ours.encode("short").length(), short12.encode("short").length());
            assertThrows(IllegalArgumentException.class, () -> ours.withMaxLength(2));
        } finally {
            Files.deleteIfExists(saved);
        }
        assertEquals(128, ours.maxLength(), "withMaxLength leaves the original as it was");
    }

    @Test void pairsAndBatches() {
        String a = "The movie was long, but I loved every minute of it.", b = "Was it good?";
        var e = peer.encode(a, b);
        WordPieceTokenizer.Encoding m = ours.encode(a, b);
        assertArrayEquals(toInts(e.getIds()), m.ids());
        assertArrayEquals(toInts(e.getTypeIds()), m.typeIds());
        List<WordPieceTokenizer.Encoding> batch = ours.encodeBatch(List.of("short", "a somewhat longer sentence here"));
        assertEquals(batch.get(0).length(), batch.get(1).length());
        int real = ours.encode("short").length();
        assertEquals(0, batch.get(0).attentionMask()[real]);
        assertEquals(ours.padId(), batch.get(0).ids()[real]);
    }

    @Test void otherTokenizerModelsAreRefusedClearly() throws IOException {
        Path bpe = Files.createTempFile("bpe", ".json");
        try {
            Files.writeString(bpe, "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}");
            var e = assertThrows(IllegalArgumentException.class, () -> WordPieceTokenizer.load(bpe));
            assertTrue(e.getMessage().contains("tokenizer model 'BPE' is not supported yet"), e.getMessage());
        } finally {
            Files.delete(bpe);
        }
    }
}
