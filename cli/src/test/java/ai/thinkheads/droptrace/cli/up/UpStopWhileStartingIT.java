package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A stop asked for while {@code up} starts (SIGTERM while Kafka Streams starts) ends the start there. */
@ExtendWith(SharedKafkaBroker.class)
class UpStopWhileStartingIT {

    @AfterEach
    void noSeam() {
        UpCommand.afterStep = (step, signal) -> { };
    }

    @Test
    void a_stop_asked_for_while_the_correlator_starts_starts_nothing_after_it_and_closes_what_started(@TempDir Path dir)
            throws Exception {
        // Given a configuration with a tail, a syslog receiver and no probes; a stop asked for once the correlator started
        Files.writeString(dir.resolve("pve-firewall.log"), "");
        Path config = dir.resolve("up.yaml");
        Files.writeString(config, """
                namespace: up-stop-it
                stateDir: state
                kafka: {bootstrapServers: "%s", partitions: 1}
                tail: {files: [pve-firewall.log]}
                syslog: {udp: 0, bind: 127.0.0.1}
                firewall: {configDir: "%s"}
                correlator: {apiPort: 0}
                """.formatted(SharedKafkaBroker.bootstrapServers(),
                Path.of("..", "deploy", "examples", "firewall", "phoenix").toAbsolutePath()));
        UpCommand.afterStep = (step, signal) -> {
            if (step.equals("the correlator")) {
                signal.requestStop();
            }
        };
        // When
        CliRun run = CliRun.of("up", "--config", config.toString());
        // Then: no tail, no receiver, no "running"; what started is stopped, each saying so
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err())
                .contains("droptrace up: stopped while starting (a stop was asked for after the correlator)")
                .contains("droptrace up: correlator: stopped")
                .contains("droptrace up: ruleset publisher: stopped")
                .doesNotContain("tail " + dir)
                .doesNotContain("syslog udp")
                .doesNotContain("running on namespace")
                .contains("droptrace up: stopped cleanly.");
    }
}
