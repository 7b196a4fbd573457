package io.github.tensorforge.nn.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.FilterReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, parsed by Jackson's CSV data format: fields separated by a delimiter, optionally enclosed in double
 * quotes; inside quotes a doubled quote is a literal quote, and delimiters and line breaks (LF or CRLF) are data; a
 * quote inside an unquoted field is kept as data; text after a closing quote is an error, as is a quoted field that is
 * never closed. On top of the parser: rows must all have the header's number of fields, and header names must be
 * distinct. Blank lines are skipped, and a UTF-8 byte-order mark before the first field is not part of it. Reading
 * stops with an error beyond {@link Limits} (a small gzip file can expand to gigabytes).
 */
public final class CsvReader {
    private CsvReader() {}

    /**
     * The most characters and records one file may have; {@link #DEFAULT} fits in a default-sized heap.
     *
     * @param maxChars   characters read at most (after decompression), the byte-order mark included
     * @param maxRecords records (the header included) at most
     */
    public record Limits(long maxChars, int maxRecords) {
        /** 2^30 characters and 10 million records. */
        public static final Limits DEFAULT = new Limits(1L << 30, 10_000_000);
    }

    /**
     * A cell as a number: plain decimal or scientific notation only ({@code 3}, {@code -0.5}, {@code 1e-3}), as NumPy
     * and pandas write numbers; surrounding spaces are ignored. Java's own parser also takes {@code 7d}, {@code 3f} and
     * hexadecimal {@code 0x1p3}: those, NaN and infinities throw {@link NumberFormatException}.
     *
     * @param cell the cell's text
     * @return its value
     * @throws NumberFormatException when the cell is not a plain decimal or scientific number
     */
    public static double number(String cell) {
        String s = cell.trim();
        if (!isDecimal(s)) throw new NumberFormatException("not a decimal number: '" + s + "'");
        return Double.parseDouble(s);
    }

