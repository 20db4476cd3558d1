package ai.thinkheads.droptrace.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeRunCommandTest {

    @Test
    void a_configuration_without_probes_is_invalid_rather_than_a_run_that_passes(@TempDir Path dir) throws Exception {
        // Given a configuration whose probes key is there but empty (its list indented under something else)
        Path config = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve1, addresses: [127.0.0.1]}
                probes:
                """);

        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).isEqualTo("droptrace: " + config + ": no probes to run; list them under 'probes:'" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void kafka_options_beside_no_kafka_are_a_usage_error_not_silently_ignored(@TempDir Path dir) throws Exception {
        // Given
        Path config = oneLoopbackProbe(dir);

        // When
        CliRun namespace = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka",
                "--namespace", "a/b");
        CliRun servers = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka",
                "--bootstrap-servers", "kafka1:9092");

        // Then: nothing run, one line
        assertThat(namespace.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(namespace.err().lines()).containsExactly("droptrace: --no-kafka publishes nothing, so --namespace "
                + "has no use with it; leave out one or the other");
        assertThat(servers.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(servers.err()).contains("--no-kafka publishes nothing, so --bootstrap-servers has no use with it");
        assertThat(namespace.out() + servers.out()).isEmpty();
    }

    @Test
    void the_summary_of_one_probe_says_probe_not_probes(@TempDir Path dir) throws Exception {
        // Given one probe of a port that listens on loopback
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("probes.yaml"), """
                    site:
                      host: {name: pve1, addresses: [127.0.0.1]}
                    probes:
                      - {id: loopback, to: 127.0.0.1, kind: tcp, port: %d, timeout: 2s}
                    """.formatted(server.getLocalPort()));

            // When
            CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka");

            // Then
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(run.err()).contains("1 probe: 1 passed, 0 failed.");
        }
    }

    @Test
    void a_results_file_that_cannot_be_written_is_one_line_naming_it_after_the_results_are_printed(@TempDir Path dir)
            throws Exception {
        // Given a results file on a full disk (Linux's /dev/full accepts the open and fails every write)
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "no /dev/full here");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("probes.yaml"), """
                    site:
                      host: {name: pve1, addresses: [127.0.0.1]}
                    probes:
                      - {id: loopback, to: 127.0.0.1, kind: tcp, port: %d, timeout: 2s}
                    """.formatted(server.getLocalPort()));

            // When
            CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka", "--results-file",
                    full.toString());

            // Then the result is still printed, and the failure is one line naming the file, not 'unexpected failure'
            assertThat(run.out()).contains("loopback").contains("OPEN");
            assertThat(run.err()).contains("droptrace: cannot write --results-file /dev/full: No space left on device;")
                    .doesNotContain("unexpected failure");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        }
    }

    @Test
    void only_ids_the_configuration_has_not_are_all_named_in_one_line(@TempDir Path dir) throws Exception {
        // Given
        Path config = oneLoopbackProbe(dir);

        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka", "--only",
                "lopback,nope,lopback");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("droptrace: --only: no probes with ids 'lopback', 'nope' in the configuration"
                + System.lineSeparator());
    }

    @Test
    void an_only_id_the_configuration_has_not_is_a_usage_error_naming_it(@TempDir Path dir) throws Exception {
        // Given
        Path config = oneLoopbackProbe(dir);

        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka", "--only", "lopback");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--only: no probe with id 'lopback' in the configuration");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void an_only_without_an_id_is_a_usage_error_rather_than_a_run_of_every_probe(@TempDir Path dir) throws Exception {
        // Given: --only "," splits into no id at all; it used to read as the option not given, and ran every probe
        Path config = oneLoopbackProbe(dir);

        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka", "--only", ",");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--only: no probe id given");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_run_for_no_time_is_a_usage_error_rather_than_a_run_of_nothing_that_passes(@TempDir Path dir) throws Exception {
        // Given
        Path config = oneLoopbackProbe(dir);

        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--for", "0s", "--no-kafka");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--for must be longer than 0s");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void the_count_of_one_run_on_the_schedule_is_singular(@TempDir Path dir) throws Exception {
        // Given one probe every 60 s, run for 3 s: its first run only
        Path config = oneLoopbackProbe(dir);

        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--for", "3s", "--no-kafka");

        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains(System.lineSeparator() + "1 probe run." + System.lineSeparator());
    }

    @Test
    void the_list_of_one_probe_counts_it_in_the_singular(@TempDir Path dir) throws Exception {
        // Given one probe and no guest
        Path config = oneLoopbackProbe(dir);

        // When
        CliRun run = CliRun.of("probe", "list", "--config", config.toString());

        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("1 probe, 0 guests on pve1 (");
    }

    @Test
    void the_list_shows_an_interval_of_a_second_and_a_half_as_it_is_not_cut_to_a_second(@TempDir Path dir)
            throws Exception {
        // Given
        Path config = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve1, addresses: [127.0.0.1]}
                probes:
                  - {id: often, to: 127.0.0.1, kind: tcp, port: 9, interval: 1500ms, timeout: 250ms}
                  - {id: hourly, to: 127.0.0.1, kind: tcp, port: 9, interval: 1h, timeout: 2s}
                """);

        // When
        CliRun text = CliRun.of("probe", "list", "--config", config.toString());
        CliRun json = CliRun.of("probe", "list", "--config", config.toString(), "--output", "json");

        // Then
        assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCodes.OK);
        assertThat(text.out()).containsPattern("often +tcp .* 1500ms +250ms ").containsPattern("hourly +tcp .* 3600s +2s ");
        assertThat(json.out()).containsPattern("\"intervalSeconds\" : 1,\\s+\"intervalMillis\" : 1500,");
    }

    @Test
    void a_results_file_in_a_folder_that_does_not_exist_says_so(@TempDir Path dir) throws Exception {
        // Given
        Path config = oneLoopbackProbe(dir);
        Path results = dir.resolve("missing").resolve("results.jsonl");

        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka", "--results-file",
                results.toString());

        // Then: the reason, not the path again
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("droptrace: cannot write --results-file " + results + ": its folder "
                + results.getParent() + " does not exist" + System.lineSeparator());
    }

    /** A configuration of one tcp probe, {@code loopback}, to port 9 of 127.0.0.1. */
    private static Path oneLoopbackProbe(Path dir) throws IOException {
        return Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve1, addresses: [127.0.0.1]}
                probes:
                  - {id: loopback, to: 127.0.0.1, kind: tcp, port: 9, timeout: 1s}
                """);
    }

    @Test
    void the_help_says_where_the_default_concurrency_comes_from() {
        // When: it said "Default: the configuration's (16)", read as 16 by whoever ran phoenix.yaml, which says 8
        String help = CliRun.of("probe", "run", "--help").out().replaceAll("\\s+", " ");

        // Then
        assertThat(help).contains("Default: the configuration's defaults.concurrency, 16 when it gives none.");
    }
}
