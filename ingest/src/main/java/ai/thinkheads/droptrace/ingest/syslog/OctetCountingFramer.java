package ai.thinkheads.droptrace.ingest.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 6587 / RFC 5425 octet counting: {@code MSGLEN SP SYSLOG-MSG}, repeated. A frame longer than
 * the limit is an error (its bytes are never buffered). In best-effort mode an incomplete last
 * frame is returned with what arrived; in strict mode it is an error. A framing error ends the
 * stream, as go-syslog's parser does.
 *
 * <p>A receiver ({@link #forReceiver}) goes on after a framing error instead, as rsyslog does: a
 * frame over the limit is cut there (its first bytes kept for the dead letter) and the rest of it
 * skipped, so the frames after it arrive; line ends and NULs between frames (senders that end each
 * counted frame with LF) are skipped; and a frame that does not start with {@code MSGLEN SP <} is
 * read up to its line end, as LF framing would read it (on a stream without line ends, a wrong
 * MSGLEN thus joins the frames after it into one line, cut at the limit).
 */
public final class OctetCountingFramer implements FrameReader {

    private final InputStream in;
    private final int maxFrame;
    private final boolean bestEffort;
    private final boolean resync;
    private boolean done;
    private long framesRead;

    /** How the error of a receiver's counted frame that the end of its stream cut short starts. */
    public static final String CUT_BY_THE_END = "the connection ended after ";

    /** The error of a stream that ended before its first frame (a connection that sent nothing). */
    public static final String NOTHING_SENT = "found EOF, expecting a MSGLEN";

    public OctetCountingFramer(InputStream in, int maxFrame, boolean bestEffort) {
        this(in, maxFrame, bestEffort, false);
    }

    private OctetCountingFramer(InputStream in, int maxFrame, boolean bestEffort, boolean resync) {
        this.in = in;
        this.maxFrame = maxFrame;
        this.bestEffort = bestEffort;
        this.resync = resync;
    }

    /**
     * Best effort, going on after a framing error (see the class comment). A stream that fails (a sender's
     * reset) is read as its end: the frame it cut is handed out with what came of it and the failure's
     * message, then the failure is thrown.
     */
    public static OctetCountingFramer forReceiver(InputStream in, int maxFrame) {
        return new OctetCountingFramer(new FailureAsEnd(in), maxFrame, true, true);
    }

    @Override
    public Frame next() throws IOException {
        if (done) {
            throwFailure();
            return null;
        }
        int c = in.read();
        if (resync) {
            while (c == '\n' || c == '\r' || c == 0) {
                c = in.read(); // between frames: a sender's LF after each counted frame
            }
        }
        if (c < 0) {
            done = true;
            throwFailure();
            // A stream that ends between frames is fine; one that never sent a frame says so.
            return framesRead == 0 ? Frame.failed(NOTHING_SENT) : null;
        }
        if (resync) {
            return failedInside(resyncFrame(c));
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

    /**
     * A receiver's frame from its first byte {@code c}: {@code MSGLEN SP <} is a counted frame (cut at the
     * limit, the rest skipped); anything else is a line up to LF or NUL, as LF framing reads it.
     */
    private Frame resyncFrame(int c) throws IOException {
        byte[] head = new byte[FrameReader.MAX_MSGLEN_DIGITS + 2];
        int n = 0;
        long length = 0;
        while (c >= '0' && c <= '9' && n < FrameReader.MAX_MSGLEN_DIGITS) {
            head[n++] = (byte) c;
            length = length * 10 + (c - '0');
            c = in.read();
        }
        boolean counted = n > 0 && head[0] != '0' && c == ' ';
        if (c >= 0) {
            head[n++] = (byte) c;
        }
        if (counted) {
            c = in.read();
            if (c >= 0) {
                head[n++] = (byte) c;
            }
            counted = c == '<';
        }
        if (!counted) {
            return line(head, n, c);
        }
        framesRead++;
        int keep = (int) Math.min(length, maxFrame);
        byte[] bytes = new byte[keep];
        bytes[0] = '<';
        int got = 1 + in.readNBytes(bytes, 1, keep - 1);
        if (got < keep) {
            done = true;
            // Not quoted in the reason, as go-syslog's "found EOF after ..." does: the dead letter keeps the bytes,
            // and a reason of up to --max-frame bytes beside them could make a record Kafka refuses.
            return new Frame(java.util.Arrays.copyOf(bytes, got), CUT_BY_THE_END + got + " of the " + length
                    + " octets its MSGLEN announced", false);
        }
        if (length > keep) {
            long skipped = skip(length - keep);
            if (skipped < length - keep) {
                done = true;
            }
            return new Frame(bytes, "message too long to parse. was size " + length + ", max length " + maxFrame
                    + "; its first " + keep + " bytes kept", false);
        }
        return Frame.of(bytes);
    }

    /** A frame read as LF framing reads it: {@code head}, then up to LF or NUL (or the end), cut at the limit. */
    private Frame line(byte[] head, int n, int last) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(Math.min(maxFrame, 256));
        boolean trailer = last == '\n' || last == 0; // read into head as its last byte: not part of the line
        boolean ended = last < 0 || trailer;
        long length = trailer ? n - 1 : n;
        bytes.write(head, 0, (int) Math.min(length, maxFrame));
        int c = ended ? last : in.read();
        while (!ended && c >= 0 && c != '\n' && c != 0) {
            if (length++ < maxFrame) {
                bytes.write(c);
            }
            c = in.read();
        }
        boolean cutByEnd = c < 0;
        if (cutByEnd) {
            done = true;
        }
        byte[] text = bytes.toByteArray();
        int end = text.length;
        if (end > 0 && text[end - 1] == '\r') {
            end--;
        }
        framesRead++;
        if (length > maxFrame) {
            return new Frame(java.util.Arrays.copyOf(text, end), "a line of " + length
                    + " bytes, longer than the frame limit of " + maxFrame + ", cut to it", false);
        }
        if (cutByEnd) { // no trailer: the stream ended in it, as LF framing says of its last line
            return new Frame(java.util.Arrays.copyOf(text, end), NonTransparentBlocks.UNEXPECTED_EOF, false);
        }
        return Frame.of(java.util.Arrays.copyOf(text, end));
    }

    /** A frame the failure of the stream cut (read as its end) says so instead of what an end says. */
    private Frame failedInside(Frame frame) {
        IOException failure = in instanceof FailureAsEnd f ? f.failure : null;
        if (failure == null || frame.error() == null || frame.bytes() == null
                || !(frame.error().startsWith(CUT_BY_THE_END) || NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error()))) {
            return frame;
        }
        return new Frame(frame.bytes(), NonTransparentBlocks.failedInside(failure, frame.bytes().length), false);
    }

    /** The failure of the stream, once its frames are out. */
    private void throwFailure() throws IOException {
        if (in instanceof FailureAsEnd f && f.failure != null && !f.told) {
            f.told = true;
            throw f.failure;
        }
    }

    /** A stream whose failure reads as its end, kept for the framer to tell. */
    private static final class FailureAsEnd extends java.io.FilterInputStream {
        private IOException failure;
        private boolean told;

        FailureAsEnd(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return failure == null ? in.read() : -1;
            } catch (IOException e) {
                failure = e;
                return -1;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return failure == null ? in.read(b, off, len) : -1;
            } catch (IOException e) {
                failure = e;
                return -1;
            }
        }
    }

    /** Skips up to {@code count} bytes; how many there were. */
    private long skip(long count) throws IOException {
        long left = count;
        byte[] scratch = new byte[8192];
        while (left > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                break;
            }
            left -= n;
        }
        return count - left;
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
