package io.github.tensorforge.nn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One strict JSON mapper for every file nn reads or writes (duplicate keys and trailing tokens are errors). */
public final class Json {
    private Json() {}

    /**
     * The shared mapper: duplicate keys and trailing tokens are errors, output is indented, and parsing is bounded
     * (nesting depth 64, numbers of 64 digits, strings of 100,000,000 characters).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(64).maxStringLength(100_000_000).build());
    }

    /**
     * Creates an empty JSON object.
     *
     * @return a new object node of {@link #MAPPER}
     */
    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    /**
     * Creates an empty JSON array.
     *
     * @return a new array node of {@link #MAPPER}
     */
    public static ArrayNode array() { return MAPPER.createArrayNode(); }

    /**
     * Parses JSON text strictly.
     *
     * @param text the JSON text
     * @return the parsed tree
     * @throws IOException if the text is not valid JSON (a {@code JsonProcessingException})
     */
    public static JsonNode parse(String text) throws IOException { return MAPPER.readTree(text); }

    /**
     * Reads a JSON file. Only regular files are read (a named pipe would block forever); a file that is not UTF-8 or
     * not JSON gives an {@link IOException} of one line that names the file and the place, with control characters
     * escaped.
     *
     * @param file the file
     * @return the parsed tree
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException                       if it is not a regular file, cannot be read, or is not UTF-8 or JSON
     */
    public static JsonNode read(Path file) throws IOException {
        requireRegularFile(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + " is not valid UTF-8 text");
        }
        try {
            return MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new IOException(file + " is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + ": " + printable(e.getOriginalMessage()));
        }
    }

    /**
     * Throws unless {@code file} is a regular file (not missing, not a directory, pipe or device).
     *
     * @param file the path to check
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException                       if it exists but is not a regular file
     */
    public static void requireRegularFile(Path file) throws IOException {
        if (!Files.exists(file)) throw new java.nio.file.NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new IOException(file + " is not a regular file");
    }

    /**
     * {@code text} on one line, with control characters written as backslash-u escapes, so no message echoes them raw.
     *
     * @param text the text, or null
     * @return the escaped text; "" for null
     */
    public static String printable(String text) {
        if (text == null) return "";
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Writes {@code node} to {@code file} atomically (temporary file, then rename), indented, as UTF-8; missing parent
     * directories are created.
     *
     * @param file the file to write; replaced if it exists
     * @param node the JSON tree
     * @throws IOException if writing fails
     */
    public static void write(Path file, JsonNode node) throws IOException {
        AtomicFiles.write(file, MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A required integer field, with an error naming it.
     *
     * @param node  the object holding the field
     * @param field the field's name
     * @return the field's value
     * @throws IllegalArgumentException if the field is missing or not an integral number that fits an int
     */
    public static int requireInt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("config: field '" + field + "' must be an integer, got " + v);
        }
        return v.intValue();
    }

    /**
     * A required numeric field, with an error naming it.
     *
     * @param node  the object holding the field
     * @param field the field's name
     * @return the field's value as a double
     * @throws IllegalArgumentException if the field is missing or not a number
     */
    public static double requireDouble(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) throw new IllegalArgumentException("config: field '" + field + "' must be a number, got " + v);
        return v.doubleValue();
    }

    /**
     * A required string field, with an error naming it.
     *
     * @param node  the object holding the field
     * @param field the field's name
     * @return the field's text
     * @throws IllegalArgumentException if the field is missing or not a string
     */
    public static String requireText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("config: field '" + field + "' must be a string, got " + v);
        return v.textValue();
    }
}
