package pics.aed.sync.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pics.aed.platform.problem.Problems;
import pics.aed.sync.domain.RawRecord;
import pics.aed.sync.domain.RecordSource;
import pics.aed.sync.domain.RecordValidator;

/**
 * The e-gen registration export (등록 현황 내려받기): CSV, or the HTML table the portal saves with an ".xls" name,
 * with Korean headers (장비연번, 시_도, 구_군, 관할보건소, 모델명, …). UTF-8 (with or without BOM) or, as Korean
 * Excel writes it, CP949. Read row by row from the uploaded file; headers are matched ignoring spaces and
 * underscores, unknown columns are ignored, and a file without the key columns is refused before any run starts.
 */
public final class RegistrationExport implements RecordSource {

    /** Canonical header (as {@link RecordValidator#REGISTRATION_EXPORT} names it) by its normalised form. */
    private static final Map<String, String> KNOWN = new HashMap<>();

    private static final List<String> REQUIRED = List.of("장비연번", "시_도", "구_군");
    private static final int BATCH = 1000;

    static {
        for (String header : List.of(
                "장비연번",
                "관리번호",
                "시_도",
                "구_군",
                "관할보건소",
                "모델명",
                "제조사",
                "제조일자",
                "설치기관명",
                "설치기관_주소",
                "설치위치",
                "경도",
                "위도",
                "운영현황",
                "배터리_유효기간",
                "패치_유효기간",
                "최근점검일")) {
            KNOWN.put(normalise(header), header);
        }
    }

    private final Path file;
    private final Charset charset;
    private final boolean html;
    private final List<String> header;
    private final int dataRowsFrom;

    private RegistrationExport(Path file, Charset charset, boolean html, List<String> header, int dataRowsFrom) {
        this.file = file;
        this.charset = charset;
        this.html = html;
        this.header = header;
        this.dataRowsFrom = dataRowsFrom;
    }

