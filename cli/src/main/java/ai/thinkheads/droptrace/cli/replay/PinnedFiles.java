package ai.thinkheads.droptrace.cli.replay;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
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
 * turn (opening a named pipe waits for its writer). A set of more files than the process may hold open
 * keeps half of what it may still open for the JVM and Kafka: the files read last, which a logrotate renames
 * first, are held; the others are opened in their turn.
 */
final class PinnedFiles implements AutoCloseable {

    /** Held when the number of files the process may open cannot be told. */
    private static final int UNKNOWN_LIMIT = 256;

    private final Map<Path, FileInputStream> opened = new LinkedHashMap<>();
    private int notHeld;

    private PinnedFiles() {
    }

    /** Opens the regular files of {@code files}; one that cannot be opened now is left to fail in its turn. */
    static PinnedFiles open(List<Path> files) {
        return open(files, limit());
    }

    /** As {@link #open(List)}, holding at most {@code most} files: the last ones of {@code files}. */
    static PinnedFiles open(List<Path> files, int most) {
        PinnedFiles pinned = new PinnedFiles();
        List<Path> regular = files.stream().filter(Files::isRegularFile).toList();
        pinned.notHeld = Math.max(0, regular.size() - most);
        for (Path file : regular.subList(pinned.notHeld, regular.size())) {
            try {
                pinned.opened.put(file, new FileInputStream(file.toFile()));
            } catch (IOException e) {
                // said when its turn comes, with the lines read before it
            }
        }
        return pinned;
    }

    /** How many regular files were left to be opened in their turn: more than the process may hold open. */
    int notHeld() {
        return notHeld;
    }

    /** The file as opened at the start, handed over (the caller closes it); {@code null} for one not opened then. */
    FileInputStream take(Path file) {
        return opened.remove(file);
    }

    /** Half the files this process may still open (the other half for the JVM, Kafka's clients, a broker). */
    private static int limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, free / 2));
        }
        return UNKNOWN_LIMIT;
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
