package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.receive.PublishingSink;
import ai.thinkheads.droptrace.ingest.receive.TcpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that stops and starts again while a TCP sender keeps sending, or while the followed file keeps
 * growing: nothing is lost, nothing doubled. (Each test runs its own broker: the shared one is not stopped.)
 */
class BrokerRestartIT {

    @TempDir
    Path dir;

    @Test
    void a_broker_restart_during_tcp_ingest_loses_no_line() throws Exception {
        // Given
        Namespace ns = Namespace.of("it-restart");
        EmbeddedKafkaBroker broker = startBroker(ns);
        String bootstrap = broker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        int total = 3000;
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker());
                TcpSyslogReceiver tcp = new TcpSyslogReceiver(new InetSocketAddress("127.0.0.1", 0), null, 65536, 4,
                        new PublishingSink(new FirewallLineParser(SyslogYearAndZone.live()), publisher, counters),
                        Clock.systemUTC());
                Socket client = new Socket("127.0.0.1", tcp.port())) {
            OutputStream out = client.getOutputStream();
            // When: a first third arrives with the broker up
            send(out, 0, total / 3);
            TailRotationIT.await("first third acknowledged", publisher::acknowledged, total / 3);
            broker.close();
            // the broker is down: the sender keeps sending; the receiver waits on Kafka (backpressure)
            Thread sender = new Thread(() -> {
                try {
                    send(out, total / 3, 2 * total / 3);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
            sender.join(60_000);
            send(out, 2 * total / 3, total);
            TailRotationIT.await("everything acknowledged", publisher::acknowledged, total);
            List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(broker.bootstrapServers(),
                    Topics.FIREWALL_EVENTS.name(ns), total, Duration.ofSeconds(60)));
            // Then
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(events).hasSize(total);
            assertThat(events.stream().map(e -> e.packet().ipId()).distinct().count()).isEqualTo(total);
        } finally {
            broker.close();
        }
    }

    @Test
    void a_broker_restart_while_a_tail_follows_a_growing_file_loses_no_line_and_doubles_none() throws Exception {
        // Given a tail of a file on its own broker
        Namespace ns = Namespace.of("it-restart-tail");
        EmbeddedKafkaBroker broker = startBroker(ns);
        String bootstrap = broker.bootstrapServers();
        Path log = dir.resolve("pve-firewall.log");
        IngestCounters counters = new IngestCounters();
        int total = 3000;
        FileFollower follower;
        Thread thread;
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            follower = new FileFollower(log, dir.resolve("state.json"), new FirewallLineParser(SyslogYearAndZone.live()),
                    publisher, counters, bootstrap, Duration.ofMillis(20), Clock.systemUTC());
            thread = new Thread(follower, "tail-restart-it");
            thread.start();
            try {
                // When: a first third is acknowledged, the broker stops, the file grows by a third, the broker
                // starts again, the last third is written
                TailRotationIT.append(log, 0, total / 3);
                TailRotationIT.await("first third acknowledged", publisher::acknowledged, total / 3);
                broker.close();
                TailRotationIT.append(log, total / 3, 2 * total / 3);
                // lines of it read while the broker is down (the flush of their batch waits for it)
                TailRotationIT.await("lines read while the broker is down", counters::read, total / 3 + 1);
                broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
                TailRotationIT.append(log, 2 * total / 3, total);
                TailRotationIT.await("everything acknowledged", publisher::acknowledged, total);
            } finally {
                follower.stop();
                thread.join(30_000);
            }
            List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(broker.bootstrapServers(),
                    Topics.FIREWALL_EVENTS.name(ns), total, Duration.ofSeconds(60)));
            // Then
            assertThat(follower.failure()).isNull();
            assertThat(events).hasSize(total);
            assertThat(events.stream().map(e -> e.packet().destinationPort()).distinct().count()).isEqualTo(total);
            assertThat(follower.position()).isEqualTo(java.nio.file.Files.size(log));
        } finally {
            broker.close();
        }
    }

    /** A broker of this test's own (in its folder, where a restart finds it again), with the namespace's topics. */
    private EmbeddedKafkaBroker startBroker(Namespace ns) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
        TailRotationIT.ensureTopics(broker.bootstrapServers(), ns);
        return broker;
    }

    private static void send(OutputStream out, int from, int to) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int n = from; n < to; n++) {
            text.append(TailRotationIT.line(n));
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
