package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.OwnBroker;
import ai.thinkheads.droptrace.cli.TopicCount;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.ingest.tail.NodeName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code droptrace ingest tail} as a separate JVM, killed with SIGKILL in the middle of a file and
 * started again: every line is on the topic exactly once. Started before its Kafka, it waits for it.
 */
@ExtendWith(SharedKafkaBroker.class)
class TailKillIT {

    private static final int LINES = 20_000;
    /** Lines appended after the kill (one of the tail's batches). */
    private static final int LINES_AFTER_KILL = 5_000;

    @TempDir
    Path dir;

    @Test
    void kill_9_of_a_tail_and_a_restart_lose_no_line_and_duplicate_none() throws Exception {
        Path log = dir.resolve("pve-firewall.log");
        killMidFileAndRestart("it-kill", log,
                () -> Files.writeString(log, lines(LINES - LINES_AFTER_KILL, LINES), StandardOpenOption.APPEND));
    }

    @Test
    void kill_9_of_a_tail_then_two_rotations_while_it_is_down_lose_no_line_and_duplicate_none() throws Exception {
        // While the tail is down, logrotate with a Proxmox host's settings rotates twice: the file it was killed in
        // ends up compressed in .2.gz (a file of its own, with the lines it had sent but not stored as sent), the
        // lines written between the two rotations in .1, the last ones in the new file.
        Path log = dir.resolve("pve-firewall.log");
        int third = LINES_AFTER_KILL / 3;
        killMidFileAndRestart("it-kill-rot", log, () -> {
            logrotate(log);
            Files.writeString(log, lines(LINES - LINES_AFTER_KILL, LINES - 2 * third), StandardOpenOption.APPEND);
            logrotate(log);
            Files.writeString(log, lines(LINES - 2 * third, LINES), StandardOpenOption.APPEND);
            assertThat(dir.resolve("pve-firewall.log.2.gz")).exists();
        });
    }

