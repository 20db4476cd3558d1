package ai.thinkheads.droptrace.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe run | head -1} on a schedule, through the launcher: the run ends when its reader goes away. */
class ProbeRunStdoutIT {

    private static final Path LAUNCHER = Path.of("").toAbsolutePath().resolveSibling("bin").resolve("droptrace");

    @Test
    void a_scheduled_run_whose_reader_went_away_ends_quietly_with_the_code_of_sigpipe(@TempDir Path dir)
            throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Given: a probe of a loopback port every second, for ten minutes
            Path config = Files.writeString(dir.resolve("probes.yaml"), """
                    site:
                      host: {name: pve1, addresses: [127.0.0.1]}
                    probes:
                      - {id: loopback, to: 127.0.0.1, kind: tcp, port: %d, interval: 1s, timeout: 2s}
                    """.formatted(server.getLocalPort()));
            Path err = dir.resolve("err");
            // When: its reader takes one line and goes
            Process process = new ProcessBuilder(List.of("bash", "-c",
                    "\"$0\" probe run --config \"$1\" --no-kafka --for 600s 2> \"$2\" | head -1 > /dev/null;"
                            + " exit \"${PIPESTATUS[0]}\"", LAUNCHER.toString(), config.toString(), err.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ended = process.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly); // the launcher's JVM, then bash
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // Then: it ended on its own, well before --for, with SIGPIPE's code and no stack trace
            String said = Files.readString(err);
            assertThat(ended).as("ended before the 120 s the test waits (--for is 600 s): " + said).isTrue();
            assertThat(process.exitValue()).as(said).isEqualTo(ExitCodes.STDOUT_CLOSED);
            assertThat(said).doesNotContain("Exception");
        }
    }
}
