package ai.thinkheads.droptrace.ingest.tail;

import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.ingest.replay.ReplayOrder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, among the rotated files beside a followed log ({@code .1}, {@code .2.gz}, {@code -20251120.gz}, ...),
 * the one that holds a stored position, and the younger ones after it: what a tail still has to read when the
 * file it was reading was rotated away while it was stopped (renamed, and perhaps compressed: a new identity),
 * or copied and truncated (copytruncate: the lines written after the position before the truncation are only
 * in the copy).
 *
 * <p>A file is known by its identity while it has one; a compressed copy has a new one, so it is also known by
 * its content: the bytes it holds just before the position are the ones read there.
 */
final class RotatedFiles {

    private static final Logger LOGGER = LoggerFactory.getLogger(RotatedFiles.class);

    private RotatedFiles() {
    }

    /**
     * The file holding a position, opened at it, and the younger rotated files to read whole after it (oldest
     * first), before the live file.
     */
    record Found(OpenFile file, Path path, List<Path> younger) {
    }

    /**
     * The rotated file beside {@code live} that holds {@code position}: the one whose identity is {@code identity}
     * (when given) and whose text starts with {@code head} and holds {@code before} just before the position (each
     * when known), else the youngest whose text does (when at least one of them is known); {@code null} when none
     * does (deleted, or moved elsewhere).
     */
    static Found holding(Path live, FileIdentity identity, long position, byte[] before, byte[] head)
            throws IOException {
        Content content = new Content(position, before, head);
        List<Path> rotated = oneOfEachAge(ReplayOrder.rotationsOf(live));
        if (identity != null) {
            for (int i = 0; i < rotated.size(); i++) {
                if (identity.equals(FileIdentity.of(rotated.get(i)))) {
                    Found found = openIfHolding(rotated, i, content);
                    if (found != null) {
                        return found;
                    }
                    break; // the identity of a deleted file, given to a new one: look by content
                }
            }
        }
        if (before.length > 0 || head.length > 0) {
            for (int i = rotated.size() - 1; i >= 0; i--) {
                Found found = openIfHolding(rotated, i, content);
                if (found != null) {
                    return found;
                }
            }
        }
        if (identity != null) {
            // Renamed to a name outside logrotate's patterns (still in the same folder): read it, no younger ones known.
            Path renamed = OpenFile.findByIdentity(live, identity);
            if (renamed != null && !renamed.toAbsolutePath().normalize().equals(live.toAbsolutePath().normalize())) {
                return openIfHolding(List.of(renamed), 0, content);
            }
        }
        return null;
    }

    /** What is known of the text of a stored position: the bytes before it and the first ones, each perhaps none. */
    private record Content(long position, byte[] before, byte[] head) {

        boolean heldBy(OpenFile file) throws IOException {
            return (before.length == 0 || Arrays.equals(file.before(), before)) && file.startsWith(head);
        }
    }

    private static Found openIfHolding(List<Path> rotated, int index, Content content) {
        Path candidate = rotated.get(index);
        OpenFile file = null;
        try {
            if (LineSource.textBytes(candidate) < content.position()) {
                return null;
            }
            file = OpenFile.openRotated(candidate, content.position());
            if (file != null && content.heldBy(file) && (!LineSource.isGzip(candidate) || wholeGzip(candidate))) {
                return new Found(file, candidate, List.copyOf(rotated.subList(index + 1, rotated.size())));
            }
        } catch (IOException e) {
            // A copy being compressed right now, or unreadable: not the one (the plain copy is still there).
            LOGGER.atDebug().addKeyValue("file", candidate.toString()).log("cannot read the rotated file: {}",
                    e.getMessage());
        }
        closeQuietly(file);
        return null;
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
     * One file of each age: while logrotate compresses {@code .1} into {@code .1.gz}, both are there (the plain one
     * whole, the other being written); the plain one comes first in {@link ReplayOrder#rotationsOf} and is kept.
     */
    private static List<Path> oneOfEachAge(List<Path> rotated) {
        List<Path> kept = new ArrayList<>();
        for (Path file : rotated) {
            String name = file.toString();
            if (!kept.isEmpty() && name.endsWith(".gz")
                    && name.substring(0, name.length() - 3).equals(kept.get(kept.size() - 1).toString())) {
                continue;
            }
            kept.add(file);
        }
        return kept;
    }

    private static void closeQuietly(OpenFile file) {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            // nothing was read from it
        }
    }
}
