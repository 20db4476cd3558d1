package ai.thinkheads.droptrace.ingest.syslog;

import java.io.IOException;
import java.io.InputStream;

/**
 * RFC 6587 non-transparent framing: each message ends with LF (or NUL, which some senders use).
 * A frame longer than the limit is cut there and reported as an error with its first bytes; the
 * rest up to the next trailer is discarded. A last frame without a trailer is returned with the
 * error {@code unexpected EOF}. Frame by frame over {@link NonTransparentBlocks}, which the TCP
 * receiver uses directly.
 */
public final class NonTransparentFramer implements FrameReader {

    private final NonTransparentBlocks blocks;
    private NonTransparentBlocks.Piece piece;
    private int next;

    public NonTransparentFramer(InputStream in, int maxFrame) {
        this.blocks = new NonTransparentBlocks(in, maxFrame, 256 * 1024, 1024);
    }

    /** The same framing read in blocks of up to 1,024 frames (the TCP receiver reads them so); do not mix with {@link #next()}. */
    public NonTransparentBlocks blocks() {
        return blocks;
    }

    @Override
    public Frame next() throws IOException {
        while (true) {
            if (piece != null && piece.frames() != null && next < piece.frames().count()) {
                return Frame.of(piece.frames().bytes(next++));
            }
            if (piece != null && piece.frame() != null) {
                Frame frame = piece.frame();
                piece = null;
                return frame;
            }
            piece = blocks.next();
            next = 0;
            if (piece == null) {
                return null;
            }
        }
    }
}
