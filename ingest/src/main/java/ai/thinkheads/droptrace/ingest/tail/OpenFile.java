package ai.thinkheads.droptrace.ingest.tail;

import ai.thinkheads.droptrace.ingest.pipeline.LineBlockReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One open file being followed: its identity, and the offset after the last line handed out. */
final class OpenFile implements AutoCloseable {

    /**
     * A complete line and the byte offset where it starts.
     *
     * @param bytes the line's bytes when they are not valid UTF-8 (its text shows U+FFFD), for its dead letter; else null
     */
    record Line(String text, long offset, byte[] bytes) {
        static Line of(byte[] chunk, int from, int length, long offset) {
            String text = new String(chunk, from, length, StandardCharsets.UTF_8);
            byte[] bytes = text.indexOf('\uFFFD') >= 0 ? java.util.Arrays.copyOfRange(chunk, from, from + length) : null;
            return new Line(text, offset, bytes);
        }
    }

    private final FileChannel channel;
    private final FileIdentity identity;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private long offset;
    /** The last bytes before the offset as they were read: what tells a file written again since. */
    private byte[] before = new byte[0];
    private boolean takePartial;
    /** A line longer than the limit was handed out cut: its rest, up to its newline, is skipped. */
    private boolean skipping;

    private OpenFile(FileChannel channel, FileIdentity identity) {
        this.channel = channel;
        this.identity = identity;
    }

    static OpenFile open(Path path) throws IOException {
        OpenFile file = openIfPresent(path);
        if (file == null) {
            throw new NoSuchFileException(path.toString());
        }
        return file;
    }

