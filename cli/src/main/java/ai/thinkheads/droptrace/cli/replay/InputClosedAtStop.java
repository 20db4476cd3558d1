package ai.thinkheads.droptrace.cli.replay;

import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closes the input being read when SIGTERM or Ctrl-C asks a replay to stop, so a replay of a quiet pipe
 * ({@code journalctl -kf -o json | droptrace replay -}) stops at once, not when the pipe's next line comes: the
 * read that waits ends with an exception the replay takes for the end of its input. A named pipe whose writer has not
 * come yet holds its opening, which no close can end: the stop opens it for writing itself, and the opening returns.
 */
final class InputClosedAtStop implements AutoCloseable {

    private final ShutdownSignal signal;
    private final AtomicReference<Closeable> reading = new AtomicReference<>();
    /** A named pipe being opened, {@code null} when none is. */
    private final AtomicReference<Path> opening = new AtomicReference<>();
    private final Thread watcher;
    private volatile boolean closedAtStop;

    private InputClosedAtStop(ShutdownSignal signal) {
        this.signal = signal;
        this.watcher = new Thread(this::watch, "replay-input-stop");
        watcher.setDaemon(true);
    }

    static InputClosedAtStop watch(ShutdownSignal signal) {
        InputClosedAtStop closer = new InputClosedAtStop(signal);
        closer.watcher.start();
        return closer;
    }

    /**
     * A named pipe about to be opened: the opening waits for a writer (none, if the one meant to write never comes,
     * for ever), which a stop then gives it. Ends with {@link #reading} of what it opened.
     */
    void opening(Path pipe) {
        opening.set(pipe);
        if (closedAtStop) {
            release(pipe);
        }
    }

    /** The input read from now on (the one before is done with); closed at once when a stop came already. */
    void reading(Closeable input) {
        opening.set(null);
        reading.set(input);
        if (closedAtStop) {
            closeQuietly(input);
        }
    }

    /** Whether a stop closed an input: a failure to read after it is the end of the input, not an error. */
    boolean closedAtStop() {
        return closedAtStop;
    }

    private void watch() {
        signal.awaitStop(); // returns early when close() interrupts it
        if (signal.stopRequested()) {
            closedAtStop = true;
            Path pipe = opening.get();
            if (pipe != null) {
                release(pipe);
            }
            Closeable input = reading.get();
            if (input != null) {
                closeQuietly(input);
            }
        }
    }

    /**
     * Ends the opening of {@code pipe} by opening it for writing and closing it again (the reader then reads no
     * byte); on a thread of its own, as that opening waits in turn when the reader's has ended meanwhile.
     */
    private static void release(Path pipe) {
        Thread writer = new Thread(() -> {
            try (FileOutputStream end = new FileOutputStream(pipe.toFile())) {
                // opened: the reader's opening has returned; closed: it reads the end of the pipe
            } catch (IOException ignored) {
                // gone meanwhile: there is nothing to end
            }
        }, "replay-pipe-release");
        writer.setDaemon(true);
        writer.start();
    }

    private static void closeQuietly(Closeable input) {
        try {
            input.close();
        } catch (IOException ignored) {
            // closed only to end a read: the replay is stopping
        }
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
