package pics.aed.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The redaction itself, without Quarkus: every form the key travels in. */
class ServiceKeyRedactorTest {

    static final String KEY = "abc+DEF/ghi==";
    final ServiceKeyRedactor redactor = new ServiceKeyRedactor(KEY);

    @Test
    void theKeyInEveryFormAndAnyServiceKeyParameterIsMasked() {
        String uri = "GET http://apis.data.go.kr/B552657/AEDInfoInqireService/getAedFullDown"
                + "?serviceKey=abc%2BDEF%2Fghi%3D%3D&pageNo=3&numOfRows=1000 timed out";

        assertThat(redactor.redact(uri)).doesNotContain("abc").contains("serviceKey=***&pageNo=3");
        assertThat(redactor.redact("key " + KEY + " refused")).isEqualTo("key *** refused");
        assertThat(redactor.redact("twice: abc%252BDEF%252Fghi%253D%253D")).isEqualTo("twice: ***");
        assertThat(redactor.redact("?SERVICEKEY=other-key")).isEqualTo("?serviceKey=***");
        assertThat(redactor.redact(null)).isNull();
    }

    @Test
    void aFailureCopiedForLoggingKeepsItsTraceButNotTheKey() {
        RuntimeException failure = new RuntimeException(
                "outer " + KEY, new IllegalStateException("inner ?serviceKey=" + KEY + "&pageNo=1"));

        Throwable copy = redactor.redacted(failure);

        StringWriter printed = new StringWriter();
        copy.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString())
                .doesNotContain(KEY)
                .contains("java.lang.RuntimeException: outer ***")
                .contains("java.lang.IllegalStateException: inner ?serviceKey=***&pageNo=1")
                .contains("ServiceKeyRedactorTest");
    }
}
