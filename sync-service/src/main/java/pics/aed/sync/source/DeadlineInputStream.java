package pics.aed.sync.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A page body that must arrive whole within a deadline. The HTTP client's read timeout only bounds the silence
 * between two reads: a body that trickles a few bytes at a time would never time out. Checked on every read; the
 * failure is an {@link IOException}, which the client treats as a page that broke off (transient, retried).
 */
final class DeadlineInputStream extends FilterInputStream {

    private final long deadlineNanos;
    private final Duration limit;

    DeadlineInputStream(InputStream in, Duration limit) {
        super(in);
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
    }

    private void check() throws IOException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new IOException("the page did not arrive whole within " + limit.toSeconds() + " s");
        }
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
    }
}
