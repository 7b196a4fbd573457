package io.github.tensorforge.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A module's architecture and hyperparameters, {@code {"type": ..., ...}}: what {@link io.github.tensorforge.nn.Module#config()}
 * returns and what a {@link ModelFactory} builder reads. Written into {@code config.json} by {@link ModelFiles}. Values
 * are numbers, booleans, strings, integer arrays and nested configs; the getters name a missing or mistyped field in
 * their error. The JSON library behind it is an implementation detail.
 */
public final class ModuleConfig {
    private final ObjectNode node;

    private ModuleConfig(ObjectNode node) { this.node = node; }

    /**
     * A new config of the given type.
     *
     * @param type the type its builder is registered under
     * @return a config holding only {@code type}
     */
    public static ModuleConfig of(String type) { return new ModuleConfig(Json.object().put("type", type)); }

    /**
     * Parses a config from its JSON text.
     *
     * @param json a JSON object with a {@code type} field
     * @return the config
     * @throws IllegalArgumentException if the text is not a JSON object with a type
     */
    public static ModuleConfig parse(String json) {
        try {
            return of(Json.parse(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("config: not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Wraps a parsed JSON object (a copy), checking that it names a type. */
    static ModuleConfig of(JsonNode json) {
        if (json == null || !json.isObject()) throw new IllegalArgumentException("config: a module config must be a JSON object");
        ModuleConfig c = new ModuleConfig(((ObjectNode) json).deepCopy());
        c.requireText("type");
        return c;
    }

    /** The JSON object, for writing into config.json (a copy). */
    ObjectNode json() { return node.deepCopy(); }

    /**
     * The type.
     *
     * @return the {@code type} field
     */
    public String type() { return node.path("type").asText(); }

    /**
     * Sets an integer field.
     *
     * @param key   the field
     * @param value the value
     * @return this config
     */
    public ModuleConfig put(String key, int value) { node.put(key, value); return this; }

    /**
     * Sets a number field.
     *
     * @param key   the field
     * @param value the value
     * @return this config
     */
    public ModuleConfig put(String key, double value) { node.put(key, value); return this; }

    /**
     * Sets a boolean field.
     *
     * @param key   the field
     * @param value the value
     * @return this config
     */
    public ModuleConfig put(String key, boolean value) { node.put(key, value); return this; }

    /**
     * Sets a text field; null leaves the field out.
     *
     * @param key   the field
     * @param value the value, or null
     * @return this config
     */
    public ModuleConfig put(String key, String value) {
        if (value == null) node.remove(key);
        else node.put(key, value);
        return this;
    }

    /**
     * Sets an integer array field.
     *
     * @param key    the field
     * @param values the values (copied)
     * @return this config
     */
    public ModuleConfig put(String key, int[] values) {
        ArrayNode a = node.putArray(key);
        for (int v : values) a.add(v);
        return this;
    }

    /**
     * Sets a nested config.
     *
     * @param key   the field
     * @param child the nested config (copied)
     * @return this config
     */
    public ModuleConfig put(String key, ModuleConfig child) { node.set(key, child.json()); return this; }

    /**
     * Sets a list of nested configs.
     *
     * @param key      the field
     * @param children the nested configs (copied), in order
     * @return this config
     */
    public ModuleConfig put(String key, List<ModuleConfig> children) {
        ArrayNode a = node.putArray(key);
        for (ModuleConfig c : children) a.add(c.json());
        return this;
    }

    /**
     * Whether the field is present.
     *
     * @param key the field
     * @return true when present and not null
     */
    public boolean has(String key) { return node.hasNonNull(key); }

    /**
     * A required integer field.
     *
     * @param key the field
     * @return its value
     * @throws IllegalArgumentException if the field is missing or not an integer
     */
    public int requireInt(String key) { return Json.requireInt(node, key); }

    /**
     * A required number field.
     *
     * @param key the field
     * @return its value
     * @throws IllegalArgumentException if the field is missing or not a number
     */
    public double requireDouble(String key) { return Json.requireDouble(node, key); }

    /**
     * A required text field.
     *
     * @param key the field
     * @return its value
     * @throws IllegalArgumentException if the field is missing or not text
     */
    public String requireText(String key) { return Json.requireText(node, key); }

    /**
     * An optional integer field.
     *
     * @param key          the field
     * @param defaultValue the value when the field is missing
     * @return its value
     * @throws IllegalArgumentException if the field is present but not an integer
     */
    public int getInt(String key, int defaultValue) { return has(key) ? requireInt(key) : defaultValue; }

    /**
     * An optional number field.
     *
     * @param key          the field
     * @param defaultValue the value when the field is missing
     * @return its value
     * @throws IllegalArgumentException if the field is present but not a number
     */
    public double getDouble(String key, double defaultValue) { return has(key) ? requireDouble(key) : defaultValue; }

    /**
     * An optional boolean field.
     *
     * @param key          the field
     * @param defaultValue the value when the field is missing
     * @return its value
     * @throws IllegalArgumentException if the field is present but not a boolean
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        if (!has(key)) return defaultValue;
        JsonNode v = node.get(key);
        if (!v.isBoolean()) throw new IllegalArgumentException("config: field '" + key + "' must be true or false, got " + v);
        return v.booleanValue();
    }

    /**
     * An optional text field.
     *
     * @param key          the field
     * @param defaultValue the value when the field is missing
     * @return its value
     * @throws IllegalArgumentException if the field is present but not text
     */
    public String getText(String key, String defaultValue) { return has(key) ? requireText(key) : defaultValue; }

    /**
     * A required array of integers.
     *
     * @param key the field
     * @return a new array
     * @throws IllegalArgumentException if the field is missing, not an array, or holds a non-integer
     */
    public int[] requireInts(String key) {
        JsonNode a = node.get(key);
        if (a == null || !a.isArray()) throw new IllegalArgumentException("config: field '" + key + "' must be an array of integers, got " + a);
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).isIntegralNumber() || !a.get(i).canConvertToInt()) {
                throw new IllegalArgumentException("config: field '" + key + "' must hold integers, got " + a);
            }
            v[i] = a.get(i).intValue();
        }
        return v;
    }

    /**
     * A required nested config.
     *
     * @param key the field
     * @return the nested config (a copy)
     * @throws IllegalArgumentException if the field is missing or not a config with a type
     */
    public ModuleConfig requireChild(String key) {
        if (!has(key)) throw new IllegalArgumentException("config: " + type() + " needs '" + key + "'");
        return of(node.get(key));
    }

    /**
     * A required list of nested configs.
     *
     * @param key the field
     * @return the nested configs (copies), in order
     * @throws IllegalArgumentException if the field is missing, not an array, or holds something other than configs
     */
    public List<ModuleConfig> requireChildren(String key) {
        JsonNode a = node.get(key);
        if (a == null || !a.isArray()) throw new IllegalArgumentException("config: " + type() + " needs '" + key + "' (an array)");
        List<ModuleConfig> out = new ArrayList<>();
        for (JsonNode c : a) out.add(of(c));
        return out;
    }

    /**
     * The config as compact JSON text.
     *
     * @return the JSON object's text
     */
    public String toJson() { return node.toString(); }

    /**
     * Configs are equal when their JSON is.
     *
     * @param o the other object
     * @return true for an equal config
     */
    @Override public boolean equals(Object o) { return o instanceof ModuleConfig c && c.node.equals(node); }

    /**
     * A hash of the JSON.
     *
     * @return the hash
     */
    @Override public int hashCode() { return node.hashCode(); }

    /**
     * The JSON text.
     *
     * @return {@link #toJson()}
     */
    @Override public String toString() { return toJson(); }
}
