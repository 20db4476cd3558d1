package ai.thinkheads.droptrace.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    @AfterEach
    void none() {
        KafkaClientSettings.use(Map.of());
    }

    @Test
    void the_users_settings_are_added_and_win_over_tuning_but_not_over_what_droptrace_needs() {
        // Given
        KafkaClientSettings.use(Map.of("security.protocol", "SSL", "ssl.truststore.location", "/etc/kafka/ca.p12",
                "compression.type", "zstd", "bootstrap.servers", "elsewhere:9092", "acks", "0",
                "value.serializer", "org.example.Other"));
        // When
        Map<String, Object> config = KafkaClientSettings.with(Map.of("bootstrap.servers", "kafka1:9093", "acks", "all",
                "compression.type", "lz4"));
        // Then
        assertThat(config).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("compression.type", "zstd")
                .containsEntry("bootstrap.servers", "kafka1:9093")
                .containsEntry("acks", "all")
                .doesNotContainKey("value.serializer");
    }

    @Test
    void without_settings_a_config_is_unchanged() {
        assertThat(KafkaClientSettings.with(Map.of("bootstrap.servers", "k:9092"))).isEqualTo(Map.of("bootstrap.servers", "k:9092"));
        assertThat(KafkaClientSettings.reserved("group.id")).isTrue();
        assertThat(KafkaClientSettings.reserved("key.deserializer")).isTrue();
        assertThat(KafkaClientSettings.reserved("sasl.jaas.config")).isFalse();
    }
}
