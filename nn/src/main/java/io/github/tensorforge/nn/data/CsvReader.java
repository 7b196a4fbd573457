package io.github.tensorforge.nn.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV parser: fields separated by a delimiter, optionally enclosed in double quotes; inside quotes a
 * doubled quote is a literal quote, and delimiters and line breaks (LF or CRLF) are data; a quote inside an unquoted
 * field is kept as data; text after a closing quote is an error, as is a quoted field that is never closed. Rows must
 * all have the header's number of fields, and header names must be distinct. Blank lines are skipped, and a UTF-8
 * byte-order mark before the first field is not part of it. Reading stops with an error beyond {@link Limits} (a
 * small gzip file can expand to gigabytes).
 */
public final class CsvReader {
    private CsvReader() {}

    /** The most characters and records one file may have; {@link #DEFAULT} fits in a default-sized heap. */
    public record Limits(long maxChars, int maxRecords) {
        public static final Limits DEFAULT = new Limits(1L << 30, 10_000_000);
    }

    /**
     * A cell as a number: plain decimal or scientific notation only ({@code 3}, {@code -0.5}, {@code 1e-3}), as NumPy
     * and pandas write numbers; surrounding spaces are ignored. Java's own parser also takes {@code 7d}, {@code 3f} and
     * hexadecimal {@code 0x1p3}: those, NaN and infinities throw {@link NumberFormatException}.
     */
    public static double number(String cell) {
        String s = cell.trim();
        if (!isDecimal(s)) throw new NumberFormatException("not a decimal number: '" + s + "'");
        return Double.parseDouble(s);
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

    /** A parsed table: column names (from the header, or "0", "1", ... without one) and rows. */
    public record Table(List<String> columns, List<String[]> rows) {
        /** Index of a column given by name, or by number when there is no such name. */
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

    public static Table read(Path file, boolean header) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, header, ',', file.toString());
        }
    }

    public static Table read(Reader in, boolean header, char delimiter, String source) throws IOException {
        return read(in, header, delimiter, source, Limits.DEFAULT);
    }

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

    /** All records; throws on an unterminated quoted field, naming the line where it started. */
    public static List<String[]> parse(Reader reader, char delimiter, String source) throws IOException {
        return parse(reader, delimiter, source, Limits.DEFAULT);
    }

    /** As {@link #parse(Reader, char, String)}, refusing input beyond {@code limits}. */
    public static List<String[]> parse(Reader reader, char delimiter, String source, Limits limits) throws IOException {
        Reader in = reader.markSupported() ? reader : new java.io.BufferedReader(reader);
        List<String[]> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false, fieldQuoted = false, any = false;
        int line = 1, quoteLine = 0;
        long chars = 0;
        int c;
        in.mark(1);
        if (in.read() != '\uFEFF') in.reset(); // a byte-order mark (Excel writes one) is not data
        while ((c = in.read()) != -1) {
            if (++chars > limits.maxChars()) {
                throw new IllegalArgumentException("CSV " + source + ": more than " + limits.maxChars() + " characters ("
                        + "after decompression); split the file or read a sample of it");
            }
            if (out.size() >= limits.maxRecords()) {
                throw new IllegalArgumentException("CSV " + source + ": more than " + limits.maxRecords() + " records; "
                        + "split the file or read a sample of it");
            }
            char ch = (char) c;
            if (inQuotes) {
                if (ch == '"') {
                    in.mark(1);
                    int nx = in.read();
                    if (nx == '"') {
                        field.append('"');
                    } else {
                        inQuotes = false;
                        if (nx != -1) in.reset();
                    }
                } else {
                    if (ch == '\n') line++;
                    field.append(ch);
                }
                continue;
            }
            if (ch == '"' && !fieldQuoted && field.length() > 0 && !field.toString().isBlank()) {
                field.append(ch); // a quote inside an unquoted field is data (as Python's csv module reads it)
                any = true;
            } else if (ch == '"') {
                field.setLength(0);
                inQuotes = true;
                fieldQuoted = true;
                quoteLine = line;
                any = true;
            } else if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldQuoted = false;
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') in.reset();
                }
                line++;
                if (any || field.length() > 0) {
                    fields.add(field.toString());
                    out.add(fields.toArray(new String[0]));
                }
                fields.clear();
                field.setLength(0);
                fieldQuoted = false;
                any = false;
            } else {
                if (fieldQuoted) {
                    if (!Character.isWhitespace(ch)) {
                        throw new IllegalArgumentException("CSV " + source + " line " + line + ": text after a closing quote");
                    }
                    continue;
                }
                field.append(ch);
                any = true;
            }
        }
        if (inQuotes) throw new IllegalArgumentException("CSV " + source + ": quoted field opened on line " + quoteLine + " is never closed");
        if (any || field.length() > 0) {
            fields.add(field.toString());
            out.add(fields.toArray(new String[0]));
        }
        return out;
    }
}
