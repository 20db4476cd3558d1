package ai.thinkheads.droptrace.streams.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop asked for (SIGTERM, Ctrl-C) while Kafka Streams is still starting — joining its group can take the
 * session timeout of an earlier instance, then restoring the state — ends the wait for it, rather than the
 * start running on until its timeout while the shutdown hook's own time runs out.
 */
class StreamsRunnerStartTest {

    @Test
    void a_stop_requested_while_kafka_streams_starts_ends_the_wait_without_it_running(@TempDir Path dir)
            throws IOException {
        // Given: a broker address nothing listens on, so Kafka Streams never reaches RUNNING
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Topology topology = new Topology();
        topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), "in");
        topology.addSink("out", "out", new ByteArraySerializer(), new ByteArraySerializer(), "in");
        StreamsSettings settings = new StreamsSettings("127.0.0.1:" + port, "runner-start-test", dir, Map.of());
        try (StreamsRunner runner = new StreamsRunner(topology, settings);
                ShutdownSignal signal = ShutdownSignal.manual()) {
            signal.requestStop();
            // When
            boolean running = runner.start(Duration.ofMinutes(10), signal);
            // Then
            assertThat(running).isFalse();
        }
    }
}
