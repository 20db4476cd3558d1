package ai.thinkheads.droptrace.cli.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code droptrace correlate} as a real process (the built jar) against the shared broker, asked by
 * {@code query} and {@code alerts} in memory, and stopped with SIGTERM.
 */
@ExtendWith(SharedKafkaBroker.class)
class CorrelateCommandIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern STARTED = Pattern.compile("query API at (http://\\S+);");
    private static final Instant T0 = Instant.parse("2025-11-20T14:00:00Z");
    private static final String RANGE_FROM = "2025-11-20T14:00:00Z";
    private static final String RANGE_TO = "2025-11-20T15:00:00Z";

    @TempDir
    Path dir;

    @Test
    void correlate_runs_until_sigterm_and_query_and_alerts_answer_from_it() throws Exception {
        // Given
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path jar = Path.of("target", "droptrace.jar").toAbsolutePath();
        assertThat(jar).as("the cli jar is built before integration tests").exists();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString(), "correlate", "--bootstrap-servers", bootstrap,
                "--namespace", "cli-it", "--api-port", "0", "--state-dir", dir.resolve("state").toString(),
                "--must-work", "10.0.0.153,10.0.0.12,tcp,8443")
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            String api = awaitStartLine(dir.resolve("stderr.txt"), process);
            // When
            produce(bootstrap, Namespace.of("cli-it"), List.of(
                    drop("10.0.0.153", "10.0.0.12", 8443, T0.plusSeconds(1)),
                    drop("10.0.0.153", "10.0.0.12", 8443, T0.plusSeconds(2)),
                    drop("10.0.0.153", "10.0.0.10", 9000, T0.plusSeconds(3))));
            CliRun pair = poll(() -> CliRun.of("query", "pair", "10.0.0.153", "10.0.0.12", "--api", api,
                    "--from", RANGE_FROM, "--to", RANGE_TO, "--namespace", "cli-it", "--output", "json"),
                    run -> run.exitCode() == 0 && run.out().contains("\"drops\" : 2"));
            // The third event is keyed to another pair, so it may sit in another partition and be
            // processed after the first two: the top list is polled until it holds both ports.
            CliRun top = poll(() -> CliRun.of("query", "top", "--by", "port", "--api", api,
                    "--from", RANGE_FROM, "--to", RANGE_TO),
                    run -> run.exitCode() == 0 && run.out().contains("tcp/9000") && run.out().contains("tcp/8443"));
            CliRun alerts = poll(() -> CliRun.of("alerts", "--bootstrap-servers", bootstrap, "--namespace", "cli-it"),
                    run -> run.out().contains("FIRST_DROPS") && run.out().contains("MUST_WORK_BLOCKED"));
            CliRun wrongNamespace = CliRun.of("query", "top", "--by", "pair", "--api", api, "--namespace", "live");
            String noRuleset = awaitStderr("droptrace correlate: ruleset: none published");
            CliRun publish = CliRun.of("rules", "publish", "--config-dir",
                    Path.of("..", "deploy", "examples", "firewall", "phoenix").toString(), "--bootstrap-servers",
                    bootstrap, "--namespace", "cli-it");
            String newRuleset = awaitStderr("droptrace correlate: ruleset: version ");
            // Then
            assertThat(noRuleset).contains("droptrace correlate: ruleset: none published to droptrace.cli-it.rulesets "
                    + "yet: verdicts are decided without one");
            assertThat(publish.exitCode()).as(publish.err()).isZero();
            assertThat(newRuleset).containsPattern("droptrace correlate: ruleset: version [0-9a-f]{16} of node phoenix "
                    + "\\(published [0-9T:-]+Z\\)");
            JsonNode report = Json.events().readTree(pair.out());
            assertThat(report.get("inRange").get("drops").asLong()).as(pair.out()).isEqualTo(2);
            assertThat(report.get("recentAlerts").get(0).get("kind").asText()).isEqualTo("MUST_WORK_BLOCKED");
            assertThat(top.exitCode()).as(top.err()).isZero();
            assertThat(top.out()).containsPattern("PORT +BLOCKED +DROPS +REJECTS +ACCEPTS")
                    .containsPattern("tcp/8443 +2 +2 +0 +0").containsPattern("tcp/9000 +1 +1 +0 +0");
            assertThat(alerts.out()).containsPattern("CRITICAL +MUST_WORK_BLOCKED +10\\.0\\.0\\.153 +10\\.0\\.0\\.12")
                    .containsPattern("NOTICE +FIRST_DROPS +10\\.0\\.0\\.153 +10\\.0\\.0\\.10");
            assertThat(wrongNamespace.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(wrongNamespace.err()).contains("serves namespace cli-it, not live");
        } finally {
            // SIGTERM, then the clean stop is awaited (bounded); a process still alive is killed.
            process.destroy();
            boolean exited = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("correlate stops within %s of SIGTERM", TIMEOUT).isTrue();
        }
        // And it stopped cleanly: SIGTERM makes the JVM exit with 143 after the shutdown hook released it
        assertThat(process.exitValue()).isIn(0, 143);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("droptrace correlate: stopped cleanly.");
        assertThat(Files.readString(dir.resolve("stdout.txt"))).isEmpty();
    }

    @Test
    void a_replayed_namespace_of_three_partitions_an_earlier_version_made_is_warned_of() throws Exception {
        // Given: a namespace made as replay made them before, with three partitions
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        ai.thinkheads.droptrace.core.topic.TopicAdmin.ensure(bootstrap, 3, TIMEOUT, Namespace.of("cli-it-three"),
                Topics.all());
        Path jar = Path.of("target", "droptrace.jar").toAbsolutePath();
        // When
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString(), "correlate", "--bootstrap-servers", bootstrap,
                "--namespace", "cli-it-three", "--api-port", "0", "--state-dir", dir.resolve("state").toString())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            awaitStartLine(dir.resolve("stderr.txt"), process);
        } finally {
            process.destroy();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        // Then: one warning saying what that does to the counts and what to do
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("droptrace correlate: warning: "
                + "droptrace.cli-it-three.firewall-events has 3 partitions: history replayed into it reaches the "
                + "correlator out of event-time order").contains("replay it again into a new namespace");
    }

    /** Polls the process's stderr file until it holds {@code text}, and returns it. */
    private String awaitStderr(String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        while (!stderr.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stderr = Files.readString(dir.resolve("stderr.txt"));
        }
        return stderr;
    }

    /** Polls the process's stderr file for the start line and returns the API URL in it. */
    private static String awaitStartLine(Path stderr, Process process) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = STARTED.matcher(Files.readString(stderr));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("correlate did not print its start line; stderr:\n" + Files.readString(stderr));
    }

    /** Runs {@code run} until {@code done} holds or the deadline passes; returns the last run. */
    private static CliRun poll(Supplier<CliRun> run, Predicate<CliRun> done) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        CliRun last = run.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = run.get();
        }
        return last;
    }

    private static FirewallEvent drop(String src, String dst, int port, Instant time) {
        Packet packet = new Packet(null, null, null, null, null, null, null, src, dst, 4, 60, null, null, null, null,
                null, null, null, null, null, "TCP", 40000, port, null, null, null, null, null, null, null, null,
                null, null, null, null);
        return new FirewallEvent(FirewallEvent.SCHEMA_VERSION, time, "+0000", null, 102, 6, "veth102i0-IN",
                Action.DROP, true, "policy DROP", Backend.IPTABLES, packet, "line", Origin.of("it", 1));
    }

    private static void produce(String bootstrap, Namespace ns, List<FirewallEvent> events) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Topics.FIREWALL_EVENTS.keySerde().serializer(), Topics.FIREWALL_EVENTS.valueSerde().serializer())) {
            for (FirewallEvent e : events) {
                producer.send(new ProducerRecord<FlowKey, FirewallEvent>(Topics.FIREWALL_EVENTS.name(ns), e.flow(), e));
            }
            producer.flush();
        }
    }
}
