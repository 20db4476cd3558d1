package ai.thinkheads.droptrace.probes.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs an argv array (never through a shell) with a hard timeout: on timeout the process and its
 * descendants are killed. Output is read fully; of a stream longer than a bound, its beginning and its end are
 * kept (the newest lines of a log are at its end) and the bytes left out between are counted.
 *
 * <p>With {@link #cutShortWhen} set, a command that ends by SIGHUP, SIGINT or SIGTERM while (or just before)
 * the stop is asked for throws {@link CutByStop} instead of returning: the signal that stops droptrace reached
 * the command too, and its exit says nothing about the probed path.
 */
public final class CommandRunner {

    static final int MAX_OUTPUT = 256 * 1024;

    /** How long a command's end by a stop signal waits for droptrace's own stop to be noticed. */
    private final Duration stopNoticed;
    private volatile BooleanSupplier stopping; // null: no command is ever cut short

    public CommandRunner() {
        this(Duration.ofSeconds(2));
    }

    CommandRunner(Duration stopNoticed) {
        this.stopNoticed = stopNoticed;
    }

    /** Commands ended by a stop signal while {@code stop} is (or within 2 s becomes) true throw {@link CutByStop}. */
    public CommandRunner cutShortWhen(BooleanSupplier stop) {
        this.stopping = stop;
        return this;
    }

    /** Runs {@code argv}, writing {@code stdin} (may be empty) to it, and waits at most {@code timeout}. */
    public CommandOutput run(List<String> argv, byte[] stdin, Duration timeout) {
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(false).start();
        } catch (IOException e) {
            return new CommandOutput(argv, 127, "", "cannot run " + argv.get(0) + ": " + e.getMessage(), false,
                    elapsed(start));
        }
        Capture out = new Capture(process.getInputStream());
        Capture err = new Capture(process.getErrorStream());
        Thread outReader = daemon(out, "exec-stdout");
        Thread errReader = daemon(err, "exec-stderr");
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // The command does not read its input (closed early): nothing to report.
        }
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        join(outReader);
        join(errReader);
        String signal = finished ? stopSignal(process.exitValue()) : null;
        if (signal != null && stopping != null && stopNoticed()) {
            throw new CutByStop(argv.get(0), signal);
        }
        return new CommandOutput(argv, finished ? process.exitValue() : -1, out.text(), err.text(), !finished,
                elapsed(start), out.unread() + err.unread());
    }

    /**
     * The signal a shell-style exit code {@code 128 + n} names, for the signals a stop sends (SIGKILL: a stopped
     * {@code probe run --once} kills the commands that did not end by SIGTERM); else {@code null}.
     */
    static String stopSignal(int exitCode) {
        return switch (exitCode) {
            case 129 -> "SIGHUP";
            case 130 -> "SIGINT";
            case 137 -> "SIGKILL";
            case 143 -> "SIGTERM";
            default -> null;
        };
    }

    /** Whether droptrace is stopping: the signal reaches the command and the JVM at once, so wait a little. */
    private boolean stopNoticed() {
        long deadline = System.nanoTime() + stopNoticed.toNanos();
        while (!stopping.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return stopping.getAsBoolean();
            }
        }
        return true;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Drains one stream, keeping its first and its last {@link #MAX_OUTPUT}{@code / 2} bytes and counting the rest. */
    private static final class Capture implements Runnable {
        private static final int PART = MAX_OUTPUT / 2;
        private final InputStream in;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private byte[] tail; // a ring of the last PART bytes, once the head is full
        private long tailWritten;

        Capture(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        keep(buffer, n);
                    }
                }
            } catch (IOException e) {
                // The process was killed or closed its stream: what was read so far is kept.
            }
        }

        private void keep(byte[] buffer, int n) {
            int toHead = Math.min(PART - head.size(), n);
            head.write(buffer, 0, toHead);
            for (int at = toHead; at < n;) {
                if (tail == null) {
                    tail = new byte[PART];
                }
                int slot = (int) (tailWritten % PART);
                int length = Math.min(n - at, PART - slot);
                System.arraycopy(buffer, at, tail, slot, length);
                tailWritten += length;
                at += length;
            }
        }

        synchronized long unread() {
            return Math.max(0, tailWritten - PART);
        }

        synchronized String text() {
            if (tail == null) {
                return head.toString(StandardCharsets.UTF_8);
            }
            byte[] last = new byte[(int) Math.min(tailWritten, PART)];
            int start = (int) (tailWritten <= PART ? 0 : tailWritten % PART);
            for (int i = 0; i < last.length; i++) {
                last[i] = tail[(start + i) % PART];
            }
            String end = new String(last, StandardCharsets.UTF_8);
            if (unread() > 0) {
                end = "\n" + end.substring(end.indexOf('\n') + 1); // its first line began in the part not kept
            }
            return head.toString(StandardCharsets.UTF_8) + end;
        }
    }
}