    /**
     * Recognises the file and its header row (the first row naming 장비연번, within the first 20 rows).
     *
     * @throws pics.aed.platform.problem.ProblemException 400 validation when it is not a registration export
     */
    public static RegistrationExport open(Path file) {
        try {
            if (Files.size(file) == 0) {
                throw Problems.validation("file", "is empty");
            }
            Charset charset = detectCharset(file);
            boolean html = looksLikeHtml(file, charset);
            try (Rows rows = rows(file, charset, html)) {
                for (int index = 0; index < 20; index++) {
                    List<String> row = rows.next();
                    if (row == null) {
                        break;
                    }
                    List<String> canonical = row.stream()
                            .map(h -> KNOWN.getOrDefault(normalise(h), h.strip()))
                            .toList();
                    if (canonical.contains("장비연번")) {
                        List<String> missing = REQUIRED.stream()
                                .filter(r -> !canonical.contains(r))
                                .toList();
                        if (!missing.isEmpty()) {
                            throw Problems.validation("file", "the header row lacks " + String.join(", ", missing));
                        }
                        return new RegistrationExport(file, charset, html, canonical, index + 1);
                    }
                }
            }
            throw Problems.validation(
                    "file",
                    "not an e-gen registration export: no header row with 장비연번, 시_도 "
                            + "and 구_군 (CSV or the portal's HTML-table .xls, UTF-8 or CP949)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> header() {
        return header;
    }

    @Override
    public long stream(Sink sink) {
        try (Rows rows = rows(file, charset, html)) {
            for (int i = 0; i < dataRowsFrom; i++) {
                rows.next();
            }
            List<RawRecord> batch = new ArrayList<>(BATCH);
            int seq = 0;
            List<String> row;
            while ((row = rows.next()) != null) {
                if (row.stream().allMatch(String::isBlank)) {
                    continue;
                }
                seq++;
                Map<String, String> fields = new LinkedHashMap<>();
                if (row.size() != header.size()) {
                    // the validator reports the record without its key; keep what can be read for the raw text
                    fields.put("_cells", row.size() + " cells where the header has " + header.size());
                } else {
                    for (int c = 0; c < header.size(); c++) {
                        fields.put(header.get(c), row.get(c));
                    }
                }
                batch.add(new RawRecord(seq, fields, csvLine(row)));
                if (batch.size() == BATCH) {
                    sink.accept(batch, -1);
                    batch = new ArrayList<>(BATCH);
                }
            }
            sink.accept(batch, -1);
            return -1;
        } catch (IOException e) {
            throw new SourceException("import_unreadable", "the uploaded file could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public RecordValidator validator() {
        return new RecordValidator(RecordValidator.REGISTRATION_EXPORT) {
            @Override
            public Outcome validate(RawRecord raw) {
                String cells = raw.fields().get("_cells");
                if (cells != null) {
                    return new Outcome(
                            null,
                            new pics.aed.sync.domain.Reject(
                                    raw.seq(),
                                    null,
                                    pics.aed.sync.domain.Reject.Stage.format,
                                    "row has " + cells,
                                    raw.raw()));
                }
                return super.validate(raw);
            }
        };
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; the OS cleans it up
        }
    }

    private static String normalise(String header) {
        return header.replace("\uFEFF", "").replaceAll("[\\s_]", "");
    }

    /** UTF-8 when the whole file decodes as UTF-8, else CP949 (what Korean Excel writes). */
    private static Charset detectCharset(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[64 * 1024];
            ByteBuffer pending = ByteBuffer.allocate(chunk.length + 8);
            CharBuffer out = CharBuffer.allocate(chunk.length + 8);
            int read;
            while ((read = in.read(chunk)) > 0) {
                pending.put(chunk, 0, read).flip();
                if (utf8.decode(pending, out, false).isError()) {
                    return Charset.forName("x-windows-949");
                }
                pending.compact();
                out.clear();
            }
            pending.flip();
            if (utf8.decode(pending, out, true).isError() || pending.hasRemaining()) {
                return Charset.forName("x-windows-949");
            }
            return StandardCharsets.UTF_8;
        }
    }

    private static boolean looksLikeHtml(Path file, Charset charset) throws IOException {
        try (Reader reader = lenientReader(file, charset)) {
            char[] head = new char[4096];
            int n = reader.read(head);
            String start = n <= 0 ? "" : new String(head, 0, n).toLowerCase();
            return start.contains("<table") || start.contains("<html") || start.contains("<tr");
        }
    }

    private static Rows rows(Path file, Charset charset, boolean html) throws IOException {
        PushbackReader reader = new PushbackReader(new BufferedReader(lenientReader(file, charset), 1 << 16), 2);
        return html ? new HtmlRows(reader) : new CsvRows(reader);
    }

    /** Undecodable bytes become U+FFFD instead of failing the read: such a row is then a format reject. */
    private static Reader lenientReader(Path file, Charset charset) throws IOException {
        return new java.io.InputStreamReader(Files.newInputStream(file), charset);
    }

    private static String csvLine(List<String> row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String cell = row.get(i);
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        return line.toString();
    }

    /** Rows of cells, one at a time. */
    private abstract static class Rows implements AutoCloseable {
        protected final PushbackReader in;

        Rows(PushbackReader in) {
            this.in = in;
        }

        /** The next row, or null at the end. */
        abstract List<String> next() throws IOException;

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** RFC 4180: commas, CRLF or LF, quoted cells with doubled quotes and line breaks; a leading BOM is dropped. */
    private static final class CsvRows extends Rows {
        private boolean started;

        CsvRows(PushbackReader in) {
            super(in);
        }

        @Override
        List<String> next() throws IOException {
            int c = in.read();
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    c = in.read();
                }
            }
            if (c < 0) {
                return null;
            }
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (c < 0) {
                    row.add(cell.toString());
                    return row;
                }
                if (quoted) {
                    if (c == '"') {
                        int d = in.read();
                        if (d == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            if (d >= 0) {
                                in.unread(d);
                            }
                        }
                    } else {
                        cell.append((char) c);
                    }
                } else if (c == '"' && cell.length() == 0) {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int d = in.read();
                        if (d != '\n' && d >= 0) {
                            in.unread(d);
                        }
                    }
                    row.add(cell.toString());
                    return row;
                } else {
                    cell.append((char) c);
                }
                c = in.read();
            }
        }
    }

    /** The portal's ".xls": an HTML table. Cells are th/td; inner tags are dropped and entities decoded. */
    private static final class HtmlRows extends Rows {

        HtmlRows(PushbackReader in) {
            super(in);
        }

        @Override
        List<String> next() throws IOException {
            List<String> row = null;
            StringBuilder cell = null;
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '<') {
                    String tag = readTag();
                    String name = tagName(tag);
                    switch (name) {
                        case "tr" -> row = new ArrayList<>();
                        case "td", "th" -> cell = row == null ? null : new StringBuilder();
                        case "/td", "/th" -> {
                            if (row != null && cell != null) {
                                row.add(decode(cell.toString()).strip());
                            }
                            cell = null;
                        }
                        case "br", "br/" -> {
                            if (cell != null) {
                                cell.append(' ');
                            }
                        }
                        case "/tr", "/table" -> {
                            if (row != null) {
                                return row;
                            }
                        }
                        default -> {
                            // formatting tags inside a cell, and everything outside the table
                        }
                    }
                } else if (cell != null) {
                    cell.append((char) c);
                }
            }
            return row;
        }

        private String readTag() throws IOException {
            StringBuilder tag = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '>') {
                if (tag.length() < 200) {
                    tag.append((char) c);
                }
            }
            return tag.toString();
        }

        private static String tagName(String tag) {
            String t = tag.strip().toLowerCase();
            int end = 0;
            while (end < t.length() && !Character.isWhitespace(t.charAt(end)) && t.charAt(end) != '>') {
                end++;
            }
            return t.substring(0, end);
        }

        private static String decode(String text) {
            if (text.indexOf('&') < 0) {
                return text.replaceAll("\\s+", " ");
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                int semi = ch == '&' ? text.indexOf(';', i) : -1;
                if (semi > i && semi - i <= 10) {
                    String entity = text.substring(i + 1, semi);
                    String value = switch (entity) {
                        case "amp" -> "&";
                        case "lt" -> "<";
                        case "gt" -> ">";
                        case "quot" -> "\"";
                        case "apos", "#39" -> "'";
                        case "nbsp" -> " ";
                        default -> numeric(entity);
                    };
                    if (value != null) {
                        out.append(value);
                        i = semi;
                        continue;
                    }
                }
                out.append(ch);
            }
            return out.toString().replaceAll("\\s+", " ");
        }

        private static String numeric(String entity) {
            try {
                if (entity.startsWith("#x") || entity.startsWith("#X")) {
                    return new String(Character.toChars(Integer.parseInt(entity.substring(2), 16)));
                }
                if (entity.startsWith("#")) {
                    return new String(Character.toChars(Integer.parseInt(entity.substring(1))));
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
            return null;
        }
    }
}
