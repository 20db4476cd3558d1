package ai.thinkheads.droptrace.ingest.tail;

import ai.thinkheads.droptrace.ingest.pipeline.LineBlockReader;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
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
            byte[] bytes = text.indexOf('\uFFFD') >= 0 ? Arrays.copyOfRange(chunk, from, from + length) : null;
            return new Line(text, offset, bytes);
        }
    }

    /** A plain file: read at any position. */
    private final FileChannel channel;
    /** A gzip-compressed rotated file instead: its text, read once, in order. */
    private final InputStream stream;
    private final FileIdentity identity;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private long offset;
    /** The bytes read after the offset and not handed out yet (the start of a line without its newline yet). */
    private byte[] carry = new byte[0];
    /** The last bytes before the offset as they were read: what tells a file written again since. */
    private byte[] before = new byte[0];
    /**
     * The first bytes of the file as read (from its start, or as stored with a position); when none are known, a
     * plain file's are read from it when asked for.
     */
    private byte[] head = new byte[0];
    private boolean takePartial;
    /** A line longer than the limit was handed out cut: its rest, up to its newline, is skipped. */
    private boolean skipping;
    /**
     * NUL bytes here are skipped: the hole a writer that does not append leaves when the file is truncated under
     * it; also at the start of a file (no log line starts with one).
     */
    private boolean skipZeros = true;

    private OpenFile(FileChannel channel, InputStream stream, FileIdentity identity) {
        this.channel = channel;
        this.stream = stream;
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
            checkRegular(path);
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            FileIdentity identity = FileIdentity.of(path);
            if (identity == null) {
                channel.close();
                return null;
            }
            return new OpenFile(channel, null, identity);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Refuses a path that is there and is no regular file: opened for reading, a named pipe blocks until something
     * writes into it (the tail hung, and its stop said the file did not appear), a directory fails at the first read.
     * {@code ingest tail} refuses both when it starts; this is the path that becomes one later (appearing so, or
     * replaced at a rotation).
     */
    private static void checkRegular(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new FileSystemException(path.toString(), null, attributes.isDirectory()
                    ? "it is a directory, not a log file" : "it is not a regular file (a pipe or a device), not a log "
                            + "file: 'ingest tail' follows log files");
        }
    }

    /**
     * A rotated file, plain or gzip-compressed, positioned at {@code position} of its text, its {@link #before()}
     * the bytes it holds before that; {@code null} when it is gone or its text is shorter than that.
     */
    static OpenFile openRotated(Path path, long position) throws IOException {
        if (!LineSource.isGzip(path)) {
            OpenFile file = openIfPresent(path);
            if (file == null) {
                return null;
            }
            try {
                if (file.size() < position) {
                    file.close();
                    return null;
                }
                file.seek(position);
                return file;
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }
        FileIdentity identity = FileIdentity.of(path);
        InputStream text;
        try {
            text = LineSource.openBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        OpenFile file = new OpenFile(null, text, identity);
        try {
            if (identity == null || !file.skipTo(position)) {
                file.close();
                return null;
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return file;
    }

    /**
     * Reads a compressed file's text up to {@code position}, keeping its first bytes and the last ones before the
     * position; false when it ends before.
     */
    private boolean skipTo(long position) throws IOException {
        skipZeros = position == 0;
        head = stream.readNBytes(CHECKED_BYTES);
        if (position <= head.length) {
            offset = position;
            before = Arrays.copyOf(head, (int) position);
            carry = Arrays.copyOfRange(head, (int) position, head.length);
            return true;
        }
        byte[] last = head;
        long at = head.length;
        byte[] chunk = buffer.array();
        while (at < position) {
            int n = stream.read(chunk, 0, (int) Math.min(chunk.length, position - at));
            if (n < 0) {
                return false;
            }
            at += n;
            last = lastBytes(last, chunk, n);
        }
        offset = position;
        before = last;
        return true;
    }

    /** The last {@link #CHECKED_BYTES} of {@code previous} followed by the first {@code length} bytes of {@code next}. */
    private static byte[] lastBytes(byte[] previous, byte[] next, int length) {
        if (length >= CHECKED_BYTES) {
            return Arrays.copyOfRange(next, length - CHECKED_BYTES, length);
        }
        int kept = Math.min(previous.length, CHECKED_BYTES - length);
        byte[] last = new byte[kept + length];
        System.arraycopy(previous, previous.length - kept, last, 0, kept);
        System.arraycopy(next, 0, last, kept, length);
        return last;
    }

    /**
     * The file in the directory of {@code path} whose identity is {@code wanted} (a renamed rotation), or null; of a
     * symbolic link, in the directory of the file it points to too (where logrotate renames it).
     */
    static Path findByIdentity(Path path, FileIdentity wanted) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path found = findByIdentityIn(absolute.getParent(), wanted);
        if (found == null && Files.isSymbolicLink(absolute)) {
            try {
                found = findByIdentityIn(absolute.toRealPath().getParent(), wanted);
            } catch (NoSuchFileException e) {
                // a link to nothing: nothing beside its target
            }
        }
        return found;
    }

    private static Path findByIdentityIn(Path dir, FileIdentity wanted) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path candidate : files.toList()) {
                if (wanted.equals(FileIdentity.of(candidate))) {
                    return candidate;
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

    /** The size of a plain file. */
    long size() throws IOException {
        return channel.size();
    }

    /**
     * Moves a plain file to {@code newOffset}; what the file holds before it now is what {@link #change()}
     * compares with.
     */
    void seek(long newOffset) throws IOException {
        offset = newOffset;
        carry = new byte[0];
        skipping = false;
        skipZeros = newOffset == 0;
        before = bytesBefore();
        head = newOffset == 0 ? new byte[0] : firstBytes(); // from 0 they are kept as they are read
    }

    /**
     * Moves a plain file to a stored position, {@code storedBefore} being the bytes that were before it and
     * {@code storedHead} the first bytes of the file when it was stored ({@code null} or empty when not known: a
     * state file of an older droptrace).
     */
    void resume(long storedOffset, byte[] storedBefore, byte[] storedHead) throws IOException {
        offset = storedOffset;
        carry = new byte[0];
        skipping = false;
        skipZeros = storedOffset == 0;
        boolean known = storedBefore != null && storedBefore.length > 0;
        // not stored (an older state file): as the file holds them now, so the next check has the bytes it needs
        before = known ? storedBefore : bytesBefore();
        head = storedHead != null && storedHead.length > 0 ? storedHead : storedOffset == 0 ? new byte[0] : firstBytes();
    }

    /**
     * The first (up to {@value #CHECKED_BYTES}) bytes of the file as read, or as stored with the position; when
     * none are known yet, a plain file's first bytes now (what is read from its start).
     */
    byte[] head() throws IOException {
        if (head.length > 0 || channel == null) {
            return head.clone();
        }
        return firstBytes();
    }

    /** The first (up to {@value #CHECKED_BYTES}) bytes a plain file holds now. */
    private byte[] firstBytes() throws IOException {
        ByteBuffer first = ByteBuffer.allocate((int) Math.min(CHECKED_BYTES, channel.size()));
        while (first.hasRemaining() && channel.read(first, first.position()) >= 0) {
            // fill it
        }
        return Arrays.copyOf(first.array(), first.position());
    }

    /**
     * Goes on at {@code newOffset} of a file truncated under a writer that does not append ({@link Change#ZEROED}):
     * the NUL bytes there, up to where that writer goes on, are skipped, and the zeros are now what is before the
     * offset and at the start.
     */
    void skipZerosFrom(long newOffset) throws IOException {
        offset = newOffset;
        carry = new byte[0];
        skipping = false;
        skipZeros = true;
        before = bytesBefore();
        head = firstBytes();
    }

    /**
     * Whether a plain file holds the text of another up to {@code at}: the bytes read just before it there
     * ({@code before}, not empty: a file of which nothing was read tells nothing) and its first bytes ({@code first}).
     * A file with another identity that does is a copy of the one read (restored, replaced by a copy of itself,
     * rewritten in place after the position): reading goes on in it at {@code at}.
     */
    boolean holdsTextUpTo(long at, byte[] before, byte[] first) throws IOException {
        return before.length > 0 && holdsBefore(at, before) && startsWith(first);
    }

    /** Whether a plain file holds {@code expected} just before {@code at}. */
    boolean holdsBefore(long at, byte[] expected) throws IOException {
        return Arrays.equals(bytesBefore(at), expected);
    }

    /** Whether {@code bytes} begin with {@code first}. */
    private static boolean begins(byte[] bytes, byte[] first) {
        return bytes.length >= first.length && Arrays.equals(bytes, 0, first.length, first, 0, first.length);
    }

    /** Whether this is a plain file (else a compressed rotated one). */
    boolean plain() {
        return channel != null;
    }

    /** Whether the file starts with {@code first} (true when nothing is known of its start). */
    boolean startsWith(byte[] first) throws IOException {
        return first.length == 0 || begins(head(), first);
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
        if (channel == null) {
            return Change.NONE; // a compressed rotated file is not written any more
        }
        if (channel.size() < offset) {
            return Change.SHRUNK;
        }
        if (before.length == 0) {
            return Change.NONE;
        }
        byte[] now = bytesBefore();
        if (Arrays.equals(now, before)) {
            // and the same start: lines of one length (one device's noise) can end alike at the same offsets
            return head.length == 0 || begins(firstBytes(), head) ? Change.NONE : Change.REWRITTEN;
        }
        if (now.length < before.length) {
            return Change.SHRUNK; // truncated between the size and the read
        }
        for (byte b : now) {
            if (b != 0) {
                return Change.REWRITTEN;
            }
        }
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
        return bytesBefore(offset);
    }

    private byte[] bytesBefore(long at) throws IOException {
        int n = (int) Math.min(CHECKED_BYTES, at);
        ByteBuffer bytes = ByteBuffer.allocate(n);
        long from = at - n;
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, from + bytes.position()) < 0) {
                return new byte[0];
            }
        }
        return bytes.array();
    }

    /** The read failed after the lines last handed out (a gzip file cut short): told by the next read. */
    private IOException readFailure;

    /** The next {@link #readLines} also returns a last line that has no newline yet. */
    void takePartialLine() {
        takePartial = true;
    }

    /**
     * Up to {@code max} complete lines from the offset on; the offset moves past them. A line longer
     * than {@link LineBlockReader#MAX_LINE_BYTES} is handed out as its first bytes (which no parser
     * takes for a firewall line) as soon as that many are read, and the rest of it is skipped as it
     * comes: memory stays bounded even on a file without line ends. (A restart while such a line is
     * being skipped reads its rest as one more line that is not a firewall line.) The start of a line
     * whose newline is not written yet is kept and not read again.
     */
    List<Line> readLines(int max) throws IOException {
        if (readFailure != null) {
            throw readFailure;
        }
        List<Line> lines = new ArrayList<>();
        batchBytes = 0;
        cut(lines, max);
        while (!full(lines, max)) {
            buffer.clear();
            int n;
            try {
                n = read(buffer);
            } catch (IOException e) {
                if (lines.isEmpty()) {
                    throw e;
                }
                readFailure = e; // the whole lines before it go out first (their offset has moved past them)
                return lines;
            }
            if (n <= 0) {
                break;
            }
            byte[] chunk = Arrays.copyOf(carry, carry.length + n);
            System.arraycopy(buffer.array(), 0, chunk, carry.length, n);
            carry = chunk;
            cut(lines, max);
        }
        if (takePartial && !full(lines, max) && carry.length > 0) {
            lines.add(Line.of(carry, 0, carry.length, offset));
            consumed(carry, carry.length);
            carry = new byte[0];
            takePartial = false;
        }
        return lines;
    }

    /** The next bytes after the carried ones: from the plain file at their position, or from the compressed text. */
    private int read(ByteBuffer into) throws IOException {
        if (channel != null) {
            return channel.read(into, offset + carry.length);
        }
        return stream.read(into.array(), 0, into.capacity());
    }

    /**
     * The most bytes of lines one {@link #readLines} hands out (the line that reaches it is the last): a count of lines
     * alone let 5,000 lines of up to {@link LineBlockReader#MAX_LINE_BYTES} each (a file of long lines, given by
     * mistake or from a run-away writer) fill any heap. A batch of firewall lines stays far below it.
     */
    static final int BATCH_BYTES = 8 << 20;

    /** Bytes of the lines the current {@link #readLines} has handed out so far. */
    private long batchBytes;

    /** Whether a batch holds {@code max} lines or {@link #BATCH_BYTES} of them. */
    private boolean full(List<Line> lines, int max) {
        return lines.size() >= max || batchBytes >= BATCH_BYTES;
    }

    /** Cuts complete lines (up to {@code max} in all, or {@link #BATCH_BYTES}) off the carried bytes. */
    private void cut(List<Line> lines, int max) {
        byte[] chunk = carry;
        int start = 0;
        if (skipZeros) {
            while (start < chunk.length && chunk[start] == 0) {
                start++;
            }
            skipZeros = start == chunk.length;
        }
        if (skipping) {
            int end = indexOfNewline(chunk, start);
            start = end < 0 ? chunk.length : end + 1;
            skipping = end < 0;
        }
        for (int k = start; k < chunk.length && !full(lines, max); k++) {
            if (chunk[k] == '\n') {
                int end = k > start && chunk[k - 1] == '\r' ? k - 1 : k;
                int kept = Math.min(end - start, LineBlockReader.MAX_LINE_BYTES);
                lines.add(Line.of(chunk, start, kept, offset + start));
                batchBytes += kept;
                start = k + 1;
            }
        }
        if (!full(lines, max) && chunk.length - start > LineBlockReader.MAX_LINE_BYTES) {
            lines.add(Line.of(chunk, start, LineBlockReader.MAX_LINE_BYTES, offset + start));
            batchBytes += LineBlockReader.MAX_LINE_BYTES;
            start = chunk.length;
            skipping = true;
        }
        if (start > 0) {
            consumed(chunk, start);
            carry = Arrays.copyOfRange(chunk, start, chunk.length);
        }
    }

    /**
     * The first {@code length} bytes of {@code chunk} (which starts at the offset) are read: the offset moves past
     * them, and they become the bytes before it, as read (so a rotation between this read and the next look at
     * the file is told).
     */
    private void consumed(byte[] chunk, int length) {
        if (offset < CHECKED_BYTES && offset == head.length) {
            head = Arrays.copyOf(head, (int) Math.min(CHECKED_BYTES, offset + length));
            System.arraycopy(chunk, 0, head, (int) offset, head.length - (int) offset);
        }
        offset += length;
        before = lastBytes(before, chunk, length);
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
        if (channel != null) {
            channel.close();
        } else {
            stream.close();
        }
    }
}
