package ai.thinkheads.droptrace.ingest.pipeline;

import ai.thinkheads.droptrace.ingest.json.PlainText;
import ai.thinkheads.droptrace.ingest.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whole lines of a byte stream as read, not yet decoded: the reading thread only finds where lines
 * end, a worker thread turns them into strings. {@code firstLine} is the 1-based number of the
 * first line in its source. A block can also hold lines that are text already (read by a
 * {@link java.io.BufferedReader}).
 */
public final class LineBlock {

    private final List<String> texts;
    private final byte[] bytes;
    private final int[] starts;
    private final int[] ends;
    private final int count;
    private final long firstLine;

    /** Lines {@code starts[k]} to {@code ends[k]} of {@code bytes}, the first numbered {@code firstLine}. */
    public LineBlock(byte[] bytes, int[] starts, int[] ends, int count, long firstLine) {
        this.texts = null;
        this.bytes = bytes;
        this.starts = starts;
        this.ends = ends;
        this.count = count;
        this.firstLine = firstLine;
    }

    private LineBlock(List<String> texts, long firstLine) {
        this.texts = texts;
        this.bytes = null;
        this.starts = null;
        this.ends = null;
        this.count = texts.size();
        this.firstLine = firstLine;
    }

    /** Lines that are text already; {@code firstLine} is the number of the first. */
    public static LineBlock ofText(List<String> lines, long firstLine) {
        return new LineBlock(List.copyOf(lines), firstLine);
    }

    public int count() {
        return count;
    }

    /** The line number of line {@code k} of this block in its source. */
    public long lineNumber(int k) {
        return firstLine + k;
    }

    /** True when line {@code k} is printable ASCII without quote or backslash (see {@link PlainText}). */
    public boolean plain(int k) {
        return texts == null && PlainText.isPlain(bytes, starts[k], ends[k]);
    }

    /** The bytes of line {@code k} (a copy). */
    public byte[] bytes(int k) {
        return texts != null ? texts.get(k).getBytes(StandardCharsets.UTF_8)
                : java.util.Arrays.copyOfRange(bytes, starts[k], ends[k]);
    }

    /**
     * The bytes of line {@code k} for its dead letter: when {@code result} failed and the line is not plain
     * ASCII (only such a line can hold bytes that are not UTF-8), else {@code null}: no copy for the others.
     */
    public byte[] bytesIfFailed(int k, boolean plain, ParseResult result) {
        return result instanceof ParseResult.Failed && !plain && texts == null ? bytes(k) : null;
    }

    /** Line {@code k} as text (UTF-8; malformed bytes become U+FFFD as with a reader); {@code plain} as {@link #plain} said. */
    public String text(int k, boolean plain) {
        if (texts != null) {
            return texts.get(k);
        }
        int from = starts[k];
        int length = ends[k] - from;
        return new String(bytes, from, length, plain ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
}
