package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.replay.LogReplayer;
import ai.thinkheads.droptrace.ingest.replay.Pacing;
import ai.thinkheads.droptrace.ingest.replay.RefusedFrom;
import ai.thinkheads.droptrace.ingest.replay.TimeWindow;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay that Kafka stops (the broker gone for longer than the producer waits) says from where to go on, and
 * going on from there, by that time, leaves no line out. Its own broker, stopped and started again in its folder.
 */
class ReplayRefusedIT {

    @TempDir
    Path dir;

    @Test
    void a_replay_refused_part_way_names_the_first_line_kafka_may_not_hold_and_a_from_that_loses_nothing()
            throws Exception {
        // Given: a live pipe into a replay as fast as possible (its parallel path), and a broker of the test's own
        Namespace ns = Namespace.of("it-replay-refused");
        int total = 3000; // lines 0..2999, one second apart, each its own flow (destination port 10000 + n)
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
        TailRotationIT.ensureTopics(broker.bootstrapServers(), ns);
        AtomicReference<RefusedFrom.Place> place = new AtomicReference<>();
        try {
            PipedOutputStream writer = new PipedOutputStream();
            PipedInputStream pipe = new PipedInputStream(writer, 1 << 20);
            // a producer that gives a record up after 3 s (a replay's own gives up after 30 s)
            Map<String, Object> quick = Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000L);
            AtomicReference<Throwable> finished = new AtomicReference<>();
            try (EventPublisher publisher = new EventPublisher(broker.bootstrapServers(), ns, quick)) {
                LogReplayer replayer = new LogReplayer(null, publisher, Clock.systemUTC(), Pacing.asFastAsPossible(),
                        new IngestCounters(), lines -> { });
                Thread replay = new Thread(() -> {
                    try {
                        replayer.replayWithoutFlush(pipe, "pipe", new FirewallLineParser(SyslogYearAndZone.live()));
                        replayer.finish();
                    } catch (Throwable e) {
                        finished.set(e);
                    }
                }, "replay-under-test");
                replay.start();
                // When: the first half is acknowledged, the broker stops, the second half is written
                write(writer, 0, total / 2);
                TailRotationIT.await("first half acknowledged", publisher::acknowledged, total / 2);
                broker.close();
                write(writer, total / 2, total);
                writer.close();
                replay.join(120_000);
                assertThat(replay.isAlive()).isFalse();
                place.set(replayer.refusedFrom().orElse(null));
            }
            // Then: Kafka refused records, and the place is the first line of the second half (lines count from 1),
            // with that line's own time
            assertThat(finished.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not accepted by Kafka");
            assertThat(place.get()).isEqualTo(new RefusedFrom.Place("pipe", total / 2 + 1, timeOf(total / 2)));

            // When: the broker is back and the whole input is replayed again --from that time
            broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
            try (EventPublisher publisher = new EventPublisher(broker.bootstrapServers(), ns,
                    EventPublisher.oneShot())) {
                LogReplayer again = new LogReplayer(null, publisher, Clock.systemUTC(), Pacing.asFastAsPossible(),
                        new IngestCounters(), lines -> { }).within(new TimeWindow(place.get().time(), null));
                again.replayWithoutFlush(new ByteArrayInputStream(
                        TailRotationIT.lines(0, total).getBytes(StandardCharsets.UTF_8)), "again",
                        new FirewallLineParser(SyslogYearAndZone.live()));
                again.finish();
            }
            // Then: every line is in Kafka, none twice
            List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(broker.bootstrapServers(),
                    Topics.FIREWALL_EVENTS.name(ns), total, Duration.ofSeconds(60)));
            assertThat(events.stream().map(e -> e.packet().destinationPort() - 10000).sorted().toList())
                    .isEqualTo(IntStream.range(0, total).boxed().collect(Collectors.toList()));
        } finally {
            broker.close();
        }
    }

    private static void write(PipedOutputStream writer, int from, int to) throws Exception {
        writer.write(TailRotationIT.lines(from, to).getBytes(StandardCharsets.UTF_8));
        writer.flush();
    }

    /** The own time of {@link TailRotationIT#line(int)} {@code n}: 14 March 2025, 09:mm:ss at +01:00. */
    private static Instant timeOf(int n) {
        return Instant.parse(String.format("2025-03-14T08:%02d:%02dZ", n / 60 % 60, n % 60));
    }
}