    /**
     * A tail of {@code log} killed with SIGKILL in the middle of it, {@code whileDown} (which writes the last
     * {@link #LINES_AFTER_KILL} lines), a second tail to the end: every line is on the topic once.
     */
    private void killMidFileAndRestart(String prefix, Path log, WhileDown whileDown) throws Exception {
        // Given
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace ns = Namespace.of(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        String topic = Topics.FIREWALL_EVENTS.name(ns);
        // The last lines are written only after the kill: a first run fast enough to send every line between the
        // count that triggers the kill and the kill itself would otherwise end the file before it is killed.
        Files.writeString(log, lines(0, LINES - LINES_AFTER_KILL));
        // When: the tail runs, is killed with SIGKILL mid-file, and runs again to the end
        Process first = tail(bootstrap, ns, log, "first");
        awaitRecords(bootstrap, topic, LINES / 5, first, "first");
        killJvm(first, true);
        long atKill = count(bootstrap, topic);
        whileDown.run();
        String stateAtKill = Files.exists(dir.resolve("state.json")) ? Files.readString(dir.resolve("state.json")) : "none";
        System.out.println("records at kill: " + atKill + ", state at kill: " + stateAtKill);
        Process second = tail(bootstrap, ns, log, "second");
        try {
            awaitRecords(bootstrap, topic, LINES, second, "second");
        } finally {
            killJvm(second, false);
        }
        // Then
        List<Long> ids = ipIds(bootstrap, topic);
        System.out.println("records at the end: " + count(bootstrap, topic) + ", read " + ids.size() + ", distinct "
                + ids.stream().distinct().count());
        assertThat(atKill).as("killed in the middle of the file").isLessThan(LINES - LINES_AFTER_KILL);
        assertThat(ids).as("no line lost or duplicated (output: %s)", Files.readString(dir.resolve("second.out")))
                .hasSize(LINES);
        assertThat(ids.stream().distinct().count()).isEqualTo(LINES);
        // each event names the node whose log it is: this machine's, as none was given
        assertThat(events(bootstrap, topic).stream().map(FirewallEvent::host).distinct().toList())
                .containsExactly(NodeName.local());
    }

    interface WhileDown {
        void run() throws Exception;
    }

    /** Rotates {@code log} now with the real logrotate, as a Proxmox host's settings do (rename, delayed gzip). */
    private void logrotate(Path log) throws Exception {
        Path logrotate = Path.of("/usr/sbin/logrotate");
        Assumptions.assumeTrue(Files.isExecutable(logrotate),
                "skipped: logrotate is not installed (Debian package logrotate; CI installs it through .ci/run)");
        Path config = dir.resolve("logrotate.conf");
        Files.writeString(config, log.toAbsolutePath() + " {\n    rotate 7\n    compress\n    delaycompress\n"
                + "    create\n}\n");
        Path output = dir.resolve("logrotate.out");
        Process p = new ProcessBuilder("timeout", "30", logrotate.toString(), "--force", "--state",
                dir.resolve("logrotate.state").toString(), config.toString()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(output)).isZero();
    }

    @Test
    void from_the_end_a_first_run_sends_only_what_is_written_after_it_started() throws Exception {
        // Given a log with history
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace ns = Namespace.of("it-from-end-" + UUID.randomUUID().toString().substring(0, 8));
        String topic = Topics.FIREWALL_EVENTS.name(ns);
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, lines(0, 100));
        // When: the tail starts at the end, has stored where that is, and three lines follow
        Process tail = tail(bootstrap, ns, log, "from-end", "--from-end", "--host", "pve2");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(dir.resolve("state.json"))) {
                assertThat(tail.isAlive()).as("the tail runs").isTrue();
                assertThat(System.nanoTime()).as("the start position is stored").isLessThan(deadline);
                Thread.sleep(20);
            }
            Files.writeString(log, lines(100, 103), StandardOpenOption.APPEND);
            awaitRecords(bootstrap, topic, 3, tail, "from-end");
        } finally {
            killJvm(tail, false);
        }
        // Then: the three new lines, not the history
        assertThat(ipIds(bootstrap, topic)).containsExactlyInAnyOrder(100L, 101L, 102L);
        assertThat(events(bootstrap, topic)).extracting(FirewallEvent::host).containsOnly("pve2");
        assertThat(Files.readString(dir.resolve("from-end.out"))).contains("read 3 lines");
    }

    @Test
    void a_tail_started_before_its_kafka_waits_for_it_then_sends_every_line() throws Exception {
        // Given a log, and a Kafka that is not there yet at the address the tail is given
        int[] ports = OwnBroker.twoFreePorts();
        int port = ports[0];
        int controllerPort = ports[1];
        String bootstrap = "127.0.0.1:" + port;
        Namespace ns = Namespace.of("it-wait-" + UUID.randomUUID().toString().substring(0, 8));
        String topic = Topics.FIREWALL_EVENTS.name(ns);
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, lines(0, 200));
        Process tail = tail(bootstrap, ns, log, "wait");
        EmbeddedKafkaBroker late = null;
        try {
            // When the tail has said it waits, and the broker then starts
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(dir.resolve("wait.out")).contains("Waiting for Kafka at " + bootstrap)) {
                assertThat(tail.isAlive()).as("the tail waits: %s", Files.readString(dir.resolve("wait.out"))).isTrue();
                assertThat(System.nanoTime()).as("the tail says it waits").isLessThan(deadline);
                Thread.sleep(50);
            }
            late = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).port(port).controllerPort(controllerPort)
                    .deleteOnClose(true).start();
            // Then every line arrives, once
            awaitRecords(bootstrap, topic, 200, tail, "wait");
            assertThat(ipIds(bootstrap, topic)).hasSize(200).doesNotHaveDuplicates();
            killJvm(tail, false);
            String said = Files.readString(dir.resolve("wait.out"));
            assertThat(said).contains("(" + bootstrap + ": Connection refused)").contains("answers, after")
                    .contains("read 200 lines").doesNotContain("Exception");
        } finally {
            killJvm(tail, false);
            if (late != null) {
                late.close();
            }
        }
    }

    @Test
    void from_the_end_a_tail_started_before_its_kafka_sends_the_lines_written_while_it_waited() throws Exception {
        // Given a log with history, and a Kafka that is not there yet at the address the tail is given
        int[] ports = OwnBroker.twoFreePorts();
        String bootstrap = "127.0.0.1:" + ports[0];
        Namespace ns = Namespace.of("it-end-wait-" + UUID.randomUUID().toString().substring(0, 8));
        String topic = Topics.FIREWALL_EVENTS.name(ns);
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, lines(0, 100));
        Process tail = tail(bootstrap, ns, log, "end-wait", "--from-end");
        EmbeddedKafkaBroker late = null;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(dir.resolve("end-wait.out")).contains("Waiting for Kafka at " + bootstrap)) {
                assertThat(tail.isAlive()).as("the tail waits: %s", Files.readString(dir.resolve("end-wait.out")))
                        .isTrue();
                assertThat(System.nanoTime()).as("the tail says it waits").isLessThan(deadline);
                Thread.sleep(50);
            }
            // When three lines are written while it waits, then its broker starts and two more follow
            Files.writeString(log, lines(100, 103), StandardOpenOption.APPEND);
            late = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).port(ports[0]).controllerPort(ports[1])
                    .deleteOnClose(true).start();
            while (!Files.exists(dir.resolve("state.json"))) {
                assertThat(tail.isAlive()).as("the tail runs").isTrue();
                assertThat(System.nanoTime()).as("the start position is stored")
                        .isLessThan(deadline + Duration.ofSeconds(60).toNanos());
                Thread.sleep(20);
            }
            Files.writeString(log, lines(103, 105), StandardOpenOption.APPEND);
            awaitRecords(bootstrap, topic, 5, tail, "end-wait");
            // Then the five lines written after it started, once each, and not the history
            assertThat(ipIds(bootstrap, topic)).containsExactlyInAnyOrder(100L, 101L, 102L, 103L, 104L);
        } finally {
            killJvm(tail, false);
            if (late != null) {
                late.close();
            }
        }
    }

    @Test
    void a_tail_into_the_embedded_broker_stores_no_position_a_tail_into_a_kafka_that_stays_would_start_from()
            throws Exception {
        // Given a log
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, lines(0, 10));
        Path state = dir.resolve("state.json");
        // When a tail without --bootstrap-servers (an embedded broker, deleted at exit) reads it and is stopped
        Process tail = CliJvm.start(dir.resolve("embedded.out"), 120, "ingest", "tail", log.toString(), "--state-file",
                state.toString(), "--poll", "20", "--stats-every", "1s");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.readString(dir.resolve("embedded.out")).contains("in all 10 records sent, 10 acknowledged")) {
                assertThat(tail.isAlive()).as("the tail runs: %s", Files.readString(dir.resolve("embedded.out")))
                        .isTrue();
                assertThat(System.nanoTime()).as("the tail sends the lines").isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            killJvm(tail, false);
        }
        // Then no position is stored: the next tail, into a Kafka that stays, reads these lines too
        assertThat(state).doesNotExist();
        assertThat(Files.readString(dir.resolve("embedded.out"))).contains("read 10 lines")
                .contains("acknowledged by the embedded broker, not stored: no position was stored");
    }

    @Test
    void a_record_kafka_refuses_stops_the_tail_with_its_summary_and_one_line_saying_why() throws Exception {
        // Given: the namespace's dead-letter topic takes records of at most 1,000 bytes (a cluster's
        // max.message.bytes), and the log holds a firewall line, then a 2,000-byte line that is none
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace ns = Namespace.of("it-refused-" + UUID.randomUUID().toString().substring(0, 8));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(Topics.UNPARSED.name(ns), 3, (short) 1)
                    .configs(Map.of("max.message.bytes", "1000")))).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        // (random letters: lz4 would shrink a run of one letter below the limit)
        String junk = "Mar 14 09:12:44 pve1 sshd: " + new java.util.Random(5).ints(2_000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, lines(0, 1) + junk + "\n");
        // When
        Process tail = tail(bootstrap, ns, log, "refused");
        boolean exited = tail.waitFor(100, java.util.concurrent.TimeUnit.SECONDS);
        killJvm(tail, true);
        // Then: it stops on its own, with the summary, and says what Kafka refused; the position stays before it
        String said = Files.readString(dir.resolve("refused.out"));
        assertThat(exited).as(said).isTrue();
        assertThat(tail.exitValue()).as(said).isEqualTo(1);
        assertThat(said).contains("Followed " + log).contains("Kafka refused 1 record(s); the position stays before "
                + "their lines").contains("droptrace: stopped following " + log + ": 1 record(s) were not accepted by "
                + "Kafka").doesNotContain("unexpected failure");
    }

    @Test
    void a_tail_restarted_while_its_log_is_missing_waits_for_it_and_leaves_its_stored_position_as_it_was() throws Exception {
        // Given: the position of an earlier run, 500 bytes into a log that is not there now
        Path log = dir.resolve("pve-firewall.log");
        Path state = dir.resolve("state.json");
        String stored = "{\"path\":\"" + log.toAbsolutePath() + "\",\"file\":\"2049:12345\",\"offset\":500,"
                + "\"partitionOffsets\":{}}";
        Files.writeString(state, stored);
        Namespace ns = Namespace.of("it-missing-" + UUID.randomUUID().toString().substring(0, 8));
        Process tail = tail(SharedKafkaBroker.bootstrapServers(), ns, log, "missing");
        // When it starts again, and is stopped by SIGTERM
        try {
            CliJvm.awaitOutput(dir.resolve("missing.out"), tail, "waiting for the file to appear");
        } finally {
            killJvm(tail, false);
        }
        // Then: it waited; the summary does not claim a position 0 it never stored, the earlier one is as it was
        String said = Files.readString(dir.resolve("missing.out"));
        assertThat(said).contains("Following " + log).contains("read 0 lines").doesNotContain("unexpected failure")
                .doesNotContain("position 0 acknowledged and stored")
                .contains(log + " did not appear; the position in " + state + " is left as it was");
        assertThat(Files.readString(state)).isEqualTo(stored);
    }

    @Test
    void a_tail_stopped_after_its_kafka_went_away_says_the_lines_not_acknowledged_are_read_again() throws Exception {
        // Given: a tail on a Kafka of its own, which has acknowledged 20 lines and then goes away
        int[] ports = OwnBroker.twoFreePorts();
        int port = ports[0];
        int controllerPort = ports[1];
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).port(port)
                .controllerPort(controllerPort).deleteOnClose(true).start();
        Namespace ns = Namespace.of("it-gone-" + UUID.randomUUID().toString().substring(0, 8));
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, lines(0, 20));
        Path out = dir.resolve("gone.out");
        Path state = dir.resolve("state.json");
        Process tail = tail(broker.bootstrapServers(), ns, log, "gone", "--stats-every", "1s");
        try {
            String twenty = "\"offset\":" + lines(0, 20).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ",";
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(state) || !Files.readString(state).contains(twenty)) {
                assertThat(tail.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("the 20 lines are stored as sent").isLessThan(deadline);
                Thread.sleep(50);
            }
            broker.close();
            // When a line that is no firewall line comes (its dead letter is the first record of the unparsed topic:
            // its send waits for the topic's metadata, which Kafka gone does not give), and the tail is stopped
            Files.writeString(log, "Mar 14 09:12:44 pve1 sshd: not a firewall line\n", StandardOpenOption.APPEND);
            CliJvm.awaitOutput(out, tail, "in all 21 records sent");
            killJvm(tail, false);
            // Then: the summary says the line Kafka did not acknowledge is read again; the position is before it
            String said = Files.readString(out);
            assertThat(said).contains("sent 21 records, acknowledged by Kafka 20").contains("Kafka did not acknowledge "
                    + "every line within 20 s of the stop; the position stays before them, so the next start reads "
                    + "them again").doesNotContain("unexpected failure");
            assertThat(Files.readString(state)).contains(twenty);
        } finally {
            killJvm(tail, false);
            broker.close();
        }
    }

    /** Pve lines numbered from {@code from} to {@code to} (exclusive): each one's IP id is its number. */
    static String lines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int n = from; n < to; n++) {
            text.append(String.format("100 6 tap100i0-IN 14/Mar/2025:09:%02d:%02d +0100 policy DROP: IN=fwbr100i0 "
                    + "SRC=198.51.100.7 DST=192.0.2.%d LEN=44 TOS=0x00 PREC=0x00 TTL=64 ID=%d PROTO=TCP SPT=47120 "
                    + "DPT=%d SEQ=1 ACK=0 WINDOW=1024 SYN %n", n / 60 % 60, n % 60, n % 250, n, 1 + n % 60000));
        }
        return text.toString();
    }

    private Process tail(String bootstrap, Namespace ns, Path log, String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("ingest", "tail", log.toString(), "--state-file",
                dir.resolve("state.json").toString(), "--bootstrap-servers", bootstrap, "--namespace", ns.name(),
                "--poll", "20"));
        args.addAll(List.of(more));
        return CliJvm.start(dir.resolve(name + ".out"), 120, args.toArray(String[]::new));
    }

    private static void killJvm(Process timeout, boolean kill) throws InterruptedException {
        CliJvm.stop(timeout, kill);
    }

    private void awaitRecords(String bootstrap, String topic, long expected, Process process, String name)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (count(bootstrap, topic) < expected) {
            if (!process.isAlive()) {
                throw new AssertionError("the tail exited: " + Files.readString(dir.resolve(name + ".out")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + expected + " records (" + count(bootstrap, topic)
                        + " there); the tail said: " + Files.readString(dir.resolve(name + ".out")));
            }
            Thread.sleep(20); // each count opens a consumer: no need to spin
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static long count(String bootstrap, String topic) {
        return TopicCount.records(bootstrap, topic);
    }

    private static List<Long> ipIds(String bootstrap, String topic) throws Exception {
        return events(bootstrap, topic).stream().map(e -> e.packet().ipId()).toList();
    }

    private static List<FirewallEvent> events(String bootstrap, String topic) throws Exception {
        List<FirewallEvent> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    events.add(Json.events().readValue(r.value(), FirewallEvent.class));
                }
            }
        }
        return events;
    }
}
