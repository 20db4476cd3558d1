package ai.thinkheads.droptrace.ingest.syslog;

import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import ai.thinkheads.droptrace.ingest.pipeline.LineEnds;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * RFC 6587 non-transparent framing (LF or NUL trailers) read in blocks: the reading thread only
 * finds where frames end, eight bytes at a time, and hands out whole frames as a
 * {@link LineBlock} to be decoded and parsed elsewhere. Empty frames are skipped and one CR before
 * the trailer is dropped. A frame longer than the limit comes out on its own as an error with its
 * first bytes (the rest up to the next trailer is discarded), and so does a last frame without a
 * trailer ({@code unexpected EOF}, with all its bytes).
 */
public final class NonTransparentBlocks {

    public static final String UNEXPECTED_EOF = "unexpected EOF";

    /** What {@link #next()} hands out: frames, or one frame with an error. */
    public record Piece(LineBlock frames, Frame frame) {
    }

    private final InputStream in;
    private final int maxFrame;
    private final int blockSize;
    private final int maxFrames;
    private byte[] buf;
    private int filled;
    /** Where the frame being read starts in {@code buf}. */
    private int frameStart;
    /** How far {@code buf} was searched for a trailer. */
    private int scanned;
    /** The first bytes of a frame over the limit while the rest of it is skipped; {@code null} otherwise. */
    private byte[] cut;
    private Piece pending;
    private boolean eof;

    public NonTransparentBlocks(InputStream in, int maxFrame, int blockSize, int maxFrames) {
        this.in = in;
        this.maxFrame = maxFrame;
        this.blockSize = blockSize;
        this.maxFrames = maxFrames;
        this.buf = new byte[blockSize];
    }

    /**
     * The next piece, or {@code null} at the end of the stream. When the stream fails (a connection
     * closed under it), the frames found before are handed out first and the failure comes next.
     */
    public Piece next() throws IOException {
        if (pending != null) {
            Piece piece = pending;
            pending = null;
            return piece;
        }
        if (failure != null) {
            throw failure;
        }
        int[] starts = new int[Math.min(maxFrames, 256)];
        int[] ends = new int[starts.length];
        int count = 0;
        while (true) {
            int k = LineEnds.nextFrameEnd(buf, scanned, filled);
            if (k < filled) {
                Piece error = null;
                int length = k - frameStart;
                if (cut != null) {
                    error = new Piece(null, new Frame(cut, tooLong(), false));
                    cut = null;
                } else if (length > maxFrame) {
                    error = new Piece(null, new Frame(Arrays.copyOfRange(buf, frameStart, frameStart + maxFrame),
                            tooLong(), false));
                } else if (length > 0) {
                    if (count == starts.length) {
                        starts = Arrays.copyOf(starts, count * 2);
                        ends = Arrays.copyOf(ends, count * 2);
                    }
                    starts[count] = frameStart;
                    ends[count] = buf[k - 1] == '\r' ? k - 1 : k;
                    count++;
                }
                frameStart = k + 1;
                scanned = k + 1;
                if (error != null) {
                    if (count == 0) {
                        return error;
                    }
                    pending = error;
                    return handOut(starts, ends, count);
                }
                if (count == maxFrames) {
                    return handOut(starts, ends, count);
                }
                continue;
            }
            scanned = filled;
            if (cut == null && filled - frameStart > maxFrame) {
                cut = Arrays.copyOfRange(buf, frameStart, frameStart + maxFrame);
            }
            if (cut != null) {
                frameStart = filled; // the rest of an over-long frame is not kept
            }
            if (eof) {
                Piece last = null;
                if (cut != null) {
                    last = new Piece(null, new Frame(cut, tooLong(), false));
                    cut = null;
                } else if (filled > frameStart) {
                    last = new Piece(null, new Frame(Arrays.copyOfRange(buf, frameStart, filled), UNEXPECTED_EOF, false));
                }
                frameStart = filled;
                if (count > 0) {
                    pending = last;
                    return handOut(starts, ends, count);
                }
                return last;
            }
            if (count > 0 && (filled == buf.length || in.available() == 0)) {
                return handOut(starts, ends, count);
            }
            try {
                read();
            } catch (IOException e) {
                // The frame being read when the stream failed (a sender's reset): a dead letter, not lost unsaid.
                failure = e;
                Piece broken = brokenFrame(e);
                if (count == 0) {
                    if (broken == null) {
                        throw e;
                    }
                    return broken;
                }
                pending = broken;
                return handOut(starts, ends, count);
            }
        }
    }

    /** How the error of a frame whose stream failed in the middle of it (a connection reset) starts. */
    public static final String FAILED_INSIDE = "the connection failed in the middle of this frame";

    /** The error of a frame whose stream failed after {@code bytes} bytes of it: the failure's message, not the bytes. */
    public static String failedInside(IOException failure, long bytes) {
        return FAILED_INSIDE + " (" + failure.getMessage() + "), after " + bytes + " bytes of it";
    }

    /** The frame being read when the stream failed, with its bytes (its first {@code maxFrame}), or {@code null}. */
    private Piece brokenFrame(IOException e) {
        Piece broken = null;
        if (cut != null) {
            broken = new Piece(null, new Frame(cut, tooLong(), false));
        } else if (filled > frameStart) {
            int length = Math.min(filled - frameStart, maxFrame);
            broken = new Piece(null, new Frame(Arrays.copyOfRange(buf, frameStart, frameStart + length),
                    failedInside(e, filled - frameStart), false));
        }
        cut = null;
        frameStart = filled;
        scanned = filled;
        return broken;
    }

    /** The stream failed after the frames last handed out: told from now on. */
    private IOException failure;

    /** Reads more bytes, first moving the frame being read to the front or into a larger buffer. */
    private void read() throws IOException {
        if (filled == buf.length) {
            int partial = filled - frameStart;
            byte[] target = partial * 2 > buf.length ? new byte[buf.length * 2] : buf;
            System.arraycopy(buf, frameStart, target, 0, partial);
            buf = target;
            filled = partial;
            scanned = partial;
            frameStart = 0;
        }
        int n = in.read(buf, filled, buf.length - filled);
        if (n < 0) {
            eof = true;
        } else {
            filled += n;
        }
    }

    /** The frames found so far as a block that owns the buffer; the frame being read moves to a new buffer. */
    private Piece handOut(int[] starts, int[] ends, int count) {
        LineBlock block = new LineBlock(buf, starts, ends, count, 1);
        int partial = filled - frameStart;
        byte[] next = new byte[Math.max(blockSize, partial * 2)];
        System.arraycopy(buf, frameStart, next, 0, partial);
        buf = next;
        scanned = scanned - frameStart;
        filled = partial;
        frameStart = 0;
        return new Piece(block, null);
    }

    private String tooLong() {
        return "message longer than the frame limit of " + maxFrame + " bytes; cut";
    }
}
