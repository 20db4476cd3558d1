package ai.thinkheads.droptrace.ingest.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Reads syslog frames from a TCP (or TLS) byte stream. The framing is detected per connection from
 * the first bytes, as RFC 6587 allows: {@code MSGLEN SP <} starts octet counting ({@code 42 <13>1 ...}),
 * anything else (a syslog {@code <PRI>}, or a raw pve-firewall line that starts with digits) is
 * non-transparent framing with LF or NUL as the trailer.
 */
public interface FrameReader {

    /** The most digits of an octet count looked at (more than any frame limit needs). */
    int MAX_MSGLEN_DIGITS = 12;

    /** The next frame, or {@code null} at the end of the stream. A framing error ends the stream. */
    Frame next() throws IOException;

    /** Detects the framing from the first byte of {@code in}; {@code maxFrame} bounds every frame. */
    static FrameReader detect(InputStream in, int maxFrame) throws IOException {
        // Peek at MSGLEN SP '<' (up to 12 digits): a raw line may start with digits too ("100 6 tap100i0-IN ...").
        byte[] head = new byte[MAX_MSGLEN_DIGITS + 2];
        PushbackInputStream pushback = new PushbackInputStream(in, head.length);
        int n = 0;
        while (n <= MAX_MSGLEN_DIGITS) {
            int c = pushback.read();
            if (c < 0) {
                break;
            }
            head[n++] = (byte) c;
            if (c < '0' || c > '9') {
                if (c == ' ' && n > 1) { // room for it: at most MAX_MSGLEN_DIGITS digits and the space so far
                    int next = pushback.read();
                    if (next >= 0) {
                        head[n++] = (byte) next;
                    }
                }
                break;
            }
        }
        pushback.unread(head, 0, n);
        if (octetCounting(head, n)) {
            return OctetCountingFramer.forReceiver(pushback, maxFrame);
        }
        return new NonTransparentFramer(pushback, maxFrame);
    }

    private static boolean octetCounting(byte[] head, int n) {
        int digits = 0;
        while (digits < n && head[digits] >= '0' && head[digits] <= '9') {
            digits++;
        }
        return digits > 0 && digits + 1 < n && head[digits] == ' ' && head[digits + 1] == '<';
    }
}
