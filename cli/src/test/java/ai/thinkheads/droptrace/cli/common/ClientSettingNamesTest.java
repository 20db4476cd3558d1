package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientSettingNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"security.protocol", "ssl.truststore.location", "sasl.jaas.config", "linger.ms",
        "max.poll.records", "num.stream.threads", "producer.linger.ms", "main.consumer.max.poll.records",
        "admin.request.timeout.ms", "topic.min.insync.replicas", "config.providers",
        "config.providers.file.class"})
    void the_settings_of_the_producer_consumer_admin_client_and_kafka_streams_are_known(String key) {
        assertThat(ClientSettingNames.known(key)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"ssl.truststore.locaton, ssl.truststore.location", "sasl.jass.config, sasl.jaas.config",
        "secuirty.protocol, security.protocol", "ssl.trustore.password, ssl.truststore.password",
        "producer.linger.msec, ''", "foo.bar, ''"})
    void a_key_that_is_none_of_them_is_unknown_and_the_nearest_name_is_given_when_it_is_near(String key, String nearest) {
        assertThat(ClientSettingNames.known(key)).isFalse();
        assertThat(ClientSettingNames.nearest(key)).isEqualTo(nearest.isEmpty() ? null : nearest);
    }
}
