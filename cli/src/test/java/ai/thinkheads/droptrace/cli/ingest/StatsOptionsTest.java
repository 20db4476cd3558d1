package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsOptionsTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void a_line_each_period_with_what_came_in_since_the_last_and_what_kafka_still_owes() {
        // Given a ticker of every 5 minutes over counts that grow
        StringWriter out = new StringWriter();
        AtomicReference<IngestCounts> counts = new AtomicReference<>(new IngestCounts(0, 0, 0, 0, 0, 0, 0, 0, 0));
        StatsOptions.Ticker ticker = new StatsOptions.Ticker(new PrintWriter(out), false, Duration.ofMinutes(5),
                counts::get, () -> Map.of(new SummaryField("udpDropped", "udp dropped (queue full)"), 62_406L), 0);
        // When 4 minutes pass, then 5, then 5 more with fewer lines and records Kafka has not acknowledged yet
        counts.set(new IngestCounts(1_500, 1_490, 1, 9, 0, 0, 0, 1_500, 1_500));
        assertThat(ticker.tick(4 * MINUTE)).isFalse();
        assertThat(ticker.tick(5 * MINUTE)).isTrue();
        counts.set(new IngestCounts(1_501, 1_491, 1, 9, 0, 0, 0, 1_501, 1_400));
        assertThat(ticker.tick(10 * MINUTE)).isTrue();
        // Then
        assertThat(out.toString().lines()).containsExactly(
                "stats, last 300 s: 1,500 lines read (5.0/s), 1,490 packet events, 1 status line, 9 lines dead-lettered;"
                        + " in all 1,500 records sent, 1,500 acknowledged by Kafka; udp dropped (queue full) 62,406",
                "stats, last 300 s: 1 line read (0.0/s), 1 packet event, 0 status lines, 0 lines dead-lettered;"
                        + " in all 1,501 records sent, 1,400 acknowledged by Kafka (101 waiting for it);"
                        + " udp dropped (queue full) 62,406");
    }

    @Test
    void blank_lines_read_in_the_period_are_said_so_the_counts_add_up_to_the_lines_read() {
        // Given 55 lines read: 50 packet events, 1 status line, 2 dead letters and 2 blank lines
        StringWriter out = new StringWriter();
        AtomicReference<IngestCounts> counts = new AtomicReference<>(new IngestCounts(55, 50, 1, 2, 2, 0, 0, 53, 53));
        StatsOptions.Ticker ticker = new StatsOptions.Ticker(new PrintWriter(out), false, Duration.ofMinutes(5),
                counts::get, Map::of, 0);
        // When a period passes, then one without blank lines
        ticker.tick(5 * MINUTE);
        counts.set(new IngestCounts(56, 51, 1, 2, 2, 0, 0, 54, 54));
        ticker.tick(10 * MINUTE);
        // Then
        assertThat(out.toString().lines()).containsExactly(
                "stats, last 300 s: 55 lines read (0.2/s), 50 packet events, 1 status line, 2 lines dead-lettered,"
                        + " 2 blank lines skipped; in all 53 records sent, 53 acknowledged by Kafka",
                "stats, last 300 s: 1 line read (0.0/s), 1 packet event, 0 status lines, 0 lines dead-lettered;"
                        + " in all 54 records sent, 54 acknowledged by Kafka");
    }

    @Test
    void as_json_each_line_is_one_object_and_0s_means_never() throws Exception {
        StringWriter out = new StringWriter();
        IngestCounts counts = new IngestCounts(20, 19, 0, 1, 0, 0, 0, 20, 20);
        StatsOptions.Ticker json = new StatsOptions.Ticker(new PrintWriter(out), true, Duration.ofSeconds(10),
                () -> counts, () -> Map.of(new SummaryField("udpDropped", "udp dropped (queue full)"), 3L), 0);
        assertThat(json.tick(Duration.ofSeconds(10).toNanos())).isTrue();
        JsonNode stats = Json.events().readTree(out.toString()).get("stats");
        assertThat(stats.get("read").asLong()).isEqualTo(20);
        assertThat(stats.get("deadLettered").asLong()).isEqualTo(1);
        assertThat(stats.get("acknowledgedInAll").asLong()).isEqualTo(20);
        assertThat(stats.get("udpDropped").asLong()).as("a count beyond the lines under its camelCase key").isEqualTo(3);
        StatsOptions.Ticker never = new StatsOptions.Ticker(new PrintWriter(out), false, Duration.ZERO, () -> counts,
                Map::of, 0);
        assertThat(never.tick(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void a_period_under_a_second_is_a_usage_error_before_anything_starts(@TempDir Path dir) {
        CliRun run = CliRun.of("ingest", "tail", dir.resolve("pve-firewall.log").toString(), "--state-file",
                dir.resolve("state.json").toString(), "--stats-every", "100ms");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--stats-every must be at least 1s, or 0s for never")
                .doesNotContain("Started an embedded Kafka broker");
    }

    @Test
    void a_period_of_centuries_is_a_usage_error_before_anything_starts_not_an_overflow(@TempDir Path dir) {
        // When: more nanoseconds than a long holds (292 years)
        CliRun run = CliRun.of("ingest", "tail", dir.resolve("pve-firewall.log").toString(), "--state-file",
                dir.resolve("state.json").toString(), "--stats-every", "300000d");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--stats-every must be at most 365 days").doesNotContain("overflow")
                .doesNotContain("Started an embedded Kafka broker");
    }
}
