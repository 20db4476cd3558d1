package ai.thinkheads.droptrace.ingest.syslog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * RFC 6587 non-transparent framing: each message ends with LF (or NUL, which some senders use).
 * A frame longer than the limit is cut there and reported as an error with its first bytes; the
 * rest up to the next trailer is discarded. A last frame without a trailer is returned with the
 * error {@code unexpected EOF}.
 */
public final class NonTransparentFramer implements FrameReader {

    private final InputStream in;
    private final int maxFrame;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private boolean done;

    public NonTransparentFramer(InputStream in, int maxFrame) {
        this.in = in;
        this.maxFrame = maxFrame;
    }

    @Override
    public Frame next() throws IOException {
        if (done) {
            return null;
        }
        buffer.reset();
        boolean tooLong = false;
        while (true) {
            int c = in.read();
            if (c < 0) {
                done = true;
                if (buffer.size() == 0 && !tooLong) {
                    return null;
                }
                return new Frame(buffer.toByteArray(), tooLong ? tooLong() : "unexpected EOF", false);
            }
            if (c == '\n' || c == 0) {
                if (tooLong) {
                    return new Frame(buffer.toByteArray(), tooLong(), false);
                }
                if (buffer.size() == 0) {
                    continue;
                }
                byte[] bytes = buffer.toByteArray();
                int end = bytes.length;
                if (end > 0 && bytes[end - 1] == '\r') {
                    return Frame.of(java.util.Arrays.copyOf(bytes, end - 1));
                }
                return Frame.of(bytes);
            }
            if (buffer.size() < maxFrame) {
                buffer.write(c);
            } else {
                tooLong = true;
            }
        }
    }

    private String tooLong() {
        return "message longer than the frame limit of " + maxFrame + " bytes; cut";
    }
}
