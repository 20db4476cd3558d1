package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ingest listen} against the shared broker, on a port another socket of this test holds. */
@ExtendWith(SharedKafkaBroker.class)
class ListenCommandIT {

    @Test
    void a_port_another_process_holds_is_one_clear_line_and_the_command_ends() throws Exception {
        // Given: a loopback port taken
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            // When (bounded: a listener that did start would wait for SIGTERM)
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("ingest", "listen",
                    "--bind", "127.0.0.1", "--tcp", port, "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                    "--namespace", "listen-it"));

            // Then
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).contains("cannot listen on tcp://127.0.0.1:" + port + ": ")
                    .contains("pick another port").doesNotContain("unexpected failure");
        }
    }
}
