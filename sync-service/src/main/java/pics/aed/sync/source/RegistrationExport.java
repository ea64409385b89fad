package pics.aed.sync.source;

import com.fasterxml.jackson.databind.MappingIterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import pics.aed.platform.problem.FieldError;
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
    private final AtomicBoolean claimed = new AtomicBoolean();
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
                        checkHeader(row, canonical, index + 1);
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
                batch.add(new RawRecord(seq, fields, CsvFormat.line(row)));
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

    /** A run takes the file over: from now on the run deletes it when it ends. */
    public void claim() {
        claimed.set(true);
    }

    /**
     * Deletes the file unless a run took it over: the request ended without starting one (an idempotent replay
     * answered from the stored response, a refusal).
     */
    public void closeUnlessClaimed() {
        if (!claimed.get()) {
            close();
        }
    }

    private static String normalise(String header) {
        return header.replace("\uFEFF", "").replaceAll("[\\s_]", "");
    }

    /**
     * A header a person can trust: every column known (a misspelled one, such as 패드_유효기간 for 패치_유효기간, would
     * otherwise be dropped without a word), none twice, the required ones present. All problems at once, each a
     * field error of the 400.
     */
    private static void checkHeader(List<String> row, List<String> canonical, int line) {
        List<FieldError> errors = new ArrayList<>();
        for (String cell : row) {
            if (!cell.isBlank() && !KNOWN.containsKey(normalise(cell))) {
                errors.add(new FieldError(
                        "header", "unknown column '" + cell.strip() + "' (line " + line + ")" + suggestion(cell)));
            }
        }
        canonical.stream()
                .filter(h -> !h.isBlank() && Collections.frequency(canonical, h) > 1)
                .distinct()
                .forEach(h -> errors.add(new FieldError("header", "column '" + h + "' appears more than once")));
        REQUIRED.stream()
                .filter(r -> !canonical.contains(r))
                .forEach(r -> errors.add(new FieldError("header", "required column '" + r + "' is missing")));
        if (!errors.isEmpty()) {
            throw Problems.validation(errors);
        }
    }

    /** The known column a misspelled one most likely meant: same length, one character off. */
    private static String suggestion(String cell) {
        String unknown = normalise(cell);
        return KNOWN.entrySet().stream()
                .filter(known ->
                        known.getKey().length() == unknown.length() && differences(known.getKey(), unknown) == 1)
                .map(known -> "; did you mean '" + known.getValue() + "'?")
                .findFirst()
                .orElse("; known columns: " + String.join(", ", new java.util.LinkedHashSet<>(KNOWN.values())));
    }

    private static int differences(String a, String b) {
        int n = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                n++;
            }
        }
        return n;
    }

    /**
     * One encoding per file: UTF-8 when every line decodes as UTF-8, else CP949 (what Korean Excel writes) when every
     * line decodes as that. A file that is neither, or that mixes them (UTF-8 Korean on one line, CP949 on a later
     * one: pasted together), is refused with the line that breaks it, instead of importing mojibake.
     */
    private static Charset detectCharset(Path file) throws IOException {
        Charset cp949 = Charset.forName("x-windows-949");
        LineCheck utf8 = firstUndecodableLine(file, StandardCharsets.UTF_8);
        if (utf8.failingLine() == 0) {
            return StandardCharsets.UTF_8;
        }
        if (utf8.lastNonAsciiLineBefore() > 0) {
            throw Problems.validation(
                    "file",
                    "line " + utf8.failingLine() + " is not UTF-8, although line " + utf8.lastNonAsciiLineBefore()
                            + " before it is: the file mixes encodings; save it again in one (UTF-8 or CP949)");
        }
        LineCheck korean = firstUndecodableLine(file, cp949);
        if (korean.failingLine() != 0) {
            throw Problems.validation(
                    "file",
                    "line " + korean.failingLine() + " is neither UTF-8 nor CP949 (line " + utf8.failingLine()
                            + " is not UTF-8); save the file as UTF-8 or as Excel's CSV (CP949)");
        }
        return cp949;
    }

    /**
     * @param failingLine the first line (1-based) that does not decode, 0 when all do
     * @param lastNonAsciiLineBefore the last line before it that held non-ASCII text and decoded, 0 if none
     */
    private record LineCheck(int failingLine, int lastNonAsciiLineBefore) {}

    private static LineCheck firstUndecodableLine(Path file, Charset charset) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(4096);
            int number = 1;
            int lastNonAscii = 0;
            int b;
            while (true) {
                b = in.read();
                if (b != -1 && b != '\n') {
                    line.write(b);
                    continue;
                }
                byte[] bytes = line.toByteArray();
                if (!decodes(decoder, bytes)) {
                    return new LineCheck(number, lastNonAscii);
                }
                if (!isAscii(bytes)) {
                    lastNonAscii = number;
                }
                if (b == -1) {
                    return new LineCheck(0, lastNonAscii);
                }
                line.reset();
                number++;
            }
        }
    }

    private static boolean decodes(CharsetDecoder decoder, byte[] bytes) {
        try {
            decoder.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
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

    /** CSV through Jackson's CSV module (CsvFormat); a leading BOM is dropped, empty lines skipped. */
    private static final class CsvRows extends Rows {
        private final MappingIterator<List<String>> rows;

        CsvRows(PushbackReader in) throws IOException {
            super(in);
            int first = in.read();
            if (first >= 0 && first != '\uFEFF') {
                in.unread(first);
            }
            this.rows = CsvFormat.rows(in);
        }

        @Override
        List<String> next() throws IOException {
            return rows.hasNextValue() ? rows.nextValue() : null;
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
