package pics.aed.sync.source;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * CSV as this service reads and writes it (RFC 4180: commas, CRLF or LF, quoted cells with doubled quotes and line
 * breaks), by Jackson's CSV module rather than by hand. Writing neutralises cells a spreadsheet would run as a
 * formula ({@link #neutralised}): the rejects of an e-gen export are opened in Excel by the people who fix them.
 */
public final class CsvFormat {

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private CsvFormat() {}

    /** The rows of a CSV text, one list of cells each. */
    public static MappingIterator<List<String>> rows(Reader in) throws IOException {
        return CSV.readerForListOf(String.class).readValues(in);
    }

    /** One row as a CSV line, without the line break; cells exactly as given (the record as received). */
    public static String line(List<String> cells) {
        try {
            String line = CSV.writeValueAsString(cells.toArray(String[]::new));
            return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows as a CSV document, each cell {@link #neutralised}. */
    public static String document(List<List<String>> rows) {
        StringBuilder document = new StringBuilder();
        for (List<String> row : rows) {
            document.append(line(row.stream().map(CsvFormat::neutralised).toList()))
                    .append("\r\n");
        }
        return document.toString();
    }

    /**
     * A cell a spreadsheet would take for a formula ({@code =}, {@code +}, {@code -}, {@code @}, or a tab or carriage
     * return before one) gets a leading apostrophe, which Excel and LibreOffice show as text (OWASP "CSV injection").
     */
    public static String neutralised(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell == null ? "" : cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell
                : cell;
    }
}