    static OpenFile openIfPresent(Path path) throws IOException {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            FileIdentity identity = FileIdentity.of(path);
            if (identity == null) {
                channel.close();
                return null;
            }
            return new OpenFile(channel, identity);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The file in the directory of {@code path} whose identity is {@code wanted} (a renamed rotation), or null. */
    static OpenFile findByIdentity(Path path, FileIdentity wanted) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path candidate : files.toList()) {
                if (wanted.equals(FileIdentity.of(candidate))) {
                    return openIfPresent(candidate);
                }
            }
        }
        return null;
    }

    FileIdentity identity() {
        return identity;
    }

    long offset() {
        return offset;
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Moves to {@code newOffset}; what the file holds before it now is what {@link #change()} compares with. */
    void seek(long newOffset) throws IOException {
        offset = newOffset;
        before = bytesBefore();
    }

    /**
     * Moves to a stored position, {@code storedBefore} being the bytes that were before it when it was
     * stored ({@code null} or empty when not known: a state file of an older droptrace).
     */
    void resume(long storedOffset, byte[] storedBefore) {
        offset = storedOffset;
        before = storedBefore == null ? new byte[0] : storedBefore;
    }

    /** The bytes before the offset as they were when read (for the stored position). */
    byte[] before() {
        return before.clone();
    }

    /** What happened to the file before the offset since it was read there. */
    enum Change {
        /** Nothing: the bytes before the offset are the ones read (or none are known). */
        NONE,
        /** Shorter than the offset: truncated (copytruncate). */
        SHRUNK,
        /** Other bytes before the offset: truncated and written again past it, or replaced in place. */
        REWRITTEN,
        /**
         * Zero bytes before the offset: truncated under a writer that does not append, which goes on writing
         * where it was and leaves a hole that reads as NUL bytes; reading goes on at the offset.
         */
        ZEROED;

        /** Whether what the file holds now is new from its start: read it from 0. */
        boolean startsOver() {
            return this == SHRUNK || this == REWRITTEN;
        }
    }

    /**
     * Whether the file still holds, before the offset, the bytes read there: a rotation by copytruncate
     * keeps the file's identity, and when the file grew past the offset again before it is looked at (a
     * busy log, or a tail that was stopped), its size alone does not tell.
     */
    Change change() throws IOException {
        if (channel.size() < offset) {
            return Change.SHRUNK;
        }
        if (before.length == 0) {
            return Change.NONE;
        }
        byte[] now = bytesBefore();
        if (java.util.Arrays.equals(now, before)) {
            return Change.NONE;
        }
        for (byte b : now) {
            if (b != 0) {
                return Change.REWRITTEN;
            }
        }
        before = now;
        return Change.ZEROED;
    }

    /**
     * The offset just after the last complete line (the file's size when it ends with a newline):
     * where following "from the end" starts, so a line being written is read whole, not from its middle.
     */
    long endOfLastLine() throws IOException {
        long end = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1 << 12);
        long at = end;
        while (at > 0) {
            int n = (int) Math.min(one.capacity(), at);
            one.clear().limit(n);
            long from = at - n;
            while (one.hasRemaining() && channel.read(one, from + one.position()) >= 0) {
                // fill the chunk
            }
            for (int k = one.position() - 1; k >= 0; k--) {
                if (one.get(k) == '\n') {
                    return from + k + 1;
                }
            }
            at = from;
        }
        return 0;
    }

    /** How many bytes before the offset {@link #bytesBefore()} keeps: enough to tell a rewritten file by. */
    static final int CHECKED_BYTES = 64;

    /**
     * The last (up to {@value #CHECKED_BYTES}) bytes before the offset, as the file holds them now: the end of
     * the last line read. Empty at offset 0, or when the file is shorter than the offset.
     */
    byte[] bytesBefore() throws IOException {
        int n = (int) Math.min(CHECKED_BYTES, offset);
        ByteBuffer bytes = ByteBuffer.allocate(n);
        long from = offset - n;
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, from + bytes.position()) < 0) {
                return new byte[0];
            }
        }
        return bytes.array();
    }

    /** The next {@link #readLines} also returns a last line that has no newline yet. */
    void takePartialLine() {
        takePartial = true;
    }

    /**
     * Up to {@code max} complete lines from the offset on; the offset moves past them. A line longer
     * than {@link LineBlockReader#MAX_LINE_BYTES} is handed out as its first bytes (which no parser
     * takes for a firewall line) as soon as that many are read, and the rest of it is skipped as it
     * comes: memory stays bounded even on a file without line ends. (A restart while such a line is
     * being skipped reads its rest as one more line that is not a firewall line.)
     */
    List<Line> readLines(int max) throws IOException {
        List<Line> lines = new ArrayList<>();
        byte[] carry = new byte[0];
        long readAt = offset;
        while (lines.size() < max) {
            buffer.clear();
            int n = channel.read(buffer, readAt);
            if (n <= 0) {
                break;
            }
            readAt += n;
            byte[] chunk = new byte[carry.length + n];
            System.arraycopy(carry, 0, chunk, 0, carry.length);
            System.arraycopy(buffer.array(), 0, chunk, carry.length, n);
            int start = 0;
            if (skipping) {
                int end = indexOfNewline(chunk, 0);
                start = end < 0 ? chunk.length : end + 1;
                offset += start;
                skipping = end < 0;
            }
            for (int k = start; k < chunk.length && lines.size() < max; k++) {
                if (chunk[k] == '\n') {
                    int end = k > start && chunk[k - 1] == '\r' ? k - 1 : k;
                    int kept = Math.min(end - start, LineBlockReader.MAX_LINE_BYTES);
                    lines.add(Line.of(chunk, start, kept, offset));
                    offset += k + 1 - start;
                    start = k + 1;
                }
            }
            if (lines.size() < max && chunk.length - start > LineBlockReader.MAX_LINE_BYTES) {
                lines.add(Line.of(chunk, start, LineBlockReader.MAX_LINE_BYTES, offset));
                offset += chunk.length - start;
                start = chunk.length;
                skipping = true;
            }
            carry = java.util.Arrays.copyOfRange(chunk, start, chunk.length);
            if (lines.size() >= max) {
                break;
            }
        }
        if (takePartial && lines.size() < max && carry.length > 0) {
            lines.add(Line.of(carry, 0, carry.length, offset));
            offset += carry.length;
            takePartial = false;
        }
        if (!lines.isEmpty()) {
            before = bytesBefore(); // read at once, so a rotation after this read is not taken for what was read
        }
        return lines;
    }

    private static int indexOfNewline(byte[] bytes, int from) {
        for (int k = from; k < bytes.length; k++) {
            if (bytes[k] == '\n') {
                return k;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
