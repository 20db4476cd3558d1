package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.ingest.replay.ClosableInput;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.ingest.replay.TextSize;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on stderr, redrawn in place; silent when stderr is not a terminal:
 * {@code file 2/5 pve-firewall.log.1: 1,250,000 lines, 410,000 lines/s, 42 %, 0:12 left}. The share done
 * is of the bytes of text of every file, so it is shown only when every input is a regular file whose size is known
 * (not stdin, not a pipe). A {@code .gz} file's text is told by its trailer, which gives it modulo 4 GiB
 * ({@link TextSize}): while it is read, the share of it done is the share of its compressed bytes read, and its
 * weight among the files the size its trailer allows nearest what that share says. It is redrawn at most every
 * {@value #REDRAW_MILLIS} ms, however often it is told: a paced replay tells it of every line.
 */
public final class ProgressLine {

    private static final Path STDIN = Path.of("-");
    /** The least time between two redraws. */
    static final long REDRAW_MILLIS = 200;

    private final PrintWriter err;
    private final boolean enabled;
    private final int files;
    /** The text of each input as known before it is read; empty when one of them has no size to go by. */
    private final List<TextSize> sizes;
    private final LongSupplier nanoTime;
    private final long started;
    /** When the line was drawn last ({@link #nanoTime}), {@code null} before it was drawn. */
    private Long drawn;
    private int file;
    private String name = "";
    /** The text read of the files done. */
    private long bytesBefore;
    private volatile long bytesOfFile;
    /** The current file's size as opened, and how much of it was read (-1: not known; a gzip file's compressed bytes). */
    private volatile long diskSize;
    private volatile LongSupplier diskRead = () -> -1;

    private ProgressLine(PrintWriter err, boolean enabled, int files, List<TextSize> sizes, LongSupplier nanoTime) {
        this.err = err;
        this.enabled = enabled;
        this.files = files;
        this.sizes = List.copyOf(sizes);
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    /**
     * Shown only when stderr is a terminal and NO_PROGRESS is unset.
     *
     * @param inputs the files read, whose sizes give the share done; empty when it cannot be known (stdin)
     * @param paced a replay at the log's pace: the share read is not shown, as reading runs a block of up to 128 KiB
     *     ahead of what was sent (a small file read whole said 100 % and {@code 0:00 left} at its first line)
     */
    public static ProgressLine forTerminal(PrintWriter err, int files, List<Path> inputs, boolean paced) {
        boolean enabled = Terminal.stderrIsTerminal() && System.getenv("NO_PROGRESS") == null;
        return new ProgressLine(err, enabled, files, enabled && !paced ? textSizes(inputs) : List.of(),
                System::nanoTime);
    }

    /** A progress line of {@code inputs} whatever the terminal (for tests). */
    static ProgressLine of(PrintWriter err, int files, List<Path> inputs) {
        return new ProgressLine(err, false, files, textSizes(inputs), System::nanoTime);
    }

    /** A progress line drawn on {@code err} as on a terminal, on a clock of its own (for tests). */
    static ProgressLine drawnOn(PrintWriter err, int files, List<Path> inputs, boolean paced, LongSupplier nanoTime) {
        return new ProgressLine(err, true, files, paced ? List.of() : textSizes(inputs), nanoTime);
    }

    /**
     * The text of every input ({@link LineSource#textSize}), or none when one of them has no size to go by (a pipe);
     * the share shown never passes 100 %.
     */
    static List<TextSize> textSizes(List<Path> inputs) {
        List<TextSize> sizes = new ArrayList<>();
        for (Path input : inputs) {
            try {
                if (!Files.isRegularFile(input)) {
                    return List.of();
                }
                sizes.add(LineSource.textSize(input));
            } catch (IOException e) {
                return List.of();
            }
        }
        return sizes;
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
        this.diskRead = () -> -1;
        this.diskSize = 0;
    }

    /** The current file as opened, whose position in it tells the share of a gzip file read. */
    public void reading(ClosableInput raw) {
        this.diskSize = Math.max(0, raw.size());
        this.diskRead = raw::position;
    }

    /** {@code text}, a file's bytes of text (uncompressed) as read, counted towards the share done. */
    public InputStream counting(InputStream text) {
        if (sizes.isEmpty()) {
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
        long now = nanoTime.getAsLong();
        if (drawn != null && now - drawn < REDRAW_MILLIS * 1_000_000) {
            return; // drawn a moment ago: a terminal shows no more, and a paced replay tells it of every line
        }
        drawn = now;
        err.print("\r\033[K" + text(lines, (now - started) / 1e9));
        err.flush();
    }

    /** The line shown after {@code seconds}. */
    String text(long lines, double seconds) {
        double s = Math.max(1e-3, seconds);
        String input = name == null ? "stdin" : String.format(java.util.Locale.ROOT, "file %d/%d %s", file, files, name);
        StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT, "%s: %,d lines, %,.0f lines/s",
                input, lines, lines / s));
        long read = bytesOfFile;
        double share = sizes.isEmpty() || file == 0 || bytesBefore + read == 0 ? 0 : Math.min(1.0, share(read));
        if (share > 0) {
            long left = Math.round(s * (1 - share) / share);
            text.append(String.format(java.util.Locale.ROOT, ", %d %%, %d:%02d left", (int) (share * 100), left / 60,
                    left % 60));
        }
        return text.toString();
    }

    /** The share done of every file's text, {@code read} bytes of the current one's read. */
    private double share(long read) {
        double total = bytesBefore;
        for (int k = file; k < sizes.size(); k++) { // the files after the current one, as far as known
            total += sizes.get(k).least();
        }
        TextSize size = sizes.get(file - 1);
        long position = diskRead.getAsLong();
        if (size.exact()) {
            return (bytesBefore + read) / (total + size.least());
        }
        if (position < 0 || diskSize == 0) { // no compressed bytes to go by: past the trailer's size, 4 GiB more
            return (bytesBefore + read) / (total + size.nearest(size.least(), read));
        }
        double fileShare = Math.min(1.0, (double) position / diskSize);
        long weight = size.nearest(fileShare > 0 ? read / fileShare : size.least(), read);
        return (bytesBefore + fileShare * weight) / (total + weight);
    }

    public void done() {
        if (enabled) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
