package ai.thinkheads.droptrace.ingest.tail;

import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.ingest.replay.ReplayOrder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, among the rotated files beside a followed log ({@code .1}, {@code .2.gz}, {@code -20251120.gz}, ...; of a
 * symbolic link, beside the file it points to too),
 * the one that holds a stored position, and the younger ones after it: what a tail still has to read when the
 * file it was reading was rotated away while it was stopped (renamed, and perhaps compressed: a new identity),
 * or copied and truncated (copytruncate: the lines written after the position before the truncation are only
 * in the copy).
 *
 * <p>A file is known by its identity while it has one; a compressed copy has a new one, so it is also known by
 * its content: its first bytes, and the bytes it holds just before the position, are the ones read there. Every
 * file found is opened at once: a rotation while they are read does not change what is read.
 */
final class RotatedFiles {

    private static final Logger LOGGER = LoggerFactory.getLogger(RotatedFiles.class);

    private RotatedFiles() {
    }

    /**
     * A stored position: the identity of its file ({@code null} when only its content tells it: a copytruncate
     * copy), the offset, the bytes read before it and the file's first bytes (each empty when not known), and when
     * it was stored ({@code null} when not known).
     */
    record Position(FileIdentity identity, long offset, byte[] before, byte[] head, Long storedAt) {

        boolean heldBy(OpenFile file) throws IOException {
            return (before.length == 0 || Arrays.equals(file.before(), before)) && file.startsWith(head);
        }

        boolean contentKnown() {
            return before.length > 0 || head.length > 0;
        }
    }

    /** A rotated file, open, and its name. */
    record Rotated(OpenFile file, Path path) {
    }

    /**
     * The file holding a position, open at it, and the younger rotated files, open at their start, to read whole
     * after it (oldest first), before the live file. Closing it closes them all.
     */
    record Found(Rotated holding, List<Rotated> younger) implements AutoCloseable {

        @Override
        public void close() {
            closeQuietly(holding.file());
            younger.forEach(r -> closeQuietly(r.file()));
        }
    }

    /**
     * The rotated file beside {@code live} that holds {@code position}: the one of its identity whose content
     * matches what is known of it, else the youngest whose content does (when something of it is known), else,
     * for a position stored at the start of a file of which nothing was known (an empty file), the oldest rotated
     * file written after the position was stored; then the younger ones, not the file of identity
     * {@code liveIdentity} (the live file, opened before: rotated since, it is read as the live one).
     * {@code null} when none holds it (deleted, or moved elsewhere).
     */
    static Found holding(Path live, Position position, FileIdentity liveIdentity) throws IOException {
        List<List<Path>> ages = ages(ReplayOrder.rotationsOf(live));
        int index = -1;
        Rotated holding = null;
        if (position.identity() != null) {
            search:
            for (int i = 0; i < ages.size(); i++) {
                for (Path file : ages.get(i)) {
                    if (position.identity().equals(FileIdentity.of(file))) {
                        // null when its content is another: a deleted file's identity given to a new one
                        holding = open(file, position);
                        index = i;
                        break search;
                    }
                }
            }
        }
        if (holding == null && position.contentKnown()) {
            for (int i = ages.size() - 1; i >= 0 && holding == null; i--) {
                holding = open(ages.get(i), position);
                index = i;
            }
        }
        if (holding == null && !position.contentKnown() && position.offset() == 0 && position.storedAt() != null) {
            for (int i = 0; i < ages.size() && holding == null; i++) {
                if (lastModified(ages.get(i)) > position.storedAt()) {
                    holding = open(ages.get(i), position);
                    index = i;
                }
            }
        }
        if (holding == null && position.identity() != null && position.contentKnown()) {
            // Renamed to a name outside logrotate's patterns (still in the same folder): read it, no younger ones known.
            // Only when its content can confirm it: an identity alone may since have been given to another file.
            Path renamed = OpenFile.findByIdentity(live, position.identity());
            if (renamed != null && !isLive(renamed, live)) {
                holding = open(renamed, position);
                return holding == null ? null : new Found(holding, List.of());
            }
        }
        if (holding == null) {
            return null;
        }
        List<Rotated> younger = new ArrayList<>();
        Found found = new Found(holding, younger);
        long written = lastModified(List.of(holding.path()));
        try {
            for (List<Path> age : ages.subList(index + 1, ages.size())) {
                // Younger by name and by time (a file written before the one of the position was read before it)
                if (lastModified(age) < written) {
                    continue;
                }
                Rotated file = open(age, new Position(null, 0, new byte[0], new byte[0], null));
                if (file != null && file.file().identity().equals(liveIdentity)) {
                    closeQuietly(file.file());
                } else if (file != null) {
                    younger.add(file);
                }
            }
        } catch (RuntimeException e) {
            found.close();
            throw e;
        }
        return found;
    }

