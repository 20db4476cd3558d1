package ai.thinkheads.droptrace.ingest.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into {@link LineBlock}s of whole lines, with the line ends of
 * {@link java.io.BufferedReader#readLine()}: LF, CR or CR LF; a last line without an end counts.
 * Only line ends are looked for here (on the reading thread); decoding happens where the block is
 * parsed. A block is handed out when it is full, holds {@code maxLines} lines, or the stream has
 * nothing more waiting (a pipe fed live); a line longer than a block makes the block grow.
 */
public final class LineBlockReader implements LineBlockSource {

    private final InputStream in;
    private final int blockSize;
    private final int maxLines;
    private byte[] carry = new byte[0];
    private int carried;
    /** The previous line ended with CR: an LF right at the start of the next one belongs to it. */
    private boolean afterCarriageReturn;
    private boolean eof;
    private long nextLine = 1;

    /**
     * @param blockSize bytes read per block (more when a line is longer)
     * @param maxLines the most lines one block holds
     */
    public LineBlockReader(InputStream in, int blockSize, int maxLines) {
        this.in = in;
        this.blockSize = blockSize;
        this.maxLines = maxLines;
    }

    @Override
    public LineBlock next() throws IOException {
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
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = lineStart;
                ends[count] = k;
                count++;
                lineStart = k + 1;
                skip = b == '\r';
            }
            scanned = k;
            if (count == maxLines) {
                break;
            }
            if (eof) {
                if (lineStart < filled) {
                    if (count == starts.length) {
                        starts = Arrays.copyOf(starts, count + 1);
                        ends = Arrays.copyOf(ends, count + 1);
                    }
                    starts[count] = lineStart;
                    ends[count] = filled;
                    count++;
                    lineStart = filled;
                }
                break;
            }
            if (count > 0 && (filled == bytes.length || in.available() == 0)) {
                break;
            }
            if (filled == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            int n = in.read(bytes, filled, bytes.length - filled);
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
}
