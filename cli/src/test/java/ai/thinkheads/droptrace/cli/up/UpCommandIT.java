package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.probes.publish.ProbeResultPublisher;
import ai.thinkheads.droptrace.streams.service.TopicFeed;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code droptrace up} as its own process on the shared broker: the full path from a line written
 * to the log file it follows (tail, Kafka, Streams) and a probe result on the topic (and a probe
 * its own scheduler runs) to verdicts, alerts and HTTP answers, with the ruleset it publishes from
 * the configuration directory; then SIGTERM.
 */
@ExtendWith(SharedKafkaBroker.class)
class UpCommandIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Path PHOENIX = Path.of("..", "deploy", "examples", "firewall", "phoenix").toAbsolutePath();
    private static final DateTimeFormatter PVE_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void up_runs_every_part_turns_lines_and_probes_into_verdicts_alerts_and_answers_and_stops_on_sigterm(
            @TempDir Path dir) throws Exception {
        // Given: a probe of a closed port on loopback, the Phoenix configuration, a flow that must work
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace ns = Namespace.of("up-it");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: testhost, addresses: [127.0.0.1]}
                probes:
                  - {id: local-closed, from: local, to: 127.0.0.1, kind: tcp, port: %d, interval: 2s, timeout: 1s}
                """.formatted(closed));
        Path config = dir.resolve("up.yaml");
        Files.writeString(config, """
                namespace: up-it
                stateDir: state
                kafka: {bootstrapServers: "%s", partitions: 1}
                tail: {files: [pve-firewall.log], poll: 100ms}
                firewall: {configDir: "%s", checkEvery: 1s}
                probes: {config: probes.yaml}
                correlator: {apiPort: 0, verdictWindow: 2s, verdictGrace: 3s, mustWork: ["10.0.0.153,10.0.0.12,tcp,8443"]}
                syslog: {bind: 127.0.0.1, udp: 0, allow: [127.0.0.0/8]}
                statsEvery: 1s
                """.formatted(bootstrap, PHOENIX));
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "ai.thinkheads.droptrace.cli.Main", "up", "--config",
                config.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("up.err").toFile()).start();
        List<String> err = new StderrLines(dir.resolve("up.err"));
        try {
            String api = awaitApi(err, up);
            // When: a drop of the must-work flow is written to the followed log, and its probe fails
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String line = "102 6 veth102i0-IN " + PVE_TIME.format(now) + " policy DROP: IN=fwbr102i0 OUT=fwbr102i0 "
                    + "PHYSIN=fwln102i0 PHYSOUT=veth102i0 SRC=10.0.0.153 DST=10.0.0.12 LEN=60 TOS=0x00 PREC=0x00 TTL=64 "
                    + "ID=48211 DF PROTO=TCP SPT=41562 DPT=8443 SEQ=1 ACK=0 WINDOW=64240 SYN";
            Files.writeString(dir.resolve("pve-firewall.log"), line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            // The line and the probe result travel on two topics: the probe result is published once the
            // correlator holds the line, so its verdict does not depend on the line arriving within the grace.
            String pairUri = api + "/v1/pairs/10.0.0.153/10.0.0.12?from=" + now.minusSeconds(120) + "&to="
                    + now.plusSeconds(120);
            awaitDrops(pairUri, up);
            try (ProbeResultPublisher probes = new ProbeResultPublisher(bootstrap, ns)) {
                probes.accept(new ProbeResult(1, "gw-mesh", ProbeKind.TCP, now.minusMillis(500), "nginx-phoenix", 101,
                        "traefik-internal", "10.0.0.153", "10.0.0.12", "tcp", 8443, ProbeOutcome.TIMEOUT, false, null,
                        1000, "no answer", Map.of()));
                probes.flush();
            }
            // Then: verdicts on both failures, the rule by file, and the probe of the closed port
            List<Verdict> verdicts = awaitVerdicts(bootstrap, ns);
            Verdict blocked = verdicts.stream().filter(v -> v.probe().probeId().equals("gw-mesh")).findFirst().orElseThrow();
            assertThat(blocked.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
            assertThat(blocked.rule().location()).isEqualTo("firewall/102.fw:policy_in");
            assertThat(blocked.evidence()).singleElement().asString().contains("DPT=8443");
            assertThat(verdicts).filteredOn(v -> v.probe().probeId().equals("local-closed"))
                    .extracting(Verdict::verdict).contains(VerdictClass.SERVICE_DOWN);
            // And the must-work alert
            try (TopicFeed<PairKey, Alert> alerts = TopicFeed.open(bootstrap, ns, Topics.ALERTS, null)) {
                assertThat(alerts.readToEnd(TIMEOUT)).extracting(Alert::kind).contains(AlertKind.MUST_WORK_BLOCKED);
            }
            // And the query API answers from the state
            JsonNode pair = get(pairUri);
            assertThat(pair.get("seen").asBoolean()).isTrue();
            assertThat(pair.get("inRange").get("drops").asLong()).isEqualTo(1);
            assertThat(pair.get("byRule").has("unattributed")).isTrue();
            // And 'droptrace verdicts' prints them
            CliRun listed = CliRun.of("verdicts", "--bootstrap-servers", bootstrap, "--namespace", "up-it");
            assertThat(listed.exitCode()).as(listed.err()).isEqualTo(ExitCodes.OK);
            assertThat(listed.out()).containsPattern("gw-mesh +BLOCKED_LOGGED +HIGH .*firewall/102\\.fw:policy_in");
            // And a syslog sender it allows is heard, and counted in the stats line
            Matcher udp = Pattern.compile("syslog udp: listening on udp://127\\.0\\.0\\.1:(\\d+)").matcher(String.join("\n", err));
            assertThat(udp.find()).as(String.join("\n", err)).isTrue();
            byte[] datagram = "<4>Nov 27 02:00:00 pve2 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.9.9.9 DST=10.9.9.8 LEN=40 PROTO=UDP SPT=1 DPT=53 LEN=20"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
                client.send(new java.net.DatagramPacket(datagram, datagram.length, java.net.InetAddress.getLoopbackAddress(),
                        Integer.parseInt(udp.group(1))));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (err.stream().noneMatch(l -> l.contains("; syslog senders 1")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(String.join("\n", err)).contains("; syslog senders 1");
            // And a change to the probe configuration, read only at the start, is said, not taken silently
            Files.writeString(dir.resolve("probes.yaml"), "# edited\n", java.nio.file.StandardOpenOption.APPEND);
            String edited = "droptrace up: configuration: warning: " + dir.resolve("probes.yaml") + " changed since up "
                    + "started; up reads it only when it starts, so the change is not applied: restart up to apply it";
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!String.join("\n", err).contains(edited) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(String.join("\n", err)).contains(edited);
        } finally {
            // When: SIGTERM
            up.destroy();
            boolean exited = up.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                up.destroyForcibly();
            }
            assertThat(exited).as(String.join("\n", err)).isTrue();
        }
        // Then: every part said it started and stopped, and the process ended cleanly (143: the JVM's exit
        // status after SIGTERM, whatever the application returns)
        assertThat(up.exitValue()).as(String.join("\n", err)).isEqualTo(143);
        assertThat(String.join("\n", err)).contains("droptrace up: kafka: using " + bootstrap)
                .contains("droptrace up: firewall configuration: watching")
                .contains("droptrace up: correlator: query API at")
                // the log is written only after the start: up says it waits for it (it said 'following')
                .contains("droptrace up: tail " + dir.resolve("pve-firewall.log") + ": waiting for the file to appear")
                .contains("droptrace up: probe scheduler: 1 probes")
                .contains("droptrace up: configuration: " + config + ", " + dir.resolve("probes.yaml") + ": read at the "
                        + "start only")
                .contains("droptrace up: configuration: stopped")
                .contains("droptrace up: correlator: stopped")
                .contains("droptrace up: stopped cleanly.");
    }

    @Test
    void a_tail_that_fails_ends_up_with_one_line_naming_the_file_and_exit_1_not_stopped_cleanly(@TempDir Path dir)
            throws Exception {
        // Given a followed file whose position file is not one droptrace wrote
        Path config = dir.resolve("up.yaml");
        Files.writeString(config, """
                namespace: up-it-tail-fails
                stateDir: state
                kafka: {bootstrapServers: "%s", partitions: 1}
                tail: {files: [fw.log], poll: 100ms}
                firewall: {configDir: "%s"}
                correlator: {apiPort: 0}
                statsEvery: 0s
                """.formatted(SharedKafkaBroker.bootstrapServers(), PHOENIX));
        Files.writeString(dir.resolve("fw.log"), "x\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(config), dir, new ai.thinkheads.droptrace.cli.common.KafkaOptions());
        Path position = new UpIngest(settings, "unused", new RunningParts(new java.io.PrintWriter(java.io.Writer.nullWriter())),
                ai.thinkheads.droptrace.streams.runner.ShutdownSignal.manual()).stateFile(dir.resolve("fw.log"));
        Files.writeString(position, "[1, 2");
        // When
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "ai.thinkheads.droptrace.cli.Main", "up", "--config",
                config.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("up.err").toFile()).start();
        boolean exited = up.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            up.destroyForcibly();
        }
        // Then
        String err = Files.readString(dir.resolve("up.err"));
        assertThat(exited).as(err).isTrue();
        assertThat(up.exitValue()).as(err).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.strip().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("droptrace: stopped following " + dir.resolve("fw.log") + ": " + position
                        + " is not a tail position droptrace wrote (");
        assertThat(err).contains("droptrace up: correlator: stopped").doesNotContain("stopped cleanly");
    }

    /** The lines the process wrote to its stderr file so far, read again on every access. */
    private static final class StderrLines extends java.util.AbstractList<String> {
        private final Path file;

        StderrLines(Path file) {
            this.file = file;
        }

        private List<String> lines() {
            try {
                return Files.exists(file) ? Files.readAllLines(file) : List.of();
            } catch (java.io.IOException e) {
                return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
            }
        }

        @Override
        public String get(int index) {
            return lines().get(index);
        }

        @Override
        public int size() {
            return lines().size();
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return lines().iterator();
        }

        @Override
        public java.util.stream.Stream<String> stream() {
            return lines().stream();
        }
    }

    private static String awaitApi(List<String> err, Process up) throws InterruptedException {
        Pattern api = Pattern.compile("query API at (http://[^,]+),");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && up.isAlive()) {
            for (String line : err) {
                Matcher m = api.matcher(line);
                if (m.find() && err.stream().anyMatch(l -> l.contains("running on namespace"))) {
                    return m.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("up did not start:\n" + String.join("\n", err));
    }

    private static List<Verdict> awaitVerdicts(String bootstrap, Namespace ns) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<Verdict> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try (TopicFeed<String, Verdict> feed = TopicFeed.open(bootstrap, ns, Topics.VERDICTS, null)) {
                seen = feed.readToEnd(TIMEOUT);
            }
            boolean both = seen.stream().anyMatch(v -> v.probe().probeId().equals("gw-mesh"))
                    && seen.stream().anyMatch(v -> v.probe().probeId().equals("local-closed"));
            if (both) {
                return seen;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("verdicts did not arrive: " + seen);
    }

    /** Polls the pair query until the pair holds a drop, or the deadline. */
    private static void awaitDrops(String pairUri, Process up) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline && up.isAlive()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pairUri))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && Json.events().readTree(response.body()).path("inRange").path("drops")
                    .asLong() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the correlator did not count the line's drop; last answer: " + last);
    }

    private static JsonNode get(String uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.events().readTree(response.body());
    }
}
