package ai.thinkheads.droptrace.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import ai.thinkheads.droptrace.streams.service.CorrelationService;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log replayed into a namespace of its own, correlated and asked about: every line is counted in the buckets the
 * queries read, as {@code awk} over the file counts them.
 */
@ExtendWith(SharedKafkaBroker.class)
class ReplayedCountsIT {

    private static final DateTimeFormatter LOGGED = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);

    /** Six pairs, a flow each, so that they are spread over partitions by the flow key's hash. */
    private static final List<String[]> FLOWS = List.of(
            new String[] {"10.0.0.153", "10.0.0.12", "8443"}, new String[] {"10.0.0.12", "10.0.0.10", "9000"},
            new String[] {"10.0.0.12", "10.0.0.111", "9443"}, new String[] {"10.0.0.10", "10.0.0.13", "53"},
            new String[] {"10.0.0.13", "10.0.0.111", "22"}, new String[] {"10.0.0.14", "10.0.0.15", "443"});

    @Test
    void every_line_of_a_sparse_replayed_log_is_counted_in_the_buckets_a_query_reads_not_as_late(@TempDir Path dir)
            throws Exception {
        // Given: 300 policy drops, one every 20 s (100 minutes: far more than the 2 minutes' grace), 50 per pair
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path log = dir.resolve("pve-firewall.log");
        StringBuilder lines = new StringBuilder();
        LocalDateTime start = LocalDateTime.of(2025, 11, 20, 9, 0, 0);
        for (int k = 0; k < 300; k++) {
            String[] flow = FLOWS.get(k % FLOWS.size());
            lines.append("102 6 veth102i0-IN ").append(start.plusSeconds(20L * k).format(LOGGED))
                    .append(" -0500 policy DROP: IN=fwbr102i0 OUT=fwbr102i0 PHYSIN=fwln102i0 PHYSOUT=veth102i0 SRC=")
                    .append(flow[0]).append(" DST=").append(flow[1]).append(" LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=")
                    .append(k).append(" DF PROTO=TCP SPT=").append(40_000 + k).append(" DPT=").append(flow[2])
                    .append(" SEQ=1 ACK=0 WINDOW=64240 SYN \n");
        }
        Files.writeString(log, lines);
        String[] ns = {"--bootstrap-servers", bootstrap, "--namespace", "replayed-counts-it"};
        // When: replayed with the command, then correlated as 'correlate' does in a namespace other than live
        CliRun replay = CliRun.of("replay", log.toString(), ns[0], ns[1], ns[2], ns[3]);
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.OK);
        Namespace namespace = Namespace.of("replayed-counts-it");
        StreamsSettings streams = new StreamsSettings(bootstrap, "droptrace-replayed-counts-it-correlate",
                dir.resolve("state"), Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 500L));
        try (CorrelationService service = CorrelationService.start(CorrelationSettings.defaults(namespace), streams,
                CorrelationService.ApiSettings.loopback(0), Duration.ofSeconds(60))) {
            // Then: every pair's 50 lines in its all-time counts (polled, bounded), and all 50 in the range's buckets
            for (String[] flow : FLOWS) {
                JsonNode pair = awaitAllTime(service, flow[0], flow[1], 50);
                assertThat(pair.get("allTime").get("drops").asLong()).as(pair.toString()).isEqualTo(50);
                assertThat(pair.get("late").asLong()).as("lines after the grace").isZero();
                assertThat(pair.get("inRange").get("drops").asLong()).as(pair.toString()).isEqualTo(50);
            }
        }
        // And the replay made the namespace's topics with one partition, which the correlator reads in the log's order
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertThat(admin.describeTopics(List.of(Topics.FIREWALL_EVENTS.name(namespace))).allTopicNames().get()
                    .get(Topics.FIREWALL_EVENTS.name(namespace)).partitions()).hasSize(1);
        }
    }

    private static JsonNode awaitAllTime(CorrelationService service, String source, String destination, long expected)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            CliRun run = CliRun.of("query", "pair", source, destination, "--api", service.apiUri().toString(),
                    "--from", "2025-11-20T14:00:00Z", "--to", "2025-11-20T17:00:00Z", "--output", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            JsonNode pair = Json.events().readTree(run.out());
            if (pair.path("allTime").path("drops").asLong() >= expected || System.nanoTime() > deadline) {
                return pair;
            }
            Thread.sleep(300);
        }
    }
}
