package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A one-line progress display on stderr, redrawn in place; silent when stderr is not a terminal:
 * {@code file 2/5 pve-firewall.log.1: 1,250,000 lines, 410,000 lines/s, 42 %, 0:12 left}. The share done
 * is of the bytes of text of every file (a {@code .gz} file's uncompressed size from its trailer), so it
 * is shown only when every input is a regular file whose size is known (not stdin, not a pipe).
 */
public final class ProgressLine {

    private static final Path STDIN = Path.of("-");

    private final PrintWriter err;
    private final boolean enabled;
    private final int files;
    private final long totalBytes;
    private final long started = System.nanoTime();
    private int file;
    private String name = "";
    private long bytesBefore;
    private volatile long bytesOfFile;

    private ProgressLine(PrintWriter err, boolean enabled, int files, long totalBytes) {
        this.err = err;
        this.enabled = enabled;
        this.files = files;
        this.totalBytes = totalBytes;
    }

    /**
     * Shown only when stderr is a terminal and NO_PROGRESS is unset.
     *
     * @param inputs the files read, whose sizes give the share done; empty when it cannot be known (stdin)
     */
    public static ProgressLine forTerminal(PrintWriter err, int files, List<Path> inputs) {
        boolean enabled = Terminal.stderrIsTerminal() && System.getenv("NO_PROGRESS") == null;
        return new ProgressLine(err, enabled, files, enabled ? totalBytes(inputs) : 0);
    }

    /** A progress line of {@code totalBytes} whatever the terminal (for tests). */
    static ProgressLine of(PrintWriter err, int files, long totalBytes) {
        return new ProgressLine(err, false, files, totalBytes);
    }

    /**
     * The bytes of text of every input ({@link LineSource#textBytes}), or 0 when there is none or one of
     * them has no size to go by (a pipe); the share shown never passes 100 %.
     */
    static long totalBytes(List<Path> inputs) {
        long total = 0;
        for (Path input : inputs) {
            try {
                if (!Files.isRegularFile(input)) {
                    return 0;
                }
                total += LineSource.textBytes(input);
            } catch (IOException e) {
                return 0;
            }
        }
        return total;
    }

    /**
     * Starts the next file; the bytes read of the one before count as done. A file is named by its name, a pipe
     * ({@code <(zcat ...)}, a named pipe elsewhere) by its path: its name alone read as a count ({@code 63} of
     * {@code /dev/fd/63}); stdin ({@code -}) is said as such.
     */
    public void file(int index, Path path) {
        this.file = index;
        this.name = STDIN.equals(path) ? null
                : Terminal.visible(Files.isRegularFile(path) ? path.getFileName().toString() : path.toString());
        this.bytesBefore += bytesOfFile;
        this.bytesOfFile = 0;
    }

    /** {@code text}, a file's bytes of text (uncompressed) as read, counted towards the share done. */
    public InputStream counting(InputStream text) {
        if (totalBytes == 0) {
            return text; // no share to show (no terminal, or no size to go by): nothing to count
        }
        return new FilterInputStream(text) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesOfFile++;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytesOfFile += n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                bytesOfFile += skipped;
                return skipped;
            }
        };
    }

    public void update(long lines) {
        if (!enabled) {
            return;
        }
        err.print("\r\033[K" + text(lines, (System.nanoTime() - started) / 1e9));
        err.flush();
    }

    /** The line shown after {@code seconds}. */
    String text(long lines, double seconds) {
        double s = Math.max(1e-3, seconds);
        String input = name == null ? "stdin" : String.format(java.util.Locale.ROOT, "file %d/%d %s", file, files, name);
        StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT, "%s: %,d lines, %,.0f lines/s",
                input, lines, lines / s));
        long done = bytesBefore + bytesOfFile;
        if (totalBytes > 0 && done > 0) {
            double share = Math.min(1.0, (double) done / totalBytes);
            long left = Math.round(s * (1 - share) / share);
            text.append(String.format(java.util.Locale.ROOT, ", %d %%, %d:%02d left", (int) (share * 100), left / 60,
                    left % 60));
        }
        return text.toString();
    }

    public void done() {
        if (enabled) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
