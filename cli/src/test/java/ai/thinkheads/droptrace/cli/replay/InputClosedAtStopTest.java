package ai.thinkheads.droptrace.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.InputFiles;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputClosedAtStopTest {

    @Test
    void a_stop_ends_the_opening_of_a_named_pipe_no_writer_has_opened(@TempDir Path dir) throws Exception {
        // Given a named pipe that nothing writes to, being opened by a replay's reading thread
        Path pipe = dir.resolve("fw.pipe");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0,
                "mkfifo is not available here");
        AtomicReference<Object> outcome = new AtomicReference<>();
        try (ShutdownSignal signal = ShutdownSignal.manual(); InputClosedAtStop closer = InputClosedAtStop.watch(signal)) {
            Thread reader = new Thread(() -> {
                closer.opening(pipe);
                try (InputStream in = InputFiles.open(pipe, null, closer::reading)) {
                    outcome.set(in.read());
                } catch (Exception e) { // the stop closed what the opening gave: the end of the input
                    outcome.set(e);
                }
            }, "reader");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!inOpen(reader) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(inOpen(reader)).as("the reader waits in the pipe's opening").isTrue();
            // When SIGTERM or Ctrl-C asks the replay to stop
            signal.requestStop();
            reader.join(60_000);
            // Then the opening has ended, as the end of the input the stop closed
            assertThat(reader.isAlive()).as("the reader still waits in the pipe's opening").isFalse();
            assertThat(closer.closedAtStop()).isTrue();
            assertThat(outcome.get()).isNotNull();
        }
    }

    /** Whether {@code thread} waits in the system's opening of a file. */
    private static boolean inOpen(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("java.io.FileInputStream") && frame.getMethodName().equals("open0")) {
                return true;
            }
        }
        return false;
    }
}
