package ai.thinkheads.droptrace.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @TempDir
    Path dir;

    @Test
    void a_broker_started_twice_on_the_same_directory_keeps_its_records() throws Exception {
        // Given
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir).start()) {
            // When
            produce(broker.bootstrapServers(), "kept", "first");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir).start()) {
            // Then
            assertThat(consumeAll(broker.bootstrapServers(), "kept", 1)).containsExactly("first");
        }
        assertThat(Files.exists(dir.resolve("kraft-logs"))).isTrue();
    }

    @Test
    void a_temporary_broker_deletes_its_directory_when_closed() {
        // Given
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
        Path data = broker.dataDir();
        // When
        broker.close();
        // Then
        assertThat(Files.exists(data)).isFalse();
    }

    @Test
    void the_shared_broker_answers_real_produce_and_consume() throws Exception {
        // Given
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        // When
        produce(bootstrap, "shared-roundtrip", "hello");
        // Then
        assertThat(consumeAll(bootstrap, "shared-roundtrip", 1)).containsExactly("hello");
        assertThat(SharedKafkaBroker.bootstrapServers()).isEqualTo(bootstrap);
    }

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
