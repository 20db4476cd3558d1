package ai.thinkheads.droptrace.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code droptrace doctor --log} given a file that is not pve-firewall's log (auth.log here): the lines it read
 * during the run were not firewall lines, and it says so rather than report the log as followed.
 */
class DoctorLogIT {

    private static final String LOGIN = "Nov 27 18:40:01 phoenix sshd[4242]: Accepted publickey for root from "
            + "10.0.0.153 port 51234 ssh2";

    @TempDir
    Path dir;

    @Test
    void a_log_whose_lines_read_during_the_run_are_not_firewall_lines_gets_a_note() throws Exception {
        // Given auth.log as the log, and a probe that writes a line to it, then waits for the follower to read it
        Path log = Files.writeString(dir.resolve("auth.log"), "");
        Path config = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: phoenix, addresses: [127.0.0.1]}
                probes:
                  - {id: login, kind: exec, timeout: 30s, exec: {command: [sh, -c, "echo '%s' >> '%s'; sleep 3"]}}
                """.formatted(LOGIN, log));

        // When
        CliRun run = CliRun.of("doctor", "--config", config.toString(), "--config-dir",
                DoctorCommandTest.PHOENIX.toString(), "--log", log.toString());

        // Then the check passed, and stderr says that the line read was no firewall line
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(1 lines read)");
        assertThat(run.err()).contains("droptrace doctor: note: not one of the 1 line(s) read from " + log
                + " during the run is a firewall line (is it pve-firewall's log?)");
    }
}
