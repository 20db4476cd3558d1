package ai.thinkheads.droptrace.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input stops doctor before it starts Kafka: one line on stderr, the configuration exit code, no stack trace. */
class DoctorCommandTest {

    static final Path PHOENIX = Path.of("..", "deploy", "examples", "firewall", "phoenix");
    static final String PROBES = """
            site:
              host: {name: phoenix, addresses: [127.0.0.1]}
            probes:
              - {id: loopback, to: 127.0.0.1, kind: tcp, port: 9}
            """;

    @TempDir
    Path dir;

    private Path probes(String text) throws IOException {
        return Files.writeString(dir.resolve("probes.yaml"), text);
    }

    private static void assertOneLine(CliRun run, String... parts) {
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().filter(l -> !l.isBlank()).toList()).hasSize(1);
        assertThat(run.err()).contains(parts).doesNotContain("Exception", "\tat ");
    }

    @Test
    void help_names_every_exit_code_doctor_gives() {
        String help = CliRun.of("doctor", "--help").out().replaceAll("\\s+", " ");

        assertThat(help).contains("0 when every check passed", "5 when any failed", "2 for a usage error",
                "3 for an invalid configuration", "4 when Kafka cannot be reached", "the signal's status, 130 or 143");
    }

    @Test
    void a_missing_probe_configuration_is_one_line_and_a_configuration_error() {
        // When
        CliRun run = CliRun.of("doctor", "--config", dir.resolve("nope.yaml").toString(),
                "--config-dir", PHOENIX.toString());

        // Then
        assertOneLine(run, "nope.yaml");
    }

    @Test
    void an_unknown_key_in_the_probe_configuration_names_the_key() throws IOException {
        // Given
        Path bad = probes(PROBES.replace("kind: tcp", "kind: tcp, colour: red"));

        // When
        CliRun run = CliRun.of("doctor", "--config", bad.toString(), "--config-dir", PHOENIX.toString());

        // Then
        assertOneLine(run, "colour");
    }

    @Test
    void a_probe_configuration_without_probes_is_one_line_not_a_diagnosis_that_passes() throws IOException {
        // Given a probes list left empty (or indented wrongly)
        Path empty = probes(PROBES.substring(0, PROBES.indexOf("probes:")) + "probes: []\n");

        // When
        CliRun run = CliRun.of("doctor", "--config", empty.toString(), "--config-dir", PHOENIX.toString());

        // Then: as probe run says it, before Kafka starts
        assertOneLine(run, "probes.yaml: no probes to run; list them under 'probes:'");
    }

    @Test
    void a_firewall_log_that_cannot_be_read_is_one_line_naming_it() throws IOException {
        // Given
        Path config = probes(PROBES);
        Path log = dir.resolve("pve-firewall.log");

        // When
        CliRun missing = CliRun.of("doctor", "--config", config.toString(), "--config-dir", PHOENIX.toString(),
                "--log", log.toString());
        CliRun directory = CliRun.of("doctor", "--config", config.toString(), "--config-dir", PHOENIX.toString(),
                "--log", dir.toString());

        // Then
        assertOneLine(missing, "cannot read the firewall log " + log, "no such file", "--log");
        assertOneLine(directory, "cannot read the firewall log " + dir, "a directory, not a file");
    }

    @Test
    void a_missing_firewall_configuration_is_one_line_naming_the_directory() throws IOException {
        // Given
        Path config = probes(PROBES);
        Path none = dir.resolve("etc-pve");

        // When
        CliRun run = CliRun.of("doctor", "--config", config.toString(), "--config-dir", none.toString());

        // Then
        assertOneLine(run, "etc-pve", "--config-dir");
    }

    @Test
    void a_missing_phoenix_folder_is_one_line_and_both_sources_at_once_a_usage_error() throws IOException {
        // Given
        Path config = probes(PROBES);

        // When
        CliRun missing = CliRun.of("doctor", "--config", config.toString(), "--phoenix-etc", dir.resolve("etc").toString());
        CliRun both = CliRun.of("doctor", "--config", config.toString(), "--phoenix-etc", dir.toString(),
                "--config-dir", PHOENIX.toString());

        // Then
        assertOneLine(missing, dir.resolve("etc").toString());
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("not both");
    }

    @Test
    void a_grace_out_of_range_is_a_usage_error() throws IOException {
        // Given
        Path config = probes(PROBES);

        // When
        CliRun run = CliRun.of("doctor", "--config", config.toString(), "--config-dir", PHOENIX.toString(),
                "--grace", "1h");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--grace");
    }

    @Test
    void a_bad_namespace_is_one_line_not_one_after_the_notes() throws IOException {
        // Given: a configuration with a line pve-firewall skips, which doctor notes before it runs
        Path config = probes(PROBES);

        // When
        CliRun run = CliRun.of("doctor", "--config", config.toString(), "--config-dir", PHOENIX.toString(),
                "--namespace", "Bad!");

        // Then: the two notes (no log, a skipped line) came first
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("droptrace: namespace 'Bad!' is not valid");
    }

    @Test
    void a_kafka_address_without_its_port_or_client_settings_without_a_cluster_are_one_line() throws IOException {
        // Given
        Path config = probes(PROBES);

        // When
        CliRun noPort = CliRun.of("doctor", "--config", config.toString(), "--config-dir", PHOENIX.toString(),
                "--bootstrap-servers", "kafka1");
        CliRun noCluster = CliRun.of("doctor", "--config", config.toString(), "--config-dir", PHOENIX.toString(),
                "--kafka-config", config.toString());

        // Then: each came after the notes on the log and the configuration
        assertThat(noPort.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noPort.err().lines()).singleElement().asString().contains("'kafka1' is not HOST:PORT");
        assertThat(noCluster.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCluster.err().lines()).singleElement().asString()
                .contains("--kafka-config is for a cluster given with --bootstrap-servers");
    }

    @Test
    void the_note_on_a_default_log_not_followed_says_why() throws IOException {
        // Given: no log at all, and one that cannot be read (as a user who is not root meets pve-firewall's)
        Path missing = dir.resolve("pve-firewall.log");
        Path folder = Files.createDirectory(dir.resolve("log"));

        // Then: it said "is not readable" of a log that is not there
        assertThat(DoctorCommand.noLogNote(missing)).isEqualTo("droptrace doctor: note: " + missing + ": no such file, "
                + "and no --log was given; verdicts rest on the ruleset and the probes alone");
        assertThat(DoctorCommand.noLogNote(folder)).contains(folder + ": a directory, not a file, and no --log");
    }
}