    /** Whether {@code file} is the live file: its path, or the file its symbolic link points to. */
    private static boolean isLive(Path file, Path live) {
        Path name = file.toAbsolutePath().normalize();
        if (name.equals(live.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return name.equals(live.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The first of the files of one age (plain, then compressed) that is there, whole, and holds the position. */
    private static Rotated open(List<Path> age, Position position) {
        for (Path file : age) {
            Rotated opened = open(file, position);
            if (opened != null) {
                return opened;
            }
        }
        return null;
    }

    private static Rotated open(Path candidate, Position position) {
        OpenFile file = null;
        try {
            if (LineSource.textSize(candidate).most() < position.offset() || !startsWithHead(candidate, position)) {
                return null;
            }
            file = OpenFile.openRotated(candidate, position.offset());
            if (file != null && position.heldBy(file) && (!LineSource.isGzip(candidate) || wholeGzip(candidate))) {
                return new Rotated(file, candidate);
            }
        } catch (NoSuchFileException e) {
            // gone since it was listed (a .1 compressed into .1.gz meanwhile): the next of its age is tried
        } catch (IOException e) {
            LOGGER.atWarn().addKeyValue("file", candidate.toString()).log("cannot read the rotated file: {}",
                    e.getMessage());
        }
        closeQuietly(file);
        return null;
    }

    /**
     * Whether a gzip file's text can be the one of the position, told by its first bytes: its trailer's size, modulo
     * 4 GiB, no longer rules out a large file, and reading its text up to the position costs seconds a file.
     */
    private static boolean startsWithHead(Path candidate, Position position) throws IOException {
        if (position.head().length == 0 || !LineSource.isGzip(candidate)) {
            return true;
        }
        try (InputStream text = LineSource.openBytes(candidate)) {
            return Arrays.equals(text.readNBytes(position.head().length), position.head());
        } catch (ZipException | EOFException e) {
            return true; // a damaged file: said when it is read
        }
    }

    /** Whether a rotated file beside {@code live} was written after {@code time} (epoch milliseconds). */
    static boolean writtenAfter(Path live, long time) throws IOException {
        for (List<Path> age : ages(ReplayOrder.rotationsOf(live))) {
            if (lastModified(age) > time) {
                return true;
            }
        }
        return false;
    }

    /** When the files of one age were last written (compression keeps the time), or -1 when they are gone. */
    private static long lastModified(List<Path> age) {
        for (Path file : age) {
            try {
                return Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                // gone since it was listed: the next of its age
            }
        }
        return -1;
    }

    /** Whether a gzip file is whole: not one that logrotate is still writing (its end and checksum are there). */
    private static boolean wholeGzip(Path file) throws IOException {
        try (InputStream text = LineSource.openBytes(file)) {
            text.transferTo(OutputStream.nullOutputStream());
            return true;
        } catch (EOFException | ZipException e) {
            return false;
        }
    }

    /**
     * The rotated files by age, oldest first, each age as its files in the order to try them: while logrotate
     * compresses {@code .1} into {@code .1.gz} both are there (the plain one whole, the other being written, and the
     * plain one gone once it is), so the plain one first.
     */
    private static List<List<Path>> ages(List<Path> rotated) {
        List<List<Path>> ages = new ArrayList<>();
        for (Path file : rotated) {
            String name = file.toString();
            List<Path> last = ages.isEmpty() ? null : ages.get(ages.size() - 1);
            if (last != null && name.endsWith(".gz") && name.substring(0, name.length() - 3).equals(last.get(0).toString())) {
                last.add(file);
            } else {
                ages.add(new ArrayList<>(List.of(file)));
            }
        }
        return ages;
    }

    static void closeQuietly(OpenFile file) {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            // nothing more is read from it
        }
    }
}
