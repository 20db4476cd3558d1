package ai.thinkheads.droptrace.cli.replay;

import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closes the input being read when SIGTERM or Ctrl-C asks a replay to stop, so a replay of a quiet pipe
 * ({@code journalctl -kf -o json | droptrace replay -}) stops at once, not when the pipe's next line comes: the
 * read that waits ends with an exception the replay takes for the end of its input.
 */
final class InputClosedAtStop implements AutoCloseable {

    private final ShutdownSignal signal;
    private final AtomicReference<Closeable> reading = new AtomicReference<>();
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

    /** The input read from now on (the one before is done with); closed at once when a stop came already. */
    void reading(Closeable input) {
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
            Closeable input = reading.get();
            if (input != null) {
                closeQuietly(input);
            }
        }
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
