package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.deploy.tls.Keytool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaConnectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "", "127.0.0.1:99999", "kafka1:9092,", "kafka1:port", "127.0.0.1:99999999999",
        "127.0.0.1:0"})
    void a_bootstrap_server_that_is_not_host_and_port_is_a_usage_error_at_once(String servers) {
        // When
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", servers);
        // Then: not 15 s of waiting for an answer, then 'Kafka unavailable'
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("is not HOST:PORT");
    }

    @Test
    void a_kafka_config_value_the_client_cannot_take_is_the_files_error_at_once(@TempDir Path dir) throws IOException {
        // Given: a timeout written as a duration, and a cluster that would refuse connections
        Path file = Files.writeString(dir.resolve("client.properties"), "request.timeout.ms=30s\n");

        // When
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", file.toString());

        // Then: not 15 s of waiting, then 'cannot reach Kafka ... Connection refused'
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).containsExactly("droptrace: --kafka-config " + file + ": Invalid value 30s for "
                + "configuration request.timeout.ms: Not a number of type INT");
    }

    @Test
    void a_kafka_config_that_is_not_utf8_names_the_byte_and_its_line(@TempDir Path dir) throws IOException {
        // Given a password saved as Latin-1 on line 2
        Path file = Files.write(dir.resolve("client.properties"), "security.protocol=SASL_SSL\nsasl.jaas.config=x p\u00e4ss\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        // When
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", file.toString());

        // Then: not "Input length = 1"
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).containsExactly("droptrace: cannot read --kafka-config " + file + ": not UTF-8 "
                + "text: byte 0xE4 on line 2; a binary file, or one saved in another encoding? save it as UTF-8");
    }

    @Test
    void a_kafka_config_keystore_or_truststore_that_is_not_there_is_the_files_error_at_once(@TempDir Path dir)
            throws IOException {
        // Given: a truststore moved away, a keystore path that is a directory, and a cluster that would refuse connections
        Path gone = dir.resolve("truststore.p12");
        Path trust = Files.writeString(dir.resolve("trust.properties"), "security.protocol=SSL\n"
                + "ssl.truststore.location=" + gone + "\n");
        Path key = Files.writeString(dir.resolve("key.properties"), "security.protocol=SSL\n"
                + "ssl.keystore.location=" + dir + "\n");

        // When
        CliRun missing = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", trust.toString());
        CliRun directory = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", key.toString());

        // Then: not 15 s of Kafka's ERROR lines, one a second, then 'cannot reach Kafka', exit 4
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(missing.err().lines()).containsExactly("droptrace: --kafka-config " + trust
                + ": ssl.truststore.location " + gone + ": no such file");
        assertThat(directory.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(directory.err().lines()).containsExactly("droptrace: --kafka-config " + key
                + ": ssl.keystore.location " + dir + ": a directory, not a file");
    }

    @Test
    void a_key_that_is_no_client_setting_is_named_with_the_nearest_one_instead_of_dropped_in_silence(@TempDir Path dir)
            throws IOException {
        // Given a misspelt truststore location: Kafka's clients ignore the key, leaving a password without a store
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n"
                + "ssl.truststore.locaton=/etc/droptrace/trust.p12\nssl.truststore.password=changeit\n"
                + "producer.linger.ms=5\n");

        // When
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", file.toString());

        // Then the key is named, with the one meant, before the failure it leads to
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).containsExactly("droptrace: warning: --kafka-config " + file
                + ": ssl.truststore.locaton is not a setting of Kafka's clients (ssl.truststore.location?); they ignore "
                + "it, unless a plugin of these settings reads it", "droptrace: --kafka-config " + file + ": Kafka's "
                + "client cannot be made with these settings (SSL trust store is not specified, but trust store "
                + "password is specified.)");
    }

    @Test
    void a_truststore_its_password_does_not_open_is_the_files_error_at_once_without_the_password(@TempDir Path dir)
            throws Exception {
        // Given a truststore made with one password, and settings that give another
        Path truststore = dir.resolve("trust.p12");
        Keytool.keyPair(truststore, "changeit", "ca", "CN=ca");
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n"
                + "ssl.truststore.location=" + truststore + "\nssl.truststore.password=Wr0ngPassw0rd\n");

        // When
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", file.toString());
        CliRun verbose = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", file.toString(), "-v");

        // Then: not 15 s of waiting, then 'cannot reach Kafka ... (Failed to create new NetworkClient)', exit 4
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).containsExactly("droptrace: --kafka-config " + file + ": Kafka's client cannot be "
                + "made with these settings (Failed to load SSL keystore " + truststore + " of type JKS: keystore "
                + "password was incorrect)");
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(verbose.err()).contains("keystore password was incorrect").doesNotContain("Wr0ngPassw0rd");
    }

    @Test
    void a_jaas_configuration_that_does_not_parse_is_the_files_error_at_once_without_a_piece_of_the_password(
            @TempDir Path dir) throws IOException {
        // Given a JAAS configuration whose password has a stray quote: the parser stops at 'S3cret;', and names it
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_PLAINTEXT\n"
                + "sasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"droptrace\" password=My\"S3cret;\n");

        // When
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", file.toString());
        CliRun verbose = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", file.toString(), "-v");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).containsExactly("droptrace: --kafka-config " + file + ": Kafka's client cannot be "
                + "made with these settings (Value not specified for key '...' in JAAS config)");
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(verbose.err()).contains("in JAAS config").doesNotContain("S3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alerts", "verdicts", "unparsed"})
    void a_bad_namespace_is_a_usage_error_before_kafka_is_reached(String command) {
        // Given: a Kafka that refuses connections, so reaching it first would end in 'Kafka unavailable'
        // When
        CliRun run = CliRun.of(command, "--namespace", "a/b", "--bootstrap-servers", "127.0.0.1:1");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("namespace 'a/b' is not valid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka1:9092", "kafka1:9092, kafka2:9092", "[::1]:9092", "SASL_SSL://kafka1:9093",
            "not-resolvable.invalid:9092"})
    void the_forms_the_kafka_client_takes_pass_without_a_name_lookup(String servers) {
        assertThatCode(() -> KafkaConnection.checkAddresses(servers)).doesNotThrowAnyException();
    }

    @Test
    void a_stop_ends_the_wait_for_a_cluster_that_does_not_answer_instead_of_its_15_s() throws IOException {
        // Given: a loopback port nothing listens on, and a stop already asked for (SIGTERM, Ctrl-C)
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        StoppedOpen command = new StoppedOpen();
        // When
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).setErr(new java.io.PrintWriter(err)).execute("--bootstrap-servers",
                "127.0.0.1:" + closed);
        // Then: no connection, and not the 'cannot reach Kafka within 15 s' failure either
        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(command.opened).isFalse();
    }

    @Command(name = "stopped-open")
    static final class StoppedOpen implements Callable<Integer> {
        @Mixin
        private KafkaOptions common;
        private boolean opened = true;

        @Override
        public Integer call() {
            try (KafkaConnection kafka = KafkaConnection.open(common, () -> true)) {
                opened = kafka != null;
            }
            return ExitCodes.OK;
        }
    }
}
