package ai.thinkheads.droptrace.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A harness's temporary work directory (generated input, outputs, the embedded broker's data),
 * deleted when the harness ends: normally, by an exception, or by a signal (a shutdown hook), so
 * that rounds and aborted runs do not leave gigabytes behind on the shared machine. The processes
 * the harness started write there, so on a signal they are stopped first (waiting at most 10 s).
 */
public final class BenchWorkDir implements AutoCloseable {

    private final Path path;
    private final Thread hook;
    private final AtomicBoolean deleted = new AtomicBoolean();

    private BenchWorkDir(Path path) {
        this.path = path;
        this.hook = new Thread(() -> {
            stopChildProcesses();
            delete();
        }, "bench-work-dir-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static BenchWorkDir create(String prefix) throws IOException {
        return new BenchWorkDir(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
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

    private static void stopChildProcesses() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle child : children) {
            long left = deadline - System.nanoTime();
            try {
                child.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                child.destroyForcibly();
            }
        }
    }

    /** Deletes the directory; on a signal the embedded broker may still be writing there, so up to 10 attempts. */
    private void delete() {
        if (!deleted.compareAndSet(false, true)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                deleteRecursively(path);
                return;
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 10) {
                    System.err.println("bench: could not delete " + path + ": " + e);
                    return;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (var walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
