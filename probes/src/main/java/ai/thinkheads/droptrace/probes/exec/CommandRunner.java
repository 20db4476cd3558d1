package ai.thinkheads.droptrace.probes.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an argv array (never through a shell) with a hard timeout: on timeout the process and its
 * descendants are killed. Output is read fully but kept only up to a bound per stream.
 */
public final class CommandRunner {

    static final int MAX_OUTPUT = 256 * 1024;

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
        return new CommandOutput(argv, finished ? process.exitValue() : -1, out.text(), err.text(), !finished,
                elapsed(start));
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

    /** Drains one stream, keeping the first {@link #MAX_OUTPUT} bytes. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Capture(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (kept) {
                        int room = MAX_OUTPUT - kept.size();
                        if (room > 0) {
                            kept.write(buffer, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException e) {
                // The process was killed or closed its stream: what was read so far is kept.
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
