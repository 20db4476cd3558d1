package ai.thinkheads.droptrace.cli.ingest;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A one-line progress display on stderr ({@code file 2/5 pve-firewall.log.1: 1,250,000 lines,
 * 410,000 lines/s}), redrawn in place; silent when stderr is not a terminal.
 */
public final class ProgressLine {

    private final PrintWriter err;
    private final boolean enabled;
    private final int files;
    private final long started = System.nanoTime();
    private int file;
    private String name = "";

    private ProgressLine(PrintWriter err, boolean enabled, int files) {
        this.err = err;
        this.enabled = enabled;
        this.files = files;
    }

    /** Shown only when the JVM has a console (stdin and stdout are terminals) and NO_PROGRESS is unset. */
    public static ProgressLine forTerminal(PrintWriter err, int files) {
        return new ProgressLine(err, System.console() != null && System.getenv("NO_PROGRESS") == null, files);
    }

    public void file(int index, Path path) {
        this.file = index;
        this.name = path.getFileName().toString();
    }

    public void update(long lines) {
        if (!enabled) {
            return;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        err.printf("\r\033[Kfile %d/%d %s: %,d lines, %,.0f lines/s", file, files, name, lines, lines / seconds);
        err.flush();
    }

    public void done() {
        if (enabled) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
