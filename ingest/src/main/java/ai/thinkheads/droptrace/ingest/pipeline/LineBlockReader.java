package ai.thinkheads.droptrace.ingest.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into {@link LineBlock}s of whole lines, with the line ends of
 * {@link java.io.BufferedReader#readLine()}: LF, CR or CR LF; a last line without an end counts.
 * Only line ends are looked for here (on the reading thread); decoding happens where the block is
 * parsed. A block is handed out when it is full, holds {@code maxLines} lines, or the stream has
 * nothing more waiting (a pipe fed live); a line longer than a block makes the block grow, up to
 * {@link #MAX_LINE_BYTES}: a longer one (a binary file given by mistake) comes out as its first
 * {@code MAX_LINE_BYTES} bytes, which no parser takes for a firewall line, and the rest of it up
 * to its end is skipped. Memory stays bounded whatever the input. When the stream fails part way (a
 * truncated or corrupt gzip file), the whole lines read before the failure are handed out first,
 * and the failure comes with the next call.
 */
public final class LineBlockReader implements LineBlockSource {

    /**
     * The most bytes of one line kept: 256 KiB, at least 87,381 characters however the bytes
     * decode, so a line cut here is always longer than a parser's limit (65,536 characters).
     */
    public static final int MAX_LINE_BYTES = 256 * 1024;

    private final InputStream in;
    private final int blockSize;
    private final int maxLines;
    private final int maxLineBytes;
    /** A line was cut: its bytes up to its end are skipped. */
    private boolean discarding;
    private byte[] carry = new byte[0];
    private int carried;
    /** The previous line ended with CR: an LF right at the start of the next one belongs to it. */
    private boolean afterCarriageReturn;
    private boolean eof;
    private long nextLine = 1;
    /** The stream failed after the lines of the last block: told from now on. */
    private IOException failed;

    /**
     * @param blockSize bytes read per block (more when a line is longer)
     * @param maxLines the most lines one block holds
     */
    public LineBlockReader(InputStream in, int blockSize, int maxLines) {
        this(in, blockSize, maxLines, MAX_LINE_BYTES);
    }

    /** As above, with the most bytes of a line kept (tests use a small one). */
    public LineBlockReader(InputStream in, int blockSize, int maxLines, int maxLineBytes) {
        this.in = in;
        this.blockSize = blockSize;
        this.maxLines = maxLines;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public LineBlock next() throws IOException {
        if (failed != null) {
            throw failed;
        }
        byte[] bytes = new byte[Math.max(blockSize, 2 * carried)];
        System.arraycopy(carry, 0, bytes, 0, carried);
        int filled = carried;
        carried = 0;
        int[] starts = new int[Math.min(maxLines, 256)];
        int[] ends = new int[starts.length];
        int count = 0;
        int lineStart = 0;
        int scanned = 0;
        boolean skip = afterCarriageReturn;
        while (true) {
            int k = scanned;
            for (; count < maxLines; k++) {
                k = LineEnds.next(bytes, k, filled);
                if (k == filled) {
                    break;
                }
                byte b = bytes[k];
                if (b == '\n' && skip && k == lineStart) {
                    lineStart = k + 1;
                    skip = false;
                    continue;
                }
                skip = b == '\r';
                if (discarding) {
                    discarding = false; // the end of a line that was cut
                    lineStart = k + 1;
                    continue;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = lineStart;
                ends[count] = Math.min(k, lineStart + maxLineBytes);
                count++;
                lineStart = k + 1;
            }
            scanned = k;
            if (count == maxLines) {
                break;
            }
            if (discarding) {
                lineStart = filled; // more of a cut line: dropped
            } else if (filled - lineStart > maxLineBytes) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count + 1);
                    ends = Arrays.copyOf(ends, count + 1);
                }
                starts[count] = lineStart;
                ends[count] = lineStart + maxLineBytes;
                count++;
                lineStart = filled;
                discarding = true;
                skip = false;
            }
            if (eof) {
                if (lineStart < filled) {
                    if (count == starts.length) {
                        starts = Arrays.copyOf(starts, count + 1);
                        ends = Arrays.copyOf(ends, count + 1);
                    }
                    starts[count] = lineStart;
                    ends[count] = Math.min(filled, lineStart + maxLineBytes);
                    count++;
                    lineStart = filled;
                }
                break;
            }
            if (count > 0 && (filled == bytes.length || available() == 0)) {
                break;
            }
            if (count == 0 && lineStart == filled) {
                filled = 0; // nothing but a cut line's rest so far: the block is reused
                lineStart = 0;
                scanned = 0;
            }
            if (filled == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            int n;
            try {
                n = in.read(bytes, filled, bytes.length - filled);
            } catch (IOException e) {
                if (count == 0) {
                    throw e;
                }
                failed = e; // the whole lines found so far go out first; an unfinished one is lost with the stream
                break;
            }
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
            }
        }
        afterCarriageReturn = skip;
        carried = filled - lineStart;
        if (carried > 0) {
            if (carry.length < carried) {
                carry = new byte[Math.max(carried, blockSize / 4)];
            }
            System.arraycopy(bytes, lineStart, carry, 0, carried);
        }
        if (count == 0) {
            return null;
        }
        LineBlock block = new LineBlock(bytes, starts, ends, count, nextLine);
        nextLine += count;
        return block;
    }

    /** What the stream has waiting; 0 when it cannot say (the next read tells why). */
    private int available() {
        try {
            return in.available();
        } catch (IOException e) {
            return 0;
        }
    }
}
