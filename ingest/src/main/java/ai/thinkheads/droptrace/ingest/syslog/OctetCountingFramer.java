package ai.thinkheads.droptrace.ingest.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 6587 / RFC 5425 octet counting: {@code MSGLEN SP SYSLOG-MSG}, repeated. A frame longer than
 * the limit is an error (its bytes are never buffered). In best-effort mode an incomplete last
 * frame is returned with what arrived; in strict mode it is an error.
 */
public final class OctetCountingFramer implements FrameReader {

    private final InputStream in;
    private final int maxFrame;
    private final boolean bestEffort;
    private boolean done;
    private long framesRead;

    /** The error of a stream that ended before its first frame (a connection that sent nothing). */
    public static final String NOTHING_SENT = "found EOF, expecting a MSGLEN";

    public OctetCountingFramer(InputStream in, int maxFrame, boolean bestEffort) {
        this.in = in;
        this.maxFrame = maxFrame;
        this.bestEffort = bestEffort;
    }

    @Override
    public Frame next() throws IOException {
        if (done) {
            return null;
        }
        int c = in.read();
        if (c < 0) {
            done = true;
            // A stream that ends between frames is fine; one that never sent a frame says so.
            return framesRead == 0 ? Frame.failed(NOTHING_SENT) : null;
        }
        long length = 0;
        int digits = 0;
        while (c >= '0' && c <= '9') {
            if (digits == 0 && c == '0') {
                return fail("found ILLEGAL(0), expecting a MSGLEN");
            }
            length = length * 10 + (c - '0');
            digits++;
            if (digits > 10) {
                return fail("MSGLEN is too long");
            }
            c = in.read();
        }
        if (digits == 0) {
            return fail(c == ' ' ? "found WS, expecting a MSGLEN" : "found ILLEGAL(" + (char) c + "), expecting a MSGLEN");
        }
        if (c < 0) {
            return fail("found EOF, expecting a WS");
        }
        if (c != ' ') {
            return fail("found ILLEGAL(" + (char) c + "), expecting a WS");
        }
        if (length > maxFrame) {
            return fail("message too long to parse. was size " + length + ", max length " + maxFrame);
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            done = true;
            if (bestEffort && bytes.length > 0) {
                return new Frame(bytes, "found EOF after \"" + new String(bytes, StandardCharsets.UTF_8)
                        + "\", expecting a SYSLOGMSG containing " + length + " octets", false);
            }
            return Frame.failed("found EOF after \"" + new String(bytes, StandardCharsets.UTF_8)
                    + "\", expecting a SYSLOGMSG containing " + length + " octets");
        }
        framesRead++;
        return Frame.of(bytes);
    }

    private Frame fail(String error) {
        done = true;
        return Frame.failed(error);
    }

    /** Reads every frame of a byte array (for tests and conformance runs). */
    public static java.util.List<Frame> readAll(byte[] input, int maxFrame, boolean bestEffort) throws IOException {
        OctetCountingFramer framer = new OctetCountingFramer(new java.io.ByteArrayInputStream(
                Arrays.copyOf(input, input.length)), maxFrame, bestEffort);
        java.util.List<Frame> frames = new java.util.ArrayList<>();
        for (Frame f = framer.next(); f != null; f = framer.next()) {
            frames.add(f);
        }
        return frames;
    }
}
