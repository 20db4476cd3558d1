package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.FreezableKafka;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code droptrace ingest tail} in a JVM of its own, stopped by SIGTERM while its Kafka does not answer: what it says
 * last, and the exit status the process really ends with (143 is a clean stop to a systemd unit). The Kafka is a
 * {@link FreezableKafka}: frozen, what the tail sends waits in its producer until it is let go (or the end).
 */
class TailStopIT {

    @TempDir
    Path dir;

    private final Namespace ns = Namespace.of("it-stop-" + UUID.randomUUID().toString().substring(0, 8));
    private FreezableKafka kafka;

    @BeforeEach
    void startKafka() throws Exception {
        kafka = FreezableKafka.start(dir, ns.name() + "-listen");
    }

    @AfterEach
    void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void a_stop_with_lines_kafka_did_not_acknowledge_ends_with_143_and_no_error_after_the_summary() throws Exception {
        // Given: a tail whose Kafka acknowledged 20 lines, then froze with 100 more lines in the tail's producer
        Path log = dir.resolve("pve-firewall.log");
        Path out = dir.resolve("frozen.out");
        Files.writeString(log, TailKillIT.lines(0, 20));
        Process tail = tail(log, out);
        try {
            awaitStored(TailKillIT.lines(0, 20), tail, out);
            kafka.freeze();
            try (FileChannel append = FileChannel.open(log, StandardOpenOption.APPEND)) { // at once: one batch
                append.write(ByteBuffer.wrap(TailKillIT.lines(20, 120).getBytes(StandardCharsets.UTF_8)));
            }
            CliJvm.awaitOutput(out, tail, "in all 120 records sent");
            // When
            CliJvm.stop(tail, false);
            // Then: the summary says the lines are read again at the next start, and nothing after it says Kafka did
            // not accept a record (the producer closed at the end failed what it held: nothing is lost)
            String said = Files.readString(out);
            assertThat(said).contains("sent 120 records, acknowledged by Kafka 20").contains("the position stays before "
                    + "them, so the next start reads them again").doesNotContain("Kafka did not accept")
                    .doesNotContain("ERROR");
            assertThat(tail.exitValue()).as(said).isEqualTo(143);
        } finally {
            CliJvm.stop(tail, true);
        }
    }

    @Test
    void a_stop_during_which_kafka_refuses_a_record_ends_with_1_and_says_why_last() throws Exception {
        // Given: a Kafka that takes dead letters of at most 1,000 bytes (a cluster's max.message.bytes); the tail has
        // had 20 lines and a short dead letter acknowledged, then Kafka froze with a 2,000-byte one in the producer
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.UNPARSED.name(ns), 3, (short) 1)
                    .configs(Map.of("max.message.bytes", "1000")))).all().get(30, TimeUnit.SECONDS);
        }
        Path log = dir.resolve("pve-firewall.log");
        Path out = dir.resolve("refused.out");
        String first = TailKillIT.lines(0, 20) + "Mar 14 09:12:44 pve1 sshd: short\n";
        Files.writeString(log, first);
        Process tail = tail(log, out);
        try {
            awaitStored(first, tail, out);
            kafka.freeze();
            // (random letters: lz4 would shrink a run of one letter below the limit)
            String junk = "Mar 14 09:12:44 pve1 sshd: " + new Random(5).ints(2_000, 'a', 'z' + 1)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
            Files.writeString(log, junk + "\n", StandardOpenOption.APPEND);
            CliJvm.awaitOutput(out, tail, "in all 22 records sent");
            // When: SIGTERM, and Kafka answers during the stop: it refuses the record
            CliJvm.jvm(tail).destroy();
            kafka.thaw();
            boolean exited = tail.waitFor(90, TimeUnit.SECONDS);
            // Then: the summary, the line saying why last, and the status of a failure, not the 143 of a clean stop
            String said = Files.readString(out);
            assertThat(exited).as(said).isTrue();
            assertThat(said).contains("Followed " + log).contains("Kafka refused 1 record(s)").contains("droptrace: "
                    + "stopped following " + log + ": 1 record(s) were not accepted by Kafka")
                    .doesNotContain("unexpected failure");
            assertThat(tail.exitValue()).as(said).isEqualTo(1);
        } finally {
            CliJvm.stop(tail, true);
        }
    }

    private Process tail(Path log, Path out) throws Exception {
        return CliJvm.start(out, 180, "ingest", "tail", log.toString(), "--state-file",
                dir.resolve("state.json").toString(), "--bootstrap-servers", kafka.bootstrapServers(), "--namespace",
                ns.name(), "--poll", "20", "--stats-every", "1s");
    }

    /** Waits until the position after {@code text} is stored: Kafka acknowledged every line of it. */
    private void awaitStored(String text, Process tail, Path out) throws Exception {
        String offset = "\"offset\":" + text.getBytes(StandardCharsets.UTF_8).length + ",";
        Path state = dir.resolve("state.json");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.exists(state) || !Files.readString(state).contains(offset)) {
            assertThat(tail.isAlive()).as(Files.readString(out)).isTrue();
            assertThat(System.nanoTime()).as("the lines are stored as sent: %s", Files.readString(out))
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
