package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.tail.AlreadySent;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import ai.thinkheads.droptrace.ingest.tail.FileIdentity;
import ai.thinkheads.droptrace.ingest.tail.TailState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery after a kill -9 of a tail takes only its own node's records for lines already sent: two nodes of a
 * cluster sharing a namespace can have logs of one identity (device and inode), and one node's records must not
 * make the other skip its lines.
 */
@ExtendWith(SharedKafkaBroker.class)
class AlreadySentIT {

    @TempDir
    Path dir;

    @Test
    void only_the_records_of_this_node_and_those_without_a_node_count_as_sent() throws Exception {
        // Given records of one file identity at offsets 10 (node b), 20 (node a) and 30 (no node: an older version)
        Namespace ns = TopicRecords.freshNamespace("it-already-sent");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        String topic = Topics.FIREWALL_EVENTS.name(ns);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, topic, 10, "nodeb");
            send(producer, topic, 20, "nodea");
            send(producer, topic, 30, null);
            producer.flush();
        }
        List<String> topics = List.of(topic);
        // When / Then
        assertThat(AlreadySent.find(bootstrap, topics, Map.of(), Set.of("39:2"), Set.of("nodea"), 0, Duration.ofSeconds(60)))
                .containsExactlyInAnyOrder(20L, 30L);
        assertThat(AlreadySent.find(bootstrap, topics, Map.of(), Set.of("39:2"), null, 0, Duration.ofSeconds(60)))
                .containsExactlyInAnyOrder(10L, 20L, 30L);
        assertThat(AlreadySent.find(bootstrap, topics, Map.of(), Set.of("39:3"), Set.of("nodea"), 0, Duration.ofSeconds(60)))
                .isEmpty();
        assertThat(AlreadySent.find(bootstrap, topics, Map.of(), Set.of("39:2"), Set.of("nodea", "nodeb"), 0,
                Duration.ofSeconds(60))).as("a node's tail renamed since it stored its position").containsExactlyInAnyOrder(
                        10L, 20L, 30L);
    }

    @Test
    void a_tail_names_its_node_on_every_record_it_sends() throws Exception {
        // Given a tail of node a
        Namespace ns = TopicRecords.freshNamespace("it-tail-host");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 "
                + "policy DROP: IN=fwbr100i0 SRC=10.0.0.1 DST=10.0.0.2 LEN=44 PROTO=TCP SPT=1 DPT=23 SYN \n");
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            FileFollower follower = new FileFollower(log, dir.resolve("state.json"),
                    new FirewallLineParser(SyslogYearAndZone.live(), "nodea"), publisher, new IngestCounters(), bootstrap,
                    Duration.ofMillis(20), Clock.systemUTC());
            Thread thread = new Thread(follower, "tail-host-it");
            thread.start();
            List<ConsumerRecord<byte[], byte[]>> records;
            try {
                records = TopicRecords.read(bootstrap, Topics.FIREWALL_EVENTS.name(ns), 1, Duration.ofSeconds(60));
            } finally {
                follower.stop();
                thread.join(30_000);
            }
            // Then
            assertThat(records).hasSize(1);
            Header host = records.get(0).headers().lastHeader(AlreadySent.HOST_HEADER);
            assertThat(host).isNotNull();
            assertThat(new String(host.value(), StandardCharsets.UTF_8)).isEqualTo("nodea");
        }
    }

    @Test
    void a_tail_of_a_relative_path_names_the_file_by_its_absolute_path_in_its_records() throws Exception {
        // Given a tail of the log as typed in another directory (../../tmp/junit.../pve-firewall.log, with a ./ in it)
        Namespace ns = TopicRecords.freshNamespace("it-tail-source");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "not a firewall line\n");
        Path typed = Path.of("").toAbsolutePath().relativize(dir).resolve(".").resolve("pve-firewall.log");
        assertThat(typed.isAbsolute()).isFalse();
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            FileFollower follower = new FileFollower(typed, dir.resolve("state.json"),
                    new FirewallLineParser(SyslogYearAndZone.live(), "nodea"), publisher, new IngestCounters(), bootstrap,
                    Duration.ofMillis(20), Clock.systemUTC());
            Thread thread = new Thread(follower, "tail-source-it");
            thread.start();
            List<ConsumerRecord<byte[], byte[]>> records;
            try {
                records = TopicRecords.read(bootstrap, Topics.UNPARSED.name(ns), 1, Duration.ofSeconds(60));
            } finally {
                follower.stop();
                thread.join(30_000);
            }
            // Then: the dead letter says where the line is from wherever it is read
            assertThat(records).hasSize(1);
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8))
                    .contains("\"source\":\"" + log.toAbsolutePath().normalize() + "\"");
        }
    }

    @Test
    void a_tail_restarted_with_another_host_after_a_crash_does_not_send_the_lines_sent_after_its_position_again()
            throws Exception {
        // Given: a tail of node "pve1" sent 10 lines, and was killed with its position stored after the fifth
        Namespace ns = TopicRecords.freshNamespace("it-tail-host-changed");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        StringBuilder text = new StringBuilder();
        for (int k = 1; k <= 10; k++) {
            text.append("not a firewall line ").append(k).append('\n');
        }
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), text);
        Path state = dir.resolve("state.json");
        follow(log, state, "pve1", bootstrap, ns);
        long fifth = text.indexOf("not a firewall line 6");
        byte[] bytes = Files.readAllBytes(log);
        TailState.of(log.toString(), FileIdentity.of(log).text(), fifth, Map.of(),
                java.util.Arrays.copyOfRange(bytes, (int) fifth - 64, (int) fifth), java.util.Arrays.copyOf(bytes, 64),
                System.currentTimeMillis(), "pve1").write(state);
        // When: restarted as "phoenix" (--host given only now, or the node renamed)
        follow(log, state, "phoenix", bootstrap, ns);
        // Then: every line once; the lines after the position stay those of pve1, not sent again as phoenix's
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.read(bootstrap, Topics.UNPARSED.name(ns), 10,
                Duration.ofSeconds(60));
        assertThat(records).hasSize(10);
    }

    @Test
    void an_idle_tail_moves_the_start_of_a_restarts_recovery_past_what_other_writers_put_in_the_namespace()
            throws Exception {
        // Given a tail that sent its log's one line and is idle, in a namespace where another writer (the listener,
        // another node's tail) then puts 100 records into every partition of its topics
        Namespace ns = TopicRecords.freshNamespace("it-recovery-start");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        TailRotationIT.ensureTopics(bootstrap, ns);
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, TailRotationIT.line(1));
        Path state = dir.resolve("state.json");
        // a clock a minute on at each look: every idle look is one at which the tail moves the recovery's start
        Clock minutes = new Clock() {
            private final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(
                    System.currentTimeMillis());

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(millis.addAndGet(Duration.ofMinutes(1).toMillis()));
            }
        };
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            FileFollower follower = new FileFollower(log, state, new FirewallLineParser(SyslogYearAndZone.live(), "nodea"),
                    publisher, new IngestCounters(), bootstrap, Duration.ofMillis(20), minutes);
            Thread thread = new Thread(follower, "tail-idle");
            thread.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (follower.position() < Files.size(log) && follower.failure() == null) {
                    assertThat(System.nanoTime()).as("the tail reaches the end of the log").isLessThan(deadline);
                    Thread.sleep(20);
                }
                Map<String, Long> ends = new java.util.concurrent.ConcurrentHashMap<>();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    for (String topic : publisher.topics()) {
                        for (int partition = 0; partition < 3; partition++) {
                            for (int k = 0; k < 100; k++) {
                                producer.send(new ProducerRecord<>(topic, partition, null, "{}".getBytes(StandardCharsets.UTF_8)),
                                        (metadata, error) -> ends.merge(metadata.topic() + "-" + metadata.partition(),
                                                metadata.offset() + 1, Math::max));
                            }
                        }
                    }
                    producer.flush();
                }
                // When it stays idle: Then the offsets its restart reads from are past those records
                while (!pastAll(TailState.read(state).partitionOffsets(), ends) && follower.failure() == null) {
                    assertThat(System.nanoTime()).as("the stored offsets pass the other writer's records "
                            + TailState.read(state).partitionOffsets() + " " + ends).isLessThan(deadline);
                    Thread.sleep(20);
                }
                assertThat(follower.failure()).isNull();
                assertThat(TailState.read(state).offset()).isEqualTo(Files.size(log));
            } finally {
                follower.stop();
                thread.join(30_000);
            }
        }
    }

    private static boolean pastAll(Map<String, Long> stored, Map<String, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Runs a tail of {@code log} of node {@code host} until its position, acknowledged and stored, is the end. */
    private static void follow(Path log, Path state, String host, String bootstrap, Namespace ns) throws Exception {
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            FileFollower follower = new FileFollower(log, state, new FirewallLineParser(SyslogYearAndZone.live(), host),
                    publisher, new IngestCounters(), bootstrap, Duration.ofMillis(20), Clock.systemUTC());
            Thread thread = new Thread(follower, "tail-" + host);
            thread.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (follower.position() < Files.size(log) && follower.failure() == null) {
                    assertThat(System.nanoTime()).as("the tail reaches the end of the log").isLessThan(deadline);
                    Thread.sleep(20);
                }
                assertThat(follower.failure()).isNull();
            } finally {
                follower.stop();
                thread.join(30_000);
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, long offset, String host) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(AlreadySent.FILE_HEADER, "39:2".getBytes(StandardCharsets.UTF_8));
        record.headers().add(AlreadySent.OFFSET_HEADER, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        if (host != null) {
            record.headers().add(AlreadySent.HOST_HEADER, host.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record);
    }
}
