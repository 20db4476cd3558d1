package ai.thinkheads.droptrace.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.streams.query.QueryServer;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop whose Kafka Streams does not close in time (a Kafka gone while it commits, a thread still busy) is not a
 * clean one: {@code correlate} must not say "stopped cleanly", nor {@code up} "correlator: stopped".
 */
@ExtendWith(SharedKafkaBroker.class)
class CorrelationServiceStopIT {

    private static final String TOPIC = "correlation-service-stop-it";

    @Test
    void a_kafka_streams_that_does_not_stop_in_time_makes_the_close_fail_naming_it(@TempDir Path dir) throws Exception {
        // Given: a running instance whose stream thread is busy with a record (and stays so for the whole close)
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Topology topology = new Topology();
        topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), TOPIC);
        topology.addProcessor("hold", () -> new Holding(busy, release), "in");
        StreamsRunner runner = new StreamsRunner(topology,
                new StreamsSettings(bootstrap, "correlation-service-stop-it", dir, Map.of()));
        QueryServer api = QueryServer.bind(new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC());
        CorrelationService service = new CorrelationService(api, runner, new HostInfo("127.0.0.1", 0));
        try {
            runner.start(Duration.ofMinutes(2));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, new byte[] {1})).get(30, TimeUnit.SECONDS);
            }
            assertThat(busy.await(2, TimeUnit.MINUTES)).as("the record reached the processor").isTrue();
            // When / Then
            assertThatThrownBy(service::close).isInstanceOf(NotStoppedException.class)
                    .hasMessageContaining("Kafka Streams did not stop within 30 s (does Kafka at " + bootstrap
                            + " answer?)");
        } finally {
            release.countDown();
        }
    }

    /** Holds the first record until released (at most 3 minutes). */
    private record Holding(CountDownLatch busy, CountDownLatch release) implements Processor<byte[], byte[], Void, Void> {
        @Override
        public void process(Record<byte[], byte[]> record) {
            busy.countDown();
            try {
                release.await(3, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
