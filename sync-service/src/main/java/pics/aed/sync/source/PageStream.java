package pics.aed.sync.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A page's bytes as they arrive: counted (reading past {@code maxBytes} fails, a page far longer is not a page) with
 * the last ones kept, to see how the document ended. Used by both page parsers.
 */
final class PageStream extends FilterInputStream {

    private static final int TAIL = 64;

    private final long maxBytes;
    private final byte[] tail = new byte[TAIL];
    private long read;
    private boolean tooLong;

    PageStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Whether reading stopped because the page passed {@code maxBytes}. */
    boolean tooLong() {
        return tooLong;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = Math.max(0, n - TAIL); i < n; i++) { // only the last bytes can end up in the tail
            tail[(int) ((read + i) % TAIL)] = buffer[offset + i];
        }
        if (n > 0) {
            read += n;
        }
        if (read > maxBytes) {
            tooLong = true;
            throw new IOException("the page exceeds " + maxBytes + " bytes");
        }
        return n;
    }

    /**
     * Reads what is left (the limit still holds) and gives the document's last characters, stripped; empty when it
     * broke off while being read.
     */
    String drainToEnd() {
        try {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // keep reading: only the last bytes matter
            }
        } catch (IOException e) {
            return ""; // it broke off
        }
        int length = (int) Math.min(TAIL, read);
        byte[] last = new byte[length];
        for (int i = 0; i < length; i++) {
            last[i] = tail[(int) ((read - length + i) % TAIL)];
        }
        return new String(last, StandardCharsets.UTF_8).strip();
    }
}
