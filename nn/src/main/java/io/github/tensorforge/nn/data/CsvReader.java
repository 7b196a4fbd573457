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
 * all have the header's number of fields. Blank lines are skipped.
 */
public final class CsvReader {
    private CsvReader() {}

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
        List<String[]> records = parse(in, delimiter, source);
        if (records.isEmpty()) throw new IllegalArgumentException("CSV " + source + ": no rows");
        List<String> columns = new ArrayList<>();
        int width = records.get(0).length;
        List<String[]> rows;
        if (header) {
            for (String c : records.get(0)) columns.add(c.trim());
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
        Reader in = reader.markSupported() ? reader : new java.io.BufferedReader(reader);
        List<String[]> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false, fieldQuoted = false, any = false;
        int line = 1, quoteLine = 0;
        int c;
        while ((c = in.read()) != -1) {
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
