package ai.thinkheads.droptrace.cli.verdicts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import ai.thinkheads.droptrace.streams.service.CorrelationService;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-analysing a historical incident with the real commands: the old log with {@code replay}, the
 * old probe results with {@code probe replay} (one line broken), the configuration of the time with
 * {@code rules publish}, a correlator on that namespace, then {@code verdicts} and {@code query}.
 */
@ExtendWith(SharedKafkaBroker.class)
class ReanalysisIT {

    private static final String DEMO = "/ai/thinkheads/droptrace/cli/demo/";

    @Test
    void an_incident_replayed_into_its_own_namespace_gets_its_verdicts_and_answers(@TempDir Path dir)
            throws Exception {
        // Given: the demo's incident as files, the probe results with one broken line
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path log = copy(DEMO + "phoenix-pve-firewall.log", dir.resolve("pve-firewall.log"));
        Path probes = copy(DEMO + "phoenix-probe-results.jsonl", dir.resolve("probes.jsonl"));
        Files.writeString(probes, Files.readString(probes) + "{\"probeId\": \"cut off\n");
        String[] ns = {"--bootstrap-servers", bootstrap, "--namespace", "incident-it"};
        // When
        CliRun replay = CliRun.of(concat(new String[] {"replay", log.toString()}, ns));
        CliRun replayProbes = CliRun.of(concat(new String[] {"probe", "replay", probes.toString()}, ns));
        CliRun publish = CliRun.of(concat(new String[] {"rules", "publish", "--config-dir",
            Path.of("..", "deploy", "examples", "firewall", "phoenix").toString()}, ns));
        // Then
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.OK);
        assertThat(replayProbes.exitCode()).as("one line is broken").isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(replayProbes.err()).contains("probes.jsonl:12: not a probe result");
        assertThat(replayProbes.out()).contains("Published 11 probe results").contains("1 line to the dead-letter topic");
        assertThat(publish.exitCode()).as(publish.err()).isEqualTo(ExitCodes.OK);
        assertThat(publish.out()).contains("Published ruleset version").contains("of node phoenix");
        // And a correlator on the namespace decides the verdicts of the time
        Namespace namespace = Namespace.of("incident-it");
        // Logs and probe results are both in Kafka before the correlator starts: its tasks must wait for both
        // inputs to read them in event-time order. The runner's default (max.task.idle.ms -1) may read every
        // probe result first and decide before the lines (see "Limits" in docs/correlator.md).
        StreamsSettings streams = new StreamsSettings(bootstrap, "droptrace-incident-it-correlate",
                dir.resolve("state"), Map.of(org.apache.kafka.streams.StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 500L));
        try (CorrelationService service = CorrelationService.start(CorrelationSettings.defaults(namespace), streams,
                CorrelationService.ApiSettings.loopback(0), Duration.ofSeconds(60))) {
            List<JsonNode> verdicts = awaitVerdicts(ns, 10);
            assertThat(verdicts).extracting(v -> v.get("probe").get("probeId").asText() + " " + v.get("verdict").asText())
                    .contains("nginx-to-traefik-8443 BLOCKED_LOGGED", "stepca-dns BLOCKED_LOGGED",
                            "nginx-to-traefik-8443 BLOCKED_PREDICTED", "traefik-to-portainer-tls TLS_HOSTNAME_MISMATCH");
            // The pair state is kept by another task than the verdicts: polled (bounded) until it holds the lines
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            CliRun pair;
            long drops;
            do {
                pair = CliRun.of("query", "pair", "10.0.0.153", "10.0.0.12", "--api", service.apiUri().toString(),
                        "--from", "2025-11-20T14:00:00Z", "--to", "2025-11-20T15:00:00Z", "--output", "json",
                        "--namespace", "incident-it");
                drops = pair.exitCode() == ExitCodes.OK
                        ? Json.events().readTree(pair.out()).get("inRange").get("drops").asLong() : -1;
            } while (drops < 4 && System.nanoTime() < deadline && sleep(300));
            assertThat(pair.exitCode()).as(pair.err()).isEqualTo(ExitCodes.OK);
            assertThat(drops).as(pair.out()).isEqualTo(4);
        }
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    private static List<JsonNode> awaitVerdicts(String[] ns, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<JsonNode> verdicts = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            CliRun run = CliRun.of(concat(new String[] {"verdicts", "--output", "json"}, ns));
            verdicts = new ArrayList<>();
            for (String line : run.out().lines().toList()) {
                verdicts.add(Json.events().readTree(line));
            }
            if (verdicts.size() >= expected) {
                return verdicts;
            }
            Thread.sleep(500);
        }
        return verdicts;
    }

    private static Path copy(String resource, Path to) throws Exception {
        try (InputStream in = ReanalysisIT.class.getResourceAsStream(resource)) {
            Files.copy(in, to);
        }
        return to;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
