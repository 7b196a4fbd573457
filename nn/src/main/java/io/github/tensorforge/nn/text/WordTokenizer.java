package io.github.tensorforge.nn.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.io.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level tokenizer: optional lower-casing, words (letters/digits, with inner apostrophes) and single
 * punctuation marks as tokens, a vocabulary built from training texts (minimum count, maximum size; ties broken
 * alphabetically so it is deterministic), {@code <pad>} = 0 and {@code <unk>} = 1, truncation and padding to
 * {@code maxLength}, attention masks (1 at real tokens). Saved and loaded as JSON ({@code tokenizer.json}).
 */
public final class WordTokenizer {
    /** The padding token {@code <pad>} and the token {@code <unk>} that stands for every word not in the vocabulary. */
    public static final String PAD = "<pad>", UNK = "<unk>";
    /** The ids of {@link #PAD} (0) and {@link #UNK} (1): the first two entries of every vocabulary. */
    public static final int PAD_ID = 0, UNK_ID = 1;
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}]");

    /** The longest token sequence: attention is quadratic in it, and every id row is allocated per text. */
    public static final int MAX_LENGTH = 8192;

    private final List<String> vocab;
    private final Map<String, Integer> ids = new HashMap<>();
    private final boolean lowercase;
    private final int maxLength;

    private WordTokenizer(List<String> vocab, boolean lowercase, int maxLength) {
        if (maxLength <= 0 || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException("WordTokenizer: max_length must be in 1.." + MAX_LENGTH + ", got " + maxLength);
        }
        if (vocab.size() < 2 || !vocab.get(0).equals(PAD) || !vocab.get(1).equals(UNK)) {
            throw new IllegalArgumentException("WordTokenizer: vocabulary must start with " + PAD + ", " + UNK);
        }
        this.vocab = List.copyOf(vocab);
        for (int i = 0; i < vocab.size(); i++) {
            if (ids.put(vocab.get(i), i) != null) throw new IllegalArgumentException("WordTokenizer: duplicate token '" + vocab.get(i) + "'");
        }
        this.lowercase = lowercase;
        this.maxLength = maxLength;
    }

    /**
     * Splits a text into tokens (lower-cased when asked): runs of letters and digits (with inner apostrophes, as in
     * {@code don't}) and single punctuation marks; whitespace separates and is dropped.
     *
     * @param text      the text
     * @param lowercase whether to lower-case it first ({@link Locale#ROOT})
     * @return a new list of the tokens, in order
     */
    public static List<String> split(String text, boolean lowercase) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(t);
        while (m.find()) out.add(m.group());
        return out;
    }

    /**
     * Builds the vocabulary from {@code texts}: tokens seen at least {@code minCount} times, the most frequent first,
     * at most {@code maxVocab} entries including the two special tokens. Ties in count are broken alphabetically.
     *
     * @param texts     the training texts
     * @param minCount  the least number of occurrences a token needs to enter the vocabulary
     * @param maxVocab  the largest vocabulary size, {@link #PAD} and {@link #UNK} included; at least 2
     * @param lowercase whether texts are lower-cased before splitting (when fitting and when encoding)
     * @param maxLength the length every encoding is truncated or padded to, in {@code 1..}{@link #MAX_LENGTH}
     * @return a new tokenizer
     * @throws IllegalArgumentException if {@code maxVocab} is below 2 or {@code maxLength} is outside
     *                                  {@code 1..MAX_LENGTH}
     */
    public static WordTokenizer fit(List<String> texts, int minCount, int maxVocab, boolean lowercase, int maxLength) {
        return fromCounts(count(texts, lowercase), minCount, maxVocab, lowercase, maxLength);
    }

    /**
     * The word counts {@link #fit} builds its vocabulary from; counts of parts of a corpus add up (a cluster counts
     * each partition and merges the maps).
     *
     * @param texts     the texts
     * @param lowercase whether words are lower-cased
     * @return a new map from word to occurrences
     */
    public static Map<String, Integer> count(List<String> texts, boolean lowercase) {
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) for (String w : split(text, lowercase)) counts.merge(w, 1, Integer::sum);
        return counts;
    }

    /**
     * The vocabulary of {@link #fit}, from word counts (of the whole training corpus).
     *
     * @param wordCounts word occurrences, as {@link #count} gives them (not modified)
     * @param minCount   the fewest occurrences a word needs
     * @param maxVocab   the most tokens, the two special ones included (at least 2)
     * @param lowercase  whether words are lower-cased
     * @param maxLength  the most tokens per text
     * @return a new tokenizer
     * @throws IllegalArgumentException as {@link #fit}
     */
    public static WordTokenizer fromCounts(Map<String, Integer> wordCounts, int minCount, int maxVocab, boolean lowercase,
                                           int maxLength) {
        if (maxVocab < 2) throw new IllegalArgumentException("WordTokenizer: maxVocab must be >= 2, got " + maxVocab);
        Map<String, Integer> counts = new HashMap<>(wordCounts);
        counts.remove(PAD);
        counts.remove(UNK);
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minCount);
        entries.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue());
        List<String> vocab = new ArrayList<>(List.of(PAD, UNK));
        for (var e : entries) {
            if (vocab.size() >= maxVocab) break;
            vocab.add(e.getKey());
        }
        return new WordTokenizer(vocab, lowercase, maxLength);
    }

    /**
     * Returns the number of tokens in the vocabulary.
     *
     * @return the vocabulary size, the special tokens included
     */
    public int vocabSize() { return vocab.size(); }

    /**
     * Returns the length every encoding is truncated or padded to.
     *
     * @return the encoding length, in {@code 1..MAX_LENGTH}
     */
    public int maxLength() { return maxLength; }

    /**
     * Returns the vocabulary in id order.
     *
     * @return an unmodifiable list whose entry {@code i} is the token of id {@code i}
     */
    public List<String> vocabulary() { return Collections.unmodifiableList(vocab); }

    /**
     * Returns the id of a token.
     *
     * @param token a token, as {@link #tokens} gives it
     * @return its id, or {@link #UNK_ID} when it is not in the vocabulary
     */
    public int id(String token) { return ids.getOrDefault(token, UNK_ID); }

    /**
     * The tokens of {@code text} as this tokenizer splits it (before truncation).
     *
     * @param text the text
     * @return a new list of the tokens
     */
    public List<String> tokens(String text) { return split(text, lowercase); }

    /**
     * Ids of {@link #tokens} of a text, truncated/padded to {@link #maxLength()}.
     *
     * @param tokens the tokens, unknown ones mapped to {@link #UNK_ID}
     * @return a new array of {@link #maxLength()} ids, {@link #PAD_ID} after the tokens
     */
    public int[] encodeTokens(List<String> tokens) { return encodeTokens(tokens, maxLength); }

    private int[] encodeTokens(List<String> tokens, int length) {
        int[] out = new int[length];
        for (int i = 0; i < Math.min(length, tokens.size()); i++) out[i] = id(tokens.get(i));
        return out;
    }

    /**
     * Ids of {@code text}, truncated/padded to {@link #maxLength()}.
     *
     * @param text the text
     * @return a new array of {@link #maxLength()} ids, {@link #PAD_ID} after the tokens
     */
    public int[] encode(String text) { return encode(text, maxLength); }

    /**
     * Ids of {@code text}, truncated/padded to {@code length} (which may differ from {@link #maxLength()}).
     *
     * @param text   the text
     * @param length the length of the result
     * @return a new array of {@code length} ids, {@link #PAD_ID} after the tokens
     * @throws NegativeArraySizeException if {@code length} is negative
     */
    public int[] encode(String text, int length) { return encodeTokens(split(text, lowercase), length); }

    /**
     * Every text encoded, as one flat array {@code (texts.size(), maxLength)}.
     *
     * @param texts the texts
     * @return a new row-major array of {@code texts.size() * maxLength()} ids
     */
    public int[] encodeAll(List<String> texts) {
        int[] out = new int[texts.size() * maxLength];
        for (int i = 0; i < texts.size(); i++) System.arraycopy(encode(texts.get(i)), 0, out, i * maxLength, maxLength);
        return out;
    }

    /**
     * 1 where the id is a real token, 0 at padding.
     *
     * @param ids token ids, any layout
     * @return a new array of {@code ids.length} values: 0 where the id is {@link #PAD_ID}, else 1
     */
    public static int[] attentionMask(int[] ids) {
        int[] m = new int[ids.length];
        for (int i = 0; i < ids.length; i++) m[i] = ids[i] == PAD_ID ? 0 : 1;
        return m;
    }

    /**
     * The tokens of {@code ids}, padding dropped.
     *
     * @param ids token ids
     * @return a new list of the tokens; an id outside the vocabulary gives {@link #UNK}
     */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            if (id == PAD_ID) continue;
            out.add(id >= 0 && id < vocab.size() ? vocab.get(id) : UNK);
        }
        return out;
    }

    /**
     * Describes this tokenizer as JSON ({@code tokenizer.json}), which {@link #fromJson} reads back.
     *
     * @return a new object with {@code type} "word", {@code lowercase}, {@code max_length} and {@code vocab}
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object().put("type", "word").put("lowercase", lowercase).put("max_length", maxLength);
        ArrayNode v = o.putArray("vocab");
        for (String s : vocab) v.add(s);
        return o;
    }

    /**
     * Reads a tokenizer from its JSON form ({@link #toJson}).
     *
     * @param o the parsed {@code tokenizer.json}
     * @return a new tokenizer
     * @throws IllegalArgumentException if {@code type} is not "word", {@code vocab} is not an array of distinct strings
     *                                  starting with {@link #PAD} and {@link #UNK}, {@code lowercase} is not a boolean,
     *                                  or {@code max_length} is not an integer in {@code 1..MAX_LENGTH}
     */
    public static WordTokenizer fromJson(JsonNode o) {
        if (!"word".equals(o.path("type").asText())) throw new IllegalArgumentException("tokenizer.json: type must be 'word'");
        JsonNode v = o.get("vocab");
        if (v == null || !v.isArray()) throw new IllegalArgumentException("tokenizer.json: 'vocab' must be an array of strings");
        List<String> vocab = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) throw new IllegalArgumentException("tokenizer.json: vocabulary entries must be strings, got " + s);
            vocab.add(s.textValue());
        }
        JsonNode lc = o.get("lowercase");
        if (lc == null || !lc.isBoolean()) throw new IllegalArgumentException("tokenizer.json: 'lowercase' must be a boolean");
        return new WordTokenizer(vocab, lc.booleanValue(), Json.requireInt(o, "max_length"));
    }

    /**
     * Writes {@link #toJson} to {@code file}, atomically (a temporary file, then a rename); missing parent
     * directories are created.
     *
     * @param file the file to write; replaced if it exists
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException { Json.write(file, toJson()); }

    /**
     * Reads a tokenizer saved by {@link #save}.
     *
     * @param file the {@code tokenizer.json} file
     * @return a new tokenizer
     * @throws IOException              if the file is missing, not a regular file, unreadable, not UTF-8 or not JSON
     * @throws IllegalArgumentException if the JSON does not describe a word tokenizer (see {@link #fromJson})
     */
    public static WordTokenizer load(Path file) throws IOException { return fromJson(Json.read(file)); }
}
