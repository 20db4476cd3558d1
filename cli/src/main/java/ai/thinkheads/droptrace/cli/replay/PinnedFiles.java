package ai.thinkheads.droptrace.cli.replay;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regular files of a replay, opened when it starts, so that each is read as it was then: logrotate
 * renaming the set in the middle of a long replay ({@code .log.1} to {@code .log.2.gz}, {@code .log} to
 * {@code .log.1}) would otherwise have the replay open {@code .log.1} after reading {@code .log.2.gz} and
 * find there what was {@code .log}: the old {@code .log.1} skipped without a word. Pipes are opened in their
 * turn (opening a named pipe waits for its writer).
 */
final class PinnedFiles implements AutoCloseable {

    private final Map<Path, FileInputStream> opened = new LinkedHashMap<>();

    private PinnedFiles() {
    }

    /** Opens the regular files of {@code files}; one that cannot be opened now is left to fail in its turn. */
    static PinnedFiles open(List<Path> files) {
        PinnedFiles pinned = new PinnedFiles();
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                try {
                    pinned.opened.put(file, new FileInputStream(file.toFile()));
                } catch (IOException e) {
                    // said when its turn comes, with the lines read before it
                }
            }
        }
        return pinned;
    }

    /** The file as opened at the start, handed over (the caller closes it); {@code null} for one not opened then. */
    FileInputStream take(Path file) {
        return opened.remove(file);
    }

    @Override
    public void close() {
        for (FileInputStream in : opened.values()) { // those a stop or a failure left unread
            try {
                in.close();
            } catch (IOException ignored) {
                // only read from: nothing to lose
            }
        }
        opened.clear();
    }
}
