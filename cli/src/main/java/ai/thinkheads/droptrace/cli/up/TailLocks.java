package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.ingest.TailCommand;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The position files of {@code up}'s tails, locked as {@code ingest tail} locks its {@code --state-file}: two
 * processes following one log with one position would both send every line. And each log, locked in stateDir as an
 * {@code ingest tail} whose state file is there locks it (the default state file's directory is up's default
 * stateDir; the shipped units keep both in /var/lib/droptrace): with a position each, both would send every line
 * too. Taken before anything starts.
 */
final class TailLocks implements AutoCloseable {

    private final List<FileChannel> held = new ArrayList<>();

    private TailLocks() {
    }

    /** The locks of every tail's position file; one held by another process is one line, exit 3. */
    static TailLocks take(UpSettings settings) throws IOException {
        TailLocks locks = new TailLocks();
        try {
            for (Path file : settings.tailFiles()) {
                Path state = UpIngest.stateFile(settings, file);
                FileChannel lock = TailCommand.tryLockState(state, "the lock of the tail position " + state);
                if (lock == null) {
                    throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: stateDir: another droptrace is "
                            + "following " + file + " with its position in " + state + " (a second 'droptrace up' on "
                            + settings.stateDir() + "?); stop it, or give this one its own stateDir: both would send "
                            + "every line");
                }
                locks.held.add(lock);
                Path real = TailCommand.realPathOf(file); // of a file not there yet, the one it will be
                FileChannel log = TailCommand.tryLockLog(settings.stateDir(), real, "the lock of the log " + real);
                if (log == null) {
                    throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: tail.files: another droptrace "
                            + "is following " + real + (real.equals(file.toAbsolutePath()) ? "" : " (" + file
                            + " is another name of it)") + " (an 'ingest tail' whose --state-file is in "
                            + settings.stateDir() + "?); stop it: two tails of one log send every line twice");
                }
                locks.held.add(log);
            }
            return locks;
        } catch (IOException | RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        for (FileChannel lock : held) {
            lock.close();
        }
        held.clear();
    }
}
