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

    private final Path path;
    private final Thread hook;

    private TempDirectory(Path path) {
        this.path = path;
        // At exit, deleted once a command that stops in order (SIGTERM, Ctrl-C) has done so: it may still write here.
        this.hook = new Thread(() -> {
            ShutdownSignal.awaitInstalledClosed();
            delete();
        }, "droptrace-temp-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static TempDirectory create(String prefix) {
        try {
            return new TempDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private void delete() {
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
