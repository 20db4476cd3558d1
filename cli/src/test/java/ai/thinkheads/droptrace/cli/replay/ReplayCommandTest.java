package ai.thinkheads.droptrace.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.ingest.replay.RefusedFrom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    @Test
    void a_max_wait_of_centuries_is_a_usage_error_not_an_overflow(@TempDir Path dir) throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("pve-firewall.log"), "");
        // When: more nanoseconds than a long holds (292 years)
        CliRun run = CliRun.of("replay", file.toString(), "--speed", "2x", "--max-wait", "300000d");
        // Then: said before a broker starts
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).startsWith("droptrace: --max-wait must be at most 365 days")
                .doesNotContain("overflow").doesNotContain("\n");
    }

    @Test
    void a_max_wait_without_a_speed_is_a_usage_error_not_ignored(@TempDir Path dir) throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("pve-firewall.log"), "");
        // When: as fast as possible, by default and said
        CliRun unpaced = CliRun.of("replay", file.toString(), "--max-wait", "5s");
        CliRun max = CliRun.of("replay", file.toString(), "--speed", "max", "--max-wait", "5s");
        // Then: said before a broker starts
        for (CliRun run : List.of(unpaced, max)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err().strip()).isEqualTo("droptrace: --max-wait is the longest pause of a paced replay, and "
                    + "one as fast as possible makes none: give --speed too (e.g. --speed 10x), or leave --max-wait out");
        }
    }

    @Test
    void xz_data_redirected_into_stdin_is_one_line_before_a_broker_starts() {
        // Given: an xz file's first bytes, all of them there at the start (replay - < fw.log.xz)
        byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xe6, (byte) 0xd6, '\n', 1, 2};
        // When: without --bootstrap-servers, which would start an embedded broker
        CliRun run = CliRun.withStdin(xz, "replay", "-");
        // Then: the usage error alone, no broker started for it and no summary of nothing
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("droptrace: cannot read stdin: it is xz-compressed; droptrace reads "
                + "UTF-8 text and gzip: put 'xz -dc' in front of droptrace in the pipe");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_stdin_that_cannot_be_read_is_one_line_before_a_broker_starts() {
        // Given: stdin a directory (replay - < /var/log), whose reads fail
        java.io.InputStream directory = new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("Is a directory");
            }

            @Override
            public int available() throws java.io.IOException {
                throw new java.io.IOException("Is a directory");
            }
        };
        // When
        CliRun run = CliRun.withStdin(directory, "replay", "-");
        // Then: the reason, not an unexpected failure
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err().strip()).isEqualTo("droptrace: cannot read stdin: Is a directory at its start");
    }

    @Test
    void the_pauses_cut_are_said_with_the_max_wait_given_not_a_max_wait_of_0_s() {
        assertThat(ReplayCommand.cutsNote(3, java.time.Duration.ofMillis(500)))
                .isEqualTo("3 pause(s) of the log longer than --max-wait 500 ms were cut to it");
        assertThat(ReplayCommand.cutsNote(1_234, java.time.Duration.ofMinutes(90)))
                .isEqualTo("1,234 pause(s) of the log longer than --max-wait 5,400 s were cut to it");
    }

    @Test
    void the_rest_of_a_refused_replay_is_named_by_a_from_to_the_second_down_and_by_line_or_by_line_alone() {
        // Given: the first line Kafka may not hold, with the earliest own time of the refused lines, or none
        RefusedFrom.Place timed = new RefusedFrom.Place("/var/log/pve-firewall.log.1", 12_345,
                java.time.Instant.parse("2025-03-14T08:01:02.750Z"));
        RefusedFrom.Place untimed = new RefusedFrom.Place("stdin", 7, null);
        // When / Then
        assertThat(ReplayCommand.replayTheRest(timed)).isEqualTo("replay the rest with --from 2025-03-14T08:01:02Z "
                + "(Kafka holds every line before line 12,345 of /var/log/pve-firewall.log.1; what it took after that "
                + "is sent again)");
        assertThat(ReplayCommand.replayTheRest(untimed)).isEqualTo("replay the rest from line 7 of stdin on (none of "
                + "the lines refused carries a time of its own for --from)");
    }

    @Test
    void the_order_of_many_files_is_their_first_and_last_not_a_line_of_every_name() {
        // Given a log server's year of daily files, and a rotated set
        List<Path> year = IntStream.rangeClosed(1, 365).mapToObj(d -> Path.of("fw-" + d + ".log")).toList();
        List<Path> rotated = List.of(Path.of("pve-firewall.log.2.gz"), Path.of("pve-firewall.log.1"),
                Path.of("pve-firewall.log"));
        // When
        String many = ReplayCommand.orderNote(year);
        String few = ReplayCommand.orderNote(rotated);
        // Then: 20 names, and how many between; a rotated set whole
        assertThat(many).isEqualTo("read in this order: " + IntStream.rangeClosed(1, 15).mapToObj(d -> "fw-" + d + ".log")
                .collect(Collectors.joining(", ")) + ", ... 345 more ..., fw-361.log, fw-362.log, fw-363.log, "
                + "fw-364.log, fw-365.log");
        assertThat(few).isEqualTo("read in this order: pve-firewall.log.2.gz, pve-firewall.log.1, pve-firewall.log");
    }
}
