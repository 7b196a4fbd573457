package io.github.tensorforge.nn.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.nn.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A BERT tokenizer read from a Hugging Face {@code tokenizer.json}, giving the ids the Hugging Face tokenizers library
 * gives: added (special) tokens matched in the raw text first, then the {@code BertNormalizer} (clean text, spaces
 * around CJK characters, accents stripped, lower case), the {@code BertPreTokenizer} (split on whitespace, each
 * punctuation character a word of its own), {@code WordPiece} (greedy longest match with {@code ##} continuations, an
 * over-long or unmatched word becomes the unknown token) and the {@code TemplateProcessing} post-processor
 * ({@code [CLS] A [SEP]}, pairs {@code [CLS] A [SEP] B [SEP]} with type ids 0 and 1), with truncation at the file's
 * {@code max_length} (longest first for pairs). Other tokenizer models (BPE, Unigram) and other normalizers or
 * pre-tokenizers are refused with a message saying so.
 */
public final class WordPieceTokenizer {
    /**
     * One encoded text (or pair): token ids, token type ids and the attention mask (1 at real tokens).
     *
     * @param ids           the token ids {@code (T)}, special tokens included
     * @param typeIds       the segment of each token {@code (T)}: 0 for the first text, 1 for the second of a pair
     * @param attentionMask 1 at real tokens, 0 at padding {@code (T)}
     */
    public record Encoding(int[] ids, int[] typeIds, int[] attentionMask) {
        /**
         * Returns the number of tokens.
         *
         * @return {@code T}, the length of {@link #ids()}
         */
        public int length() { return ids.length; }
    }

    private final Map<String, Integer> vocab;
    private final String[] tokens;
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;
    private final boolean cleanText, chineseChars, stripAccents, lowercase;
    /** Added tokens matched in the raw text, longest first (so "[CLS]x" never matches a shorter prefix first). */
    private final List<Map.Entry<String, Integer>> added;
    private final int clsId, sepId, padId;
    private final int maxLength;
    /** The {@code tokenizer.json} this was read from, kept so that a saved model carries its tokenizer unchanged. */
    private JsonNode json;
    private String source;

    private WordPieceTokenizer(Map<String, Integer> vocab, String unk, String prefix, int maxInputCharsPerWord,
                               boolean cleanText, boolean chineseChars, boolean stripAccents, boolean lowercase,
                               Map<String, Integer> added, String cls, String sep, String pad, int maxLength) {
        this.vocab = vocab;
        int size = 0;
        for (int id : vocab.values()) size = Math.max(size, id + 1);
        for (int id : added.values()) size = Math.max(size, id + 1);
        this.tokens = new String[size];
        vocab.forEach((t, id) -> tokens[id] = t);
        added.forEach((t, id) -> tokens[id] = t);
        this.unkId = require(vocab, unk, "model.unk_token");
        this.prefix = prefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.cleanText = cleanText;
        this.chineseChars = chineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
        this.added = new ArrayList<>(added.entrySet());
        this.added.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getKey().length()).reversed());
        this.clsId = require(vocab, cls, "post_processor [CLS]");
        this.sepId = require(vocab, sep, "post_processor [SEP]");
        this.padId = vocab.getOrDefault(pad, 0);
        this.maxLength = maxLength;
    }

    private static int require(Map<String, Integer> vocab, String token, String what) {
        Integer id = vocab.get(token);
        if (id == null) throw new IllegalArgumentException("tokenizer.json: " + what + " '" + token + "' is not in the vocabulary");
        return id;
    }

    // =================================================================================================================
    // Loading
    // =================================================================================================================

    /**
     * Reads a Hugging Face {@code tokenizer.json} file.
     *
     * @param file the file
     * @return a new tokenizer
     * @throws IOException              if the file is missing, not a regular file, unreadable, not UTF-8 or not JSON
     * @throws IllegalArgumentException if the tokenizer is not a supported WordPiece tokenizer or is malformed (see
     *                                  {@link #fromJson})
     */
    public static WordPieceTokenizer load(Path file) throws IOException { return fromJson(Json.read(file), file.toString()); }

    /**
     * Reads a Hugging Face {@code tokenizer.json} from a stream (e.g. a class-path resource).
     *
     * @param in     the JSON text
     * @param source what errors call the input (a file or resource name)
     * @return a new tokenizer
     * @throws IOException              if reading fails or the text is not JSON
     * @throws IllegalArgumentException if the tokenizer is not a supported WordPiece tokenizer or is malformed (see
     *                                  {@link #fromJson})
     */
    public static WordPieceTokenizer load(InputStream in, String source) throws IOException {
        return fromJson(Json.MAPPER.readTree(in), source);
    }

    /**
     * Reads a parsed {@code tokenizer.json}; {@code source} names it in errors. A copy of {@code root} is kept for
     * {@link #toJson}.
     *
     * @param root   the parsed file
     * @param source what errors call the input (a file name)
     * @return a new tokenizer
     * @throws IllegalArgumentException if the model is not WordPiece, {@code model.vocab} is not a non-empty object
     *                                  of non-negative ids, the normalizer, pre-tokenizer or post-processor is not one
     *                                  of BERT's, or the unknown, [CLS] or [SEP] token is not in the vocabulary
     */
    public static WordPieceTokenizer fromJson(JsonNode root, String source) {
        JsonNode model = root.path("model");
        String type = model.path("type").asText("");
        if (!type.equals("WordPiece")) {
            throw new IllegalArgumentException(source + ": tokenizer model '" + Json.printable(type) + "' is not supported "
                    + "yet; only WordPiece (BERT-family) tokenizers are");
        }
        JsonNode v = model.path("vocab");
        if (!v.isObject() || v.isEmpty()) throw new IllegalArgumentException(source + ": model.vocab must be an object of token -> id");
        Map<String, Integer> vocab = new HashMap<>();
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().canConvertToInt() || e.getValue().intValue() < 0) {
                throw new IllegalArgumentException(source + ": model.vocab id of '" + Json.printable(e.getKey()) + "' is not a non-negative int");
            }
            vocab.put(e.getKey(), e.getValue().intValue());
        }
        JsonNode norm = root.path("normalizer");
        boolean clean = false, cjk = false, lower = false, strip = false;
        if (!norm.isNull() && !norm.isMissingNode()) {
            if (!norm.path("type").asText().equals("BertNormalizer")) {
                throw new IllegalArgumentException(source + ": normalizer '" + Json.printable(norm.path("type").asText())
                        + "' is not supported yet; only BertNormalizer is");
            }
            clean = norm.path("clean_text").asBoolean(true);
            cjk = norm.path("handle_chinese_chars").asBoolean(true);
            lower = norm.path("lowercase").asBoolean(true);
            JsonNode sa = norm.path("strip_accents");
            strip = sa.isBoolean() ? sa.booleanValue() : lower; // null: as lowercase, as the library does
        }
        JsonNode pre = root.path("pre_tokenizer");
        if (!pre.path("type").asText().equals("BertPreTokenizer")) {
            throw new IllegalArgumentException(source + ": pre_tokenizer '" + Json.printable(pre.path("type").asText())
                    + "' is not supported yet; only BertPreTokenizer is");
        }
        Map<String, Integer> added = new HashMap<>();
        for (JsonNode a : root.path("added_tokens")) added.put(a.path("content").asText(), a.path("id").asInt());
        String cls = "[CLS]", sep = "[SEP]";
        JsonNode post = root.path("post_processor");
        if (post.path("type").asText().equals("TemplateProcessing")) {
            JsonNode single = post.path("single");
            if (single.size() != 3 || !single.get(0).has("SpecialToken") || !single.get(2).has("SpecialToken")) {
                throw new IllegalArgumentException(source + ": post_processor template " + Json.printable(single.toString())
                        + " is not supported yet; only [CLS] $A [SEP]");
            }
            cls = single.get(0).path("SpecialToken").path("id").asText();
            sep = single.get(2).path("SpecialToken").path("id").asText();
        } else if (!post.path("type").asText().equals("BertProcessing")) {
            throw new IllegalArgumentException(source + ": post_processor '" + Json.printable(post.path("type").asText())
                    + "' is not supported yet; only TemplateProcessing and BertProcessing are");
        }
        JsonNode trunc = root.path("truncation");
        int maxLength = trunc.isObject() ? trunc.path("max_length").asInt(Integer.MAX_VALUE) : Integer.MAX_VALUE;
        String pad = root.path("padding").path("pad_token").asText("[PAD]");
        WordPieceTokenizer t = new WordPieceTokenizer(vocab, model.path("unk_token").asText("[UNK]"),
                model.path("continuing_subword_prefix").asText("##"), model.path("max_input_chars_per_word").asInt(100),
                clean, cjk, strip, lower, added, cls, sep, pad, maxLength);
        t.json = root.deepCopy();
        t.source = source;
        return t;
    }

    /**
     * This tokenizer, truncating to {@code maxLength} tokens ([CLS] and [SEP] included) instead of its own limit (as
     * Hugging Face's {@code enable_truncation(max_length)}). This tokenizer is not changed.
     *
     * @param maxLength the most tokens of an encoding; at least 3
     * @return a new tokenizer whose {@code tokenizer.json} has this truncation
     * @throws IllegalArgumentException if {@code maxLength} is below 3
     */
    public WordPieceTokenizer withMaxLength(int maxLength) {
        if (maxLength < 3) throw new IllegalArgumentException("WordPieceTokenizer: max length must be at least 3 ([CLS] x [SEP]), got " + maxLength);
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) json.deepCopy();
        root.putObject("truncation").put("direction", "Right").put("max_length", maxLength)
                .put("strategy", "LongestFirst").put("stride", 0);
        return fromJson(root, source);
    }

    /**
     * The {@code tokenizer.json} of this tokenizer (its truncation as {@link #withMaxLength} set it).
     *
     * @return a new copy of the JSON tree
     */
    public JsonNode toJson() { return json.deepCopy(); }

    /**
     * Writes {@link #toJson} to {@code file}, atomically (a temporary file, then a rename).
     *
     * @param file the file to write; replaced if it exists
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException { Json.write(file, toJson()); }

    // =================================================================================================================
    // Encoding
    // =================================================================================================================

    /**
     * Returns the size of the id space.
     *
     * @return the largest id of the vocabulary and the added tokens, plus 1
     */
    public int vocabSize() { return tokens.length; }

    /**
     * The most tokens of an encoding, special tokens included ({@link Integer#MAX_VALUE}: no truncation).
     *
     * @return the truncation length
     */
    public int maxLength() { return maxLength; }

    /**
     * Returns the id {@link #pad} fills with.
     *
     * @return the id of the file's padding token ({@code [PAD]} by default), or 0 when it is not in the vocabulary
     */
    public int padId() { return padId; }

    /**
     * The token text of an id.
     *
     * @param id a token id, in {@code [0, vocabSize())}
     * @return the token, or null for an id that no token has
     * @throws ArrayIndexOutOfBoundsException if {@code id} is out of range
     */
    public String token(int id) { return tokens[id]; }

    /**
     * {@code [CLS] text [SEP]}, truncated to {@link #maxLength()}.
     *
     * @param text the text
     * @return a new encoding with type ids 0 and mask 1
     */
    public Encoding encode(String text) { return encodePieces(tokenize(text)); }

    /**
     * The length of {@code [CLS] pieces [SEP]} before truncation: more than {@link #maxLength()} means it is cut.
     *
     * @param pieces word-piece ids from {@link #tokenize}
     * @return {@code pieces.size() + 2}
     */
    public int untruncatedLength(List<Integer> pieces) { return pieces.size() + 2; }

    /**
     * {@code [CLS] pieces [SEP]} of word pieces from {@link #tokenize}, truncated to {@link #maxLength()}.
     *
     * @param pieces word-piece ids, without special tokens; not modified
     * @return a new encoding with type ids 0 and mask 1
     */
    public Encoding encodePieces(List<Integer> pieces) {
        List<Integer> a = pieces;
        if (a.size() > maxLength - 2) a = a.subList(0, Math.max(0, maxLength - 2));
        int n = a.size() + 2;
        int[] ids = new int[n];
        ids[0] = clsId;
        for (int i = 0; i < a.size(); i++) ids[i + 1] = a.get(i);
        ids[n - 1] = sepId;
        int[] mask = new int[n];
        Arrays.fill(mask, 1);
        return new Encoding(ids, new int[n], mask);
    }

    /**
     * {@code [CLS] a [SEP] b [SEP]} with type ids 0 then 1, the longer side truncated first.
     *
     * @param first  the first text {@code a}
     * @param second the second text {@code b}
     * @return a new encoding of at most {@link #maxLength()} tokens (at least the 3 special ones), mask 1
     */
    public Encoding encode(String first, String second) {
        List<Integer> a = new ArrayList<>(tokenize(first)), b = new ArrayList<>(tokenize(second));
        while (a.size() + b.size() > maxLength - 3 && (!a.isEmpty() || !b.isEmpty())) {
            if (a.size() >= b.size()) a.remove(a.size() - 1);
            else b.remove(b.size() - 1);
        }
        int n = a.size() + b.size() + 3;
        int[] ids = new int[n], types = new int[n], mask = new int[n];
        int k = 0;
        ids[k++] = clsId;
        for (int id : a) ids[k++] = id;
        ids[k++] = sepId;
        int secondStart = k;
        for (int id : b) ids[k++] = id;
        ids[k] = sepId;
        Arrays.fill(types, secondStart, n, 1);
        Arrays.fill(mask, 1);
        return new Encoding(ids, types, mask);
    }

    /**
     * Encodings of {@code texts} padded with the pad id to the longest of them (mask 0 at padding).
     *
     * @param texts the texts
     * @return a new list of encodings, all of one length, in the order of {@code texts}
     */
    public List<Encoding> encodeBatch(List<String> texts) {
        List<Encoding> raw = new ArrayList<>(texts.size());
        for (String t : texts) raw.add(encode(t));
        return pad(raw);
    }

    /**
     * {@code encodings} padded with the pad id to the longest of them (type 0 and mask 0 at padding).
     *
     * @param encodings the encodings; not modified
     * @return a new list of new encodings, all of one length, in the same order
     */
    public List<Encoding> pad(List<Encoding> encodings) {
        int longest = 0;
        for (Encoding e : encodings) longest = Math.max(longest, e.length());
        List<Encoding> out = new ArrayList<>(encodings.size());
        for (Encoding e : encodings) {
            int[] ids = Arrays.copyOf(e.ids(), longest), types = Arrays.copyOf(e.typeIds(), longest);
            Arrays.fill(ids, e.length(), longest, padId);
            out.add(new Encoding(ids, types, Arrays.copyOf(e.attentionMask(), longest)));
        }
        return out;
    }

    /**
     * The token ids of {@code text} without special tokens or truncation: added tokens are matched in the raw text,
     * the stretches between them normalized, pre-tokenized and split into word pieces.
     *
     * @param text the text
     * @return a new list of the word-piece ids
     */
    public List<Integer> tokenize(String text) {
        List<Integer> out = new ArrayList<>();
        int start = 0, i = 0;
        while (i < text.length()) {
            Map.Entry<String, Integer> hit = addedAt(text, i);
            if (hit == null) {
                i++;
                continue;
            }
            if (i > start) wordPieces(text.substring(start, i), out);
            out.add(hit.getValue());
            i += hit.getKey().length();
            start = i;
        }
        if (start < text.length()) wordPieces(text.substring(start), out);
        return out;
    }

    private Map.Entry<String, Integer> addedAt(String text, int i) {
        for (Map.Entry<String, Integer> a : added) if (text.startsWith(a.getKey(), i)) return a;
        return null;
    }

    /** Normalizes, pre-tokenizes and WordPiece-splits one stretch of text with no added tokens in it. */
    private void wordPieces(String text, List<Integer> out) {
        String normalized = normalize(text);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (isWhitespace(cp)) {
                flush(word, out);
            } else if (isPunctuation(cp)) {
                flush(word, out);
                word.appendCodePoint(cp);
                flush(word, out);
            } else {
                word.appendCodePoint(cp);
            }
        }
        flush(word, out);
    }

    private void flush(StringBuilder word, List<Integer> out) {
        if (word.length() == 0) return;
        String w = word.toString();
        word.setLength(0);
        if (w.codePointCount(0, w.length()) > maxInputCharsPerWord) {
            out.add(unkId);
            return;
        }
        int size = out.size();
        int start = 0;
        while (start < w.length()) {
            int end = w.length();
            Integer id = null;
            while (end > start) {
                String piece = start == 0 ? w.substring(start, end) : prefix + w.substring(start, end);
                id = vocab.get(piece);
                if (id != null) break;
                end = w.offsetByCodePoints(end, -1);
            }
            if (id == null) {
                // One unmatched piece makes the whole word unknown.
                while (out.size() > size) out.remove(out.size() - 1);
                out.add(unkId);
                return;
            }
            out.add(id);
            start = end;
        }
    }

    /** The BertNormalizer: clean text, CJK characters spaced, accents stripped, lower case, in that order. */
    String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || isControl(cp)) continue;
                if (isWhitespace(cp)) {
                    sb.append(' ');
                    continue;
                }
            }
            if (chineseChars && isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        }
        String s = sb.toString();
        if (stripAccents) {
            String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder kept = new StringBuilder(nfd.length());
            nfd.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(kept::appendCodePoint);
            s = kept.toString();
        }
        if (lowercase) {
            // Per character, as the library does (String.toLowerCase would turn a final sigma into the final form).
            StringBuilder low = new StringBuilder(s.length());
            s.codePoints().forEach(c -> low.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT)));
            s = low.toString();
        }
        return s;
    }

    /** Unicode White_Space, as Rust's char::is_whitespace. */
    static boolean isWhitespace(int cp) {
        return switch (cp) {
            case ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** Other (Cc, Cf, Cn, Co, Cs) but tab, newline and carriage return, which count as whitespace. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** ASCII punctuation (which includes {@code $, +, <, =, >, ^, `, |, ~}) or any Unicode punctuation category. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK Unified Ideographs blocks BERT puts spaces around. */
    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
