package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.ingest.replay.LineSource;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipException;

/**
 * A rotated file given twice, plain and gzip-compressed ({@code pve-firewall.log.2} beside {@code .2.gz}): what
 * {@code gunzip -k} leaves, and what logrotate leaves when it is stopped while it compresses. A glob of the set names
 * both, and reading both sent every line twice. The {@code .gz} is left out, with a warning, when its text is the
 * plain file's, or the start of it (a compression cut short); a {@code .gz} with other lines is read as ever. A
 * {@code .gz} of 0 bytes (not even the gzip header: a compression that failed at its start, on a full disk) holds
 * nothing to read: it is left out with a warning, not read as an empty file without a word as before, where
 * {@code zcat} says it ends early.
 */
public final class CompressedCopies {

    private CompressedCopies() {
    }

    /** {@code files} without each {@code NAME.gz} that holds the lines of a {@code NAME} among them. */
    public static List<Path> leftOut(List<Path> files, Consumer<String> warn) {
        Set<String> names = new HashSet<>();
        files.forEach(file -> names.add(file.toString()));
        List<Path> kept = new ArrayList<>();
        for (Path file : files) {
            String name = file.toString();
            if (name.endsWith(".gz") && emptyFile(file)) {
                warn.accept(file + " is empty (0 bytes, not even a gzip header: a compression that did not finish?): "
                        + "nothing to read in it");
                continue;
            }
            Path plain = name.endsWith(".gz") && names.contains(name.substring(0, name.length() - 3))
                    ? Path.of(name.substring(0, name.length() - 3)) : null;
            if (plain != null && sameLines(plain, file)) {
                warn.accept(file + " holds the lines of " + plain + " (gunzip -k, or a compression logrotate did not "
                        + "finish): read " + plain + " only");
            } else {
                kept.add(file);
            }
        }
        return kept;
    }

    /** Whether {@code file} is a regular file of 0 bytes (a pipe named .gz is read as ever). */
    private static boolean emptyFile(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == 0;
        } catch (IOException e) {
            return false; // said when it is opened
        }
    }

    /** Whether the text of {@code gz} is that of {@code plain}, or the start of it when the gzip is cut short. */
    private static boolean sameLines(Path plain, Path gz) {
        try (InputStream a = new BufferedInputStream(Files.newInputStream(plain), 1 << 16);
                InputStream b = new BufferedInputStream(LineSource.openBytes(gz), 1 << 16)) {
            while (true) {
                int fromGz;
                try {
                    fromGz = b.read();
                } catch (EOFException | ZipException e) {
                    return true; // cut short: what it holds is the plain file's start
                }
                int fromPlain = a.read();
                if (fromGz != fromPlain) {
                    return false;
                }
                if (fromGz < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false; // not readable as gzip, or gone: read as given, and its problem said in its turn
        }
    }
}
