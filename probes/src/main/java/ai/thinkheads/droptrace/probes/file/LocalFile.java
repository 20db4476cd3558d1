package ai.thinkheads.droptrace.probes.file;

import ai.thinkheads.droptrace.probes.tcp.Explain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a file on this host for a file probe, bounded as {@code cat} in a guest is: within the probe's timeout (a file on
 * a hung network mount, a FIFO without a writer: its open or read never returns, and no interrupt ends it) and up to
 * {@value #MAX_BYTES} bytes (a device such as {@code /dev/zero}, or a huge file given by mistake, filled the heap).
 * Read as ISO-8859-1: PEM is ASCII, and a DER certificate is then one without a PEM block, not a file that "cannot be
 * read (Input length = 1)".
 */
public final class LocalFile {

    /** The most bytes read: far more than a PEM bundle of every public root holds. */
    public static final int MAX_BYTES = 1 << 20;

    /** The file's first bytes as text, or why it could not be read. */
    public record Read(String content, String problem) {
    }

    private LocalFile() {
    }

    public static Read read(Path file, Duration timeout) {
        return within(timeout, () -> readBounded(file), what -> new Read(null, what));
    }

    /**
     * {@code work}'s answer if it ends within {@code timeout}, else {@code failed}'s for the words of why not: the work
     * runs on a thread of its own, so that an open, stat or read that hangs in the kernel (a hung network mount, a FIFO
     * without a writer; no interrupt ends it) keeps that thread, not the caller (a probe's worker).
     */
    public static <T> T within(Duration timeout, Supplier<T> work, Function<String, T> failed) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "file-read");
        reader.setDaemon(true);
        reader.start();
        try {
            return done.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reader.interrupt();
            return failed.apply("reading it did not finish within " + Explain.seconds(timeout) + " (a hung network mount?)");
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            return failed.apply("the read was interrupted");
        } catch (ExecutionException e) {
            return failed.apply(String.valueOf(e.getCause()));
        }
    }

    private static Read readBounded(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Read(new String(in.readNBytes(MAX_BYTES), StandardCharsets.ISO_8859_1), null);
        } catch (IOException e) {
            return new Read(null, problem(e));
        } catch (RuntimeException | Error e) {
            return new Read(null, e.toString());
        }
    }

    /** Why a local file could not be read, in the words {@code cat} uses in a guest (the exception's message is the path). */
    static String problem(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
