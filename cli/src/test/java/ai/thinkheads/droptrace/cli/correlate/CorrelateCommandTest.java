package ai.thinkheads.droptrace.cli.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrelateCommandTest {

    @Test
    void a_must_work_flow_that_is_not_four_comma_separated_parts_is_a_usage_error() {
        // When
        CliRun run = CliRun.of("correlate", "--must-work", "10.0.0.153->10.0.0.12:8443",
                "--bootstrap-servers", "127.0.0.1:1");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("SOURCE,DESTINATION,PROTOCOL,PORT").doesNotContain("\tat ");
    }

    @Test
    void a_wildcard_api_address_without_an_advertised_host_is_refused_before_kafka_is_touched() {
        // When
        CliRun run = CliRun.of("correlate", "--api-address", "0.0.0.0", "--bootstrap-servers", "127.0.0.1:1");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--api-advertise");
    }

    @Test
    void a_bad_grace_is_a_usage_error() {
        CliRun run = CliRun.of("correlate", "--grace", "soon", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'soon' is not a duration");
    }

    @Test
    void a_verdict_window_or_grace_over_an_hour_names_the_option_and_its_value() {
        // When
        CliRun window = CliRun.of("correlate", "--verdict-window", "2h", "--bootstrap-servers", "127.0.0.1:1");
        CliRun grace = CliRun.of("correlate", "--verdict-grace", "90m30s", "--bootstrap-servers", "127.0.0.1:1");
        // Then: not 'the verdict window and grace must be at most 1 h', leaving the user to guess which
        assertThat(window.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(window.err().strip()).isEqualTo("droptrace: --verdict-window must be at most 60 min, was 120 min");
        assertThat(grace.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(grace.err().strip()).isEqualTo("droptrace: --verdict-grace must be at most 60 min, was 5430.0 s");
    }

    @Test
    void the_guarantee_is_written_and_asked_for_as_kafka_streams_and_the_docs_write_it() {
        // When
        CliRun help = CliRun.of("correlate", "--help");
        CliRun wrong = CliRun.of("correlate", "--guarantee", "exactly-once", "--bootstrap-servers", "127.0.0.1:1");
        // Then: not EXACTLY_ONCE_V2, AT_LEAST_ONCE beside the docs' '--guarantee at_least_once'
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Processing guarantee: exactly_once_v2 or at_least_once. "
                + "Default: exactly_once_v2.")
                .doesNotContain("AT_LEAST_ONCE");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("'exactly-once' is not a processing guarantee: use exactly_once_v2 or "
                + "at_least_once").doesNotContain("AT_LEAST_ONCE");
    }

    @Test
    void an_api_address_of_another_machine_is_a_usage_error_before_kafka_is_touched() {
        // Given: a kernel that binds only its own addresses (net.ipv4.ip_nonlocal_bind=1 would let it listen there)
        org.junit.jupiter.api.Assumptions.assumeFalse(nonLocalBind(), "net.ipv4.ip_nonlocal_bind is 1 here");
        // When: an address of TEST-NET-1, which no interface here has
        CliRun run = CliRun.of("correlate", "--api-address", "192.0.2.1", "--bootstrap-servers", "127.0.0.1:1");
        // Then: not exit 1, "cannot listen on http://192.0.2.1:7340 ...: Cannot assign requested address"
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("droptrace: --api-address 192.0.2.1 is not an address of this machine");
    }

    @Test
    void no_partitions_is_a_usage_error_before_kafka_is_touched() {
        // When
        CliRun run = CliRun.of("correlate", "--partitions", "0", "--bootstrap-servers", "127.0.0.1:1");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--partitions 0 is out of range").doesNotContain("unexpected");
    }

    @Test
    void more_partitions_than_kafka_creates_in_one_request_is_a_usage_error_before_kafka_is_touched() {
        // When: 1500 partitions for each of the 12 internal topics Kafka Streams creates in one request, over 10000
        CliRun run = CliRun.of("correlate", "--partitions", "1500", "--bootstrap-servers", "127.0.0.1:1");
        // Then: not 'unexpected failure: Excessively large number of partitions per request' once Kafka refused it
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--partitions 1500 is out of range: 1 to 833").doesNotContain("unexpected");
    }

    @Test
    void an_application_id_kafka_streams_would_refuse_is_a_usage_error_before_kafka_is_touched() {
        // When
        CliRun run = CliRun.of("correlate", "--application-id", "bad id/x", "--bootstrap-servers", "127.0.0.1:1");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--application-id: application id may only hold letters")
                .doesNotContain("unexpected");
    }

    @Test
    void an_application_id_too_long_for_the_internal_topics_named_after_it_is_a_usage_error_before_kafka_is_touched() {
        // Given: the longest internal topic is <id>-pair-minute-buckets-changelog, and Kafka takes names of 249 at most
        String fits = "a".repeat(219);
        String tooLong = "a".repeat(220);

        // When
        CliRun run = CliRun.of("correlate", "--application-id", tooLong, "--bootstrap-servers", "127.0.0.1:1");

        // Then: before, Kafka Streams' ERROR and 'unexpected failure: Invalid topics: [...]', exit 1, once it ran
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).containsExactly("droptrace: --application-id: application id of 220 characters: "
                + "Kafka Streams names its internal topics after it (<id>-pair-minute-buckets-changelog), and Kafka takes "
                + "topic names of at most 249; give one of at most 219");
        assertThatCode(() -> StreamsSettings.checkApplicationId(fits, CorrelationTopology.build(
                CorrelationSettings.defaults(Namespace.LIVE)))).doesNotThrowAnyException();
    }

    @Test
    void a_query_api_port_another_process_holds_is_one_line_before_kafka_is_touched() throws Exception {
        // Given: the port held by another process's socket
        try (java.net.ServerSocket held = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            // When
            CliRun run = CliRun.of("correlate", "--api-port", String.valueOf(port), "--bootstrap-servers", "127.0.0.1:1");
            // Then: not Kafka's answer first (an embedded broker started, or 15 s of waiting for this one)
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err().lines()).hasSize(1);
            assertThat(run.err()).contains("cannot listen on http://127.0.0.1:" + port + " for the query API")
                    .contains("--api-port").doesNotContain("Kafka");
        }
    }

    @Test
    void a_state_directory_that_cannot_be_made_is_one_line_before_kafka_is_touched(@TempDir Path dir)
            throws Exception {
        // Given: a state directory under a regular file
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        // When
        CliRun run = CliRun.of("correlate", "--state-dir", file.resolve("state").toString(), "--api-port", "0",
                "--bootstrap-servers", "127.0.0.1:1");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("cannot create the directory " + file.resolve("state"))
                .contains("--state-dir").doesNotContain("unexpected").doesNotContain("Kafka");
    }

    @Test
    void a_state_directory_a_running_correlator_holds_is_one_line_before_kafka_is_touched(@TempDir Path dir)
            throws Exception {
        // Given: the lock Kafka Streams holds in the state directory of a running instance of the application
        Path lock = Files.createDirectories(dir.resolve("droptrace-live-correlate")).resolve(".lock");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lock,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = channel.lock()) {
            // When: a second instance given the same --state-dir
            CliRun run = CliRun.of("correlate", "--state-dir", dir.toString(), "--api-port", "0",
                    "--bootstrap-servers", "127.0.0.1:1");
            // Then
            assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(run.err().strip()).isEqualTo("droptrace: the state directory " + dir + " is in use by another "
                    + "running correlator of application droptrace-live-correlate; give each instance its own "
                    + "--state-dir");
        }
    }

    private static boolean nonLocalBind() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind")).strip()
                    .equals("1");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
