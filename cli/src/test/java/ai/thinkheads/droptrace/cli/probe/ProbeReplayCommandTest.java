package ai.thinkheads.droptrace.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files probe replay cannot read: each one line and its exit code, before a broker is started. */
class ProbeReplayCommandTest {

    static final String RESULT = "{\"schema\":1,\"probeId\":\"a\",\"kind\":\"TCP\",\"time\":\"2025-11-20T14:01:00Z\","
            + "\"outcome\":\"OPEN\",\"passed\":true,\"durationMillis\":1}\n";

    @Test
    void a_directory_is_a_usage_error_in_one_line_not_an_unexpected_failure(@TempDir Path dir) {
        // When
        CliRun run = CliRun.of("probe", "replay", dir.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("droptrace: cannot read " + dir + ": a directory, not a file" + System.lineSeparator());
    }

    @Test
    void a_truncated_gzip_file_says_so_and_that_nothing_was_published(@TempDir Path dir) throws Exception {
        // Given a gzip results file cut short (copied while it was being compressed)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(RESULT.repeat(200).getBytes(StandardCharsets.UTF_8));
        }
        Path cut = Files.write(dir.resolve("results.jsonl.gz"), Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));

        // When
        CliRun run = CliRun.of("probe", "replay", cut.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).isEqualTo("droptrace: cannot read " + cut + ": the gzip data ends early (a truncated file, or "
                + "one still being compressed); nothing was published" + System.lineSeparator());
    }

    @Test
    void a_file_compressed_another_way_than_gzip_names_its_compression(@TempDir Path dir) throws Exception {
        // Given xz's magic bytes
        Path xz = Files.write(dir.resolve("results.jsonl.xz"), new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 0, 4});

        // When
        CliRun run = CliRun.of("probe", "replay", xz.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("droptrace: cannot read " + xz + ": it is xz-compressed; droptrace reads UTF-8 text "
                + "and gzip");
    }

    @Test
    void a_firewall_log_given_by_mistake_is_one_line_and_exit_9_before_a_broker_is_started(@TempDir Path dir)
            throws Exception {
        // Given a pve-firewall.log where recorded results belong
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), """
                0 5 - 20/Nov/2025:09:00:01 -0500 starting pvefw logger
                102 6 veth102i0-IN 20/Nov/2025:09:01:12 -0500 policy DROP: IN=fwbr102i0 SRC=10.0.0.153 DST=10.0.0.12
                """.repeat(50));

        // When
        CliRun run = CliRun.of("probe", "replay", log.toString());

        // Then one line, not one per line of the log, and no broker started for it
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_FIREWALL_LINES);
        assertThat(run.err()).isEqualTo("droptrace: " + log + ": not one of its first 10 lines is a probe result (line 1: "
                + "not a JSON object); is it the right file? probe replay reads the JSON lines 'probe run --results-file' "
                + "writes; nothing was published" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }
}

