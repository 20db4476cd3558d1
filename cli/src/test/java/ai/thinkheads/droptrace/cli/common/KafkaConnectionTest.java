package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.thinkheads.droptrace.cli.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaConnectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "", "127.0.0.1:99999", "kafka1:9092,", "kafka1:port", "127.0.0.1:99999999999"})
    void a_bootstrap_server_that_is_not_host_and_port_is_a_usage_error_at_once(String servers) {
        // When
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", servers);
        // Then: not 15 s of waiting for an answer, then 'Kafka unavailable'
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("is not HOST:PORT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka1:9092", "kafka1:9092, kafka2:9092", "[::1]:9092", "SASL_SSL://kafka1:9093",
            "not-resolvable.invalid:9092"})
    void the_forms_the_kafka_client_takes_pass_without_a_name_lookup(String servers) {
        assertThatCode(() -> KafkaConnection.checkAddresses(servers)).doesNotThrowAnyException();
    }
}
