package ai.thinkheads.droptrace.streams.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class StreamsRunnerTest {

    private static final StreamsSettings BASE = new StreamsSettings("127.0.0.1:9092", "droptrace-live-correlate",
            Path.of("/tmp/state"), Map.of());

    @Test
    void by_default_an_instance_runs_exactly_once_without_standby_replicas_or_an_application_server() {
        // When
        Properties p = StreamsRunner.properties(BASE);
        // Then
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(0);
        assertThat(p).doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
    }

    @Test
    void an_instance_with_a_query_api_advertises_it_as_its_application_server() {
        // When
        Properties p = StreamsRunner.properties(BASE.withApplicationServer(new HostInfo("127.0.0.1", 7340))
                .withGuarantee(ProcessingGuarantee.AT_LEAST_ONCE));
        // Then
        assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("127.0.0.1:7340");
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    }

    @Test
    void the_users_client_settings_reach_kafka_streams_but_not_over_its_own_ids_and_guarantee() {
        // Given the settings of --kafka-config, one of them a key droptrace keeps
        ai.thinkheads.droptrace.core.kafka.KafkaClientSettings.use(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "application.id", "someone-elses", "processing.guarantee",
                "at_least_once"));
        try {
            // When
            Properties p = StreamsRunner.properties(BASE);
            // Then
            assertThat(p.get("security.protocol")).isEqualTo("SASL_SSL");
            assertThat(p.get("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
            assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("droptrace-live-correlate");
            assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        } finally {
            ai.thinkheads.droptrace.core.kafka.KafkaClientSettings.use(Map.of());
        }
    }

    @Test
    void a_manual_shutdown_signal_is_raised_only_by_a_stop_request() {
        try (ShutdownSignal signal = ShutdownSignal.manual()) {
            assertThat(signal.await(Duration.ofMillis(10))).isFalse();
            signal.requestStop();
            assertThat(signal.stopRequested()).isTrue();
            assertThat(signal.await(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void an_installed_shutdown_signal_removes_its_hook_when_closed() {
        // Given
        ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(1));
        // When
        signal.close();
        // Then: closing twice is harmless, the hook is gone
        signal.close();
        assertThat(signal.stopRequested()).isFalse();
    }
}
