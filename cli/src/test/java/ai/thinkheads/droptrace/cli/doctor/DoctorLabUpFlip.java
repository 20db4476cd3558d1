package ai.thinkheads.droptrace.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.deploy.lab.CommandResult;
import ai.thinkheads.droptrace.deploy.lab.LabDescription;
import ai.thinkheads.droptrace.deploy.lab.LabDescription.PathSpec;
import ai.thinkheads.droptrace.deploy.lab.NamespaceLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The long-lived path of the doctor end-to-end test: {@code droptrace up} as its own process on the
 * lab (its log followed, its configuration watched every second, its probes every 5 s, the
 * correlator), until the blocked path F1 has its must-work alert and its BLOCKED_LOGGED verdict;
 * then {@code deploy/lab/flip F1 on} adds the accept rule to 102.fw and to the kernel, and F1's next
 * verdict is OK. Bounded: every wait has a deadline, and up is stopped by SIGTERM (killed if need be).
 */
final class DoctorLabUpFlip {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final NamespaceLab lab;
    private final LabDescription desc;
    private final String bootstrap;
    private final Namespace namespace;
    private final Path dir;
    private final Consumer<String> log;

    DoctorLabUpFlip(NamespaceLab lab, LabDescription desc, String bootstrap, String namespace, Path dir,
            Consumer<String> log) {
        this.lab = lab;
        this.desc = desc;
        this.bootstrap = bootstrap;
        this.namespace = Namespace.of(namespace);
        this.dir = dir;
        this.log = log;
    }

    void run() throws Exception {
        // Given: up on the lab, writing to its own namespace on the shared broker
        PathSpec f1 = desc.path("F1");
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("up.yaml"), """
                namespace: %s
                stateDir: state
                kafka: {bootstrapServers: "%s", partitions: 1}
                tail: {files: ["%s"], poll: 100ms, fromEnd: true}
                firewall: {configDir: "%s", hostAddresses: ["%s"], checkEvery: 1s}
                probes: {config: "%s"}
                correlator: {apiPort: 0, verdictWindow: 2s, verdictGrace: 3s}
                """.formatted(namespace.name(), bootstrap, desc.firewallLog(), desc.configDir(),
                desc.hypervisorAddress(), desc.labDir().resolve("phoenix-lab.yaml")));
        Instant started = Instant.now();
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "ai.thinkheads.droptrace.cli.Main", "up", "--config",
                config.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("up.err").toFile()).start();
        awaitRunning(up);
        try (Feed<Verdict> verdicts = new Feed<>(bootstrap, namespace, Topics.VERDICTS);
                Feed<Alert> alerts = new Feed<>(bootstrap, namespace, Topics.ALERTS)) {
            // When F1's probe has failed under up
            Verdict blocked = verdicts.await(v -> v.probe().probeId().equals("F1") && v.time().isAfter(started),
                    up, "F1's verdict while blocked");
            Alert alert = alerts.await(a -> a.kind() == AlertKind.MUST_WORK_BLOCKED && a.port() == f1.port()
                    && a.source().equals(f1.fromAddress()) && !a.time().isBefore(started.minusSeconds(1)), up,
                    "the must-work alert on F1's flow");
            log.accept("up: F1 " + blocked.verdict() + " " + (blocked.rule() == null ? "-" : blocked.rule().location())
                    + "; alert " + alert.kind() + " " + alert.summary());
            // And the rule is flipped: 102.fw gets the accept line, the kernel the rule. The recovery is the one
            // OK verdict F1 gets after its block; its probe may have started before the flip (seen: a probe whose
            // first SYN was dropped at 13:48:59, its retransmission a second later accepted by the flipped rule),
            // so it is told by coming after the blocked verdict, not by starting after the flip.
            CommandResult flip = lab.flip("F1", true);
            assertThat(flip.succeeded()).as(flip.describe()).isTrue();
            Verdict fixed = verdicts.await(v -> v.probe().probeId().equals("F1") && v.verdict() == VerdictClass.OK
                    && v.time().isAfter(blocked.time()), up, "F1's OK verdict after the flip");
            log.accept("up: after 'flip F1 on' F1 " + fixed.verdict() + " (" + fixed.probe().outcome() + ") at "
                    + fixed.time() + "; " + fixed.summary());

            // Then the verdict changed from the logged block by 102.fw's policy to OK
            assertThat(blocked.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
            assertThat(blocked.rule().location()).isEqualTo(f1.decidedBy().file().replaceFirst("^etc/pve/", "") + ":"
                    + f1.decidedBy().line());
            assertThat(alert.severity().name()).isEqualTo("CRITICAL");
            assertThat(fixed.verdict()).isEqualTo(VerdictClass.OK);
            assertThat(Files.readString(desc.configDir().resolve("firewall/102.fw")))
                    .contains("-dport " + f1.port());
        } finally {
            up.destroy();
            if (!up.waitFor(60, TimeUnit.SECONDS)) {
                up.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        List<String> err = Files.readAllLines(dir.resolve("up.err"));
        assertThat(String.join("\n", err)).contains("droptrace up: stopped cleanly.");
    }

    /** Until up says it runs (its topics exist), or the deadline. */
    private void awaitRunning(Process up) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        Path err = dir.resolve("up.err");
        while (System.nanoTime() < end && up.isAlive()) {
            if (Files.exists(err) && Files.readString(err).contains("droptrace up: running on namespace")) {
                return;
            }
            up.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("up did not start:\n" + (Files.exists(err) ? Files.readString(err) : ""));
    }

    /** A topic of the namespace read from its start, polled with a deadline until a value matches. */
    private static final class Feed<V> implements AutoCloseable {

        private final KafkaConsumer<?, V> consumer;
        private final List<V> seen = new ArrayList<>();
        private final String topic;

        Feed(String bootstrap, Namespace ns, TopicSpec<?, V> spec) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            topic = spec.name(ns);
            consumer = new KafkaConsumer<>(config, spec.keySerde().deserializer(), spec.valueSerde().deserializer());
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }

        V await(Predicate<V> wanted, Process up, String what) {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < end && up.isAlive()) {
                for (V v : seen) {
                    if (wanted.test(v)) {
                        return v;
                    }
                }
                for (ConsumerRecord<?, V> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.value() != null) {
                        seen.add(r.value());
                    }
                }
            }
            throw new AssertionError("no " + what + " on " + topic + " within " + DEADLINE.toSeconds() + " s (up "
                    + (up.isAlive() ? "running" : "exited " + up.exitValue()) + "); seen: " + seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