    /**
     * A cell as a finite float32: what every numeric column (features, targets, values on standard input) needs.
     *
     * @param cell the cell's text
     * @return its value, or NaN when it is not a plain number or does not fit a finite float
     */
    public static float finiteFloat(String cell) {
        try {
            float v = (float) number(cell);
            return Float.isFinite(v) ? v : Float.NaN;
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    /** {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, without a regex (cells are many). */
    private static boolean isDecimal(String s) {
        int i = 0, n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int intDigits = 0, fracDigits = 0;
        while (i < n && isDigit(s.charAt(i))) { i++; intDigits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) { i++; fracDigits++; }
        }
        if (intDigits + fracDigits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == n;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    /**
     * A parsed table.
     *
     * @param columns column names: the header's (trimmed), or "0", "1", ... without a header
     * @param rows    the records after the header, each with one string per column
     */
    public record Table(List<String> columns, List<String[]> rows) {
        /**
         * The index of a column given by name, or by number when there is no such name (negative numbers count from
         * the end).
         *
         * @param nameOrIndex a column name or index
         * @return the column's index
         * @throws IllegalArgumentException when there is no such column (the message lists the columns)
         */
        public int column(String nameOrIndex) {
            int i = columns.indexOf(nameOrIndex);
            if (i >= 0) return i;
            try {
                int k = Integer.parseInt(nameOrIndex.trim());
                if (k < 0) k += columns.size();
                if (k >= 0 && k < columns.size()) return k;
            } catch (NumberFormatException ignored) {
                // fall through
            }
            throw new IllegalArgumentException("CSV: no column '" + nameOrIndex + "'; columns are " + columns);
        }
    }

    /**
     * Reads a UTF-8, comma-separated file (plain or gzip) with {@link Limits#DEFAULT}.
     *
     * @param file   the file
     * @param header whether the first record names the columns
     * @return the table
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when it is malformed, ragged, empty or beyond the limits (the message names
     *                                  the file and, where it can, the line)
     */
    public static Table read(Path file, boolean header) throws IOException {
        try (Reader r = new InputStreamReader(DataFiles.open(file), StandardCharsets.UTF_8)) {
            return read(r, header, ',', file.toString());
        }
    }

    /**
     * Reads CSV text with {@link Limits#DEFAULT}.
     *
     * @param in        the text (not closed here)
     * @param header    whether the first record names the columns
     * @param delimiter the field separator
     * @param source    what errors call the input (a file name)
     * @return the table
     * @throws IOException              when reading fails
     * @throws IllegalArgumentException when the text is malformed, ragged, empty or beyond the limits
     */
    public static Table read(Reader in, boolean header, char delimiter, String source) throws IOException {
        return read(in, header, delimiter, source, Limits.DEFAULT);
    }

    /**
     * Reads CSV text within {@code limits}: every row must have the first record's number of fields, and header names
     * must be distinct.
     *
     * @param in        the text (not closed here)
     * @param header    whether the first record names the columns
     * @param delimiter the field separator
     * @param source    what errors call the input (a file name)
     * @param limits    the most characters and records to accept
     * @return the table
     * @throws IOException              when reading fails
     * @throws IllegalArgumentException when the text is malformed, ragged, empty or beyond the limits
     */
    public static Table read(Reader in, boolean header, char delimiter, String source, Limits limits) throws IOException {
        List<String[]> records = parse(in, delimiter, source, limits);
        if (records.isEmpty()) throw new IllegalArgumentException("CSV " + source + ": no rows");
        List<String> columns = new ArrayList<>();
        int width = records.get(0).length;
        List<String[]> rows;
        if (header) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String c : records.get(0)) {
                String name = c.trim();
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("CSV " + source + ": the header names column '" + name
                            + "' twice; column names must be distinct");
                }
                columns.add(name);
            }
            rows = new ArrayList<>(records.subList(1, records.size()));
        } else {
            for (int i = 0; i < width; i++) columns.add(Integer.toString(i));
            rows = records;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).length != width) {
                throw new IllegalArgumentException("CSV " + source + ": record " + (i + (header ? 2 : 1)) + " has "
                        + rows.get(i).length + " fields, expected " + width);
            }
        }
        return new Table(columns, rows);
    }

    /**
     * All records of CSV text with {@link Limits#DEFAULT}, rows of any width.
     *
     * @param reader    the text (not closed here)
     * @param delimiter the field separator
     * @param source    what errors call the input
     * @return the records, blank lines skipped
     * @throws IOException              when reading fails
     * @throws IllegalArgumentException when the text is malformed (an unclosed quote, text after a closing quote) or
     *                                  beyond the limits
     */
    public static List<String[]> parse(Reader reader, char delimiter, String source) throws IOException {
        return parse(reader, delimiter, source, Limits.DEFAULT);
    }

    /**
     * As {@link #parse(Reader, char, String)}, refusing input beyond {@code limits}.
     *
     * @param reader    the text (not closed here)
     * @param delimiter the field separator
     * @param source    what errors call the input
     * @param limits    the most characters and records to accept
     * @return the records, blank lines skipped
     * @throws IOException              when reading fails
     * @throws IllegalArgumentException when the text is malformed or beyond the limits
     */
    public static List<String[]> parse(Reader reader, char delimiter, String source, Limits limits) throws IOException {
        PushbackReader in = new PushbackReader(new Bounded(reader, limits.maxChars(), source), 1);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') in.unread(first); // a byte-order mark (Excel writes one) is not data
        List<String[]> out = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter).withQuoteChar('"').withoutEscapeChar();
        try (MappingIterator<String[]> records = MAPPER.readerFor(String[].class).with(schema).readValues(in)) {
            while (records.hasNextValue()) {
                if (out.size() >= limits.maxRecords()) {
                    throw new IllegalArgumentException("CSV " + source + ": more than " + limits.maxRecords() + " records; "
                            + "split the file or read a sample of it");
                }
                out.add(records.nextValue());
            }
        } catch (JsonProcessingException e) {
            throw malformed(e, source);
        } catch (RuntimeJsonMappingException e) {
            throw e.getCause() instanceof JsonProcessingException j ? malformed(j, source) : e;
        }
        return out;
    }

    /** Jackson's reading: records as arrays of strings, blank lines skipped, the caller's reader left open. */
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    /** Jackson's parse error in our terms: the file, the line, and what is wrong. */
    private static IllegalArgumentException malformed(JsonProcessingException e, String source) {
        if (e.getCause() instanceof IllegalArgumentException limit) return limit; // Bounded's, passed through Jackson
        String what = e.getOriginalMessage();
        if (what.contains("Missing closing quote")) what = "a quoted field is never closed";
        else if (what.contains("Expected column separator")) what = "text after a closing quote";
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return new IllegalArgumentException("CSV " + source + (line > 0 ? " line " + line : "") + ": " + what, e);
    }

    /** A reader that fails with a clear error once more than {@code max} characters have been read. */
    private static final class Bounded extends FilterReader {
        private final long max;
        private final String source;
        private long count;

        Bounded(Reader in, long max, String source) {
            super(in);
            this.max = max;
            this.source = source;
        }

        @Override public int read() throws IOException {
            int c = super.read();
            if (c >= 0) add(1);
            return c;
        }

        @Override public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) add(n);
            return n;
        }

        private void add(int n) {
            count += n;
            if (count > max) {
                throw new IllegalArgumentException("CSV " + source + ": more than " + max + " characters (after "
                        + "decompression); split the file or read a sample of it");
            }
        }
    }
}
