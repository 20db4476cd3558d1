package ai.thinkheads.droptrace.ingest.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Reads syslog frames from a TCP (or TLS) byte stream. The framing is detected per connection from
 * the first byte, as RFC 6587 allows: a digit starts octet counting ({@code 42 <13>1 ...}), anything
 * else is non-transparent framing with LF or NUL as the trailer.
 */
public interface FrameReader {

    /** The next frame, or {@code null} at the end of the stream. A framing error ends the stream. */
    Frame next() throws IOException;

    /** Detects the framing from the first byte of {@code in}; {@code maxFrame} bounds every frame. */
    static FrameReader detect(InputStream in, int maxFrame) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 1);
        int first = pushback.read();
        if (first >= 0) {
            pushback.unread(first);
        }
        if (first >= '0' && first <= '9') {
            return new OctetCountingFramer(pushback, maxFrame, true);
        }
        return new NonTransparentFramer(pushback, maxFrame);
    }
}
