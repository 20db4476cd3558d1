package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary working directory that is deleted with everything in it on close, or at the exit of the JVM when
 * that comes first (Ctrl-C or SIGTERM during the command; then after the command's own orderly stop, see
 * {@link ShutdownSignal#awaitInstalledClosed()}).
 */
public final class TempDirectory implements AutoCloseable {

    private final Thread hook;
    private Path path;
    private boolean hookRan;

    /**
     * The exit hook is added before the directory is made ({@link #create}): once a signal has begun the JVM's exit,
     * it takes no more hooks, and this throws {@code IllegalStateException} before anything is left behind (a
     * directory made first stayed, empty, in the system temp directory at Ctrl-C 2-3 s into the demo).
     */
    private TempDirectory() {
        // At exit, deleted once a command that stops in order (SIGTERM, Ctrl-C) has done so: it may still write here.
        this.hook = new Thread(() -> {
            ShutdownSignal.awaitInstalledClosed();
            Path made;
            synchronized (this) {
                hookRan = true;
                made = path;
            }
            if (made != null) {
                delete(made);
            }
        }, "droptrace-temp-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static TempDirectory create(String prefix) {
        TempDirectory dir = new TempDirectory();
        Path made;
        try {
            made = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            dir.removeHook();
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
        synchronized (dir) {
            if (!dir.hookRan) {
                dir.path = made;
                return dir;
            }
        }
        delete(made); // the hook ran while it was made: nothing would delete it
        throw new IllegalStateException("the JVM is exiting: no temporary directory is made");
    }

    public synchronized Path path() {
        return path;
    }

    @Override
    public void close() {
        delete(path());
        removeHook();
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Left behind in the system temp directory (a file written meanwhile); nothing the user needs to act on.
        }
    }
}
