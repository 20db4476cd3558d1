package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpConfigLoaderTest {

    @Test
    void the_phoenix_example_reads_with_every_section() {
        // When
        UpConfig c = UpConfigLoader.load(Path.of("..", "deploy", "phoenix", "droptrace-up.yaml"));
        // Then
        assertThat(c.namespace()).isEqualTo("live");
        assertThat(c.tail().files()).containsExactly("/var/log/pve-firewall.log");
        assertThat(c.syslog().udp()).isEqualTo(5514);
        assertThat(c.firewall().checkEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.probes().config()).isEqualTo("phoenix.yaml");
        assertThat(c.correlator().verdictGrace()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void the_phoenix_example_receives_what_the_shipped_rsyslog_example_sends() throws Exception {
        // Given the rsyslog example that the configuration's syslog section names, and where it sends
        String rsyslog = Files.readString(Path.of("..", "deploy", "syslog", "rsyslog-droptrace.conf"));
        Matcher forward = Pattern.compile("type=\"omfwd\"[^)]*port=\"(\\d+)\" protocol=\"(\\w+)\"").matcher(rsyslog);
        assertThat(forward.find()).as("the example's omfwd action").isTrue();
        int port = Integer.parseInt(forward.group(1));
        // When
        UpConfig c = UpConfigLoader.load(Path.of("..", "deploy", "phoenix", "droptrace-up.yaml"));
        // Then up has a receiver on that protocol and port (it had UDP alone: rsyslog's TCP connections were refused,
        // its disk queue growing, nothing received)
        assertThat(forward.group(2)).isEqualTo("tcp");
        assertThat(c.syslog().tcp()).isEqualTo(port);
    }

    @Test
    void a_tail_may_start_at_the_end_of_its_files(@TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        Files.writeString(file, "tail: {files: [a.log], fromEnd: true}\n");
        // When
        UpConfig c = UpConfigLoader.load(file);
        // Then
        assertThat(c.tail().fromEnd()).isTrue();
        assertThat(UpConfigLoader.load(Path.of("..", "deploy", "phoenix", "droptrace-up.yaml")).tail().fromEnd()).isNull();
    }

    @Test
    void an_unknown_key_is_one_line_naming_the_key_its_section_and_line(@TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        Files.writeString(file, "namespace: live\ncorrelator:\n  apiPort: 7340\n  verdictGrase: 20s\n");
        // Then
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessageStartingWith(file + ": unknown key 'verdictGrase' in correlator (line ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void an_unknown_key_or_a_bad_value_is_reported_at_its_own_line_not_where_its_section_ends(@TempDir Path dir)
            throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        Files.writeString(file, "namespace: live\nstatDir: /var/lib/droptrace\nkafka:\n  port: 9092\n"
                + "firewall:\n  configDir: /etc/pve\ncorrelator:\n  apiPort: 7340\n");
        // Then
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessage(file + ": unknown key 'statDir' at the top level (line 2)");
        Files.writeString(file, "kafka:\n  prot: 9092\n  partitions: 3\nfirewall:\n  configDir: /etc/pve\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessage(file + ": unknown key 'prot' in kafka (line 2)");
        Files.writeString(file, "kafka:\n  port: 70000\n  partitions: 3\nfirewall:\n  configDir: /etc/pve\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessageContaining("kafka.port must be 0-65535").hasMessageEndingWith("(line 1)"); // its section's
    }

    @Test
    void a_bad_value_names_its_key(@TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        Files.writeString(file, "kafka:\n  port: 70000\n");
        // Then
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("kafka.port must be 0-65535");
        Files.writeString(file, "firewall: {checkEvery: soon}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("firewall.checkEvery")
                .hasMessageNotContaining("\n");
        Files.writeString(file, "statsEvery: 100ms\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("statsEvery must be at least 1s");
        Files.writeString(file, "statsEvery: 0s\n");
        assertThat(UpConfigLoader.load(file).statsEvery()).isZero();
        Files.writeString(file, "syslog: {udp: 5514, allow: [10.0.0.1/24]}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("syslog.allow: '10.0.0.1/24' has bits "
                + "set after its /24 (the network is 10.0.0.0/24)").hasMessageNotContaining("\n");
        Files.writeString(file, "syslog: {udp: 5514, allow: [10.0.0.0/24, 'fd00::/8']}\n");
        assertThat(UpConfigLoader.load(file).syslog().allowed().specs()).containsExactly("10.0.0.0/24", "fd00::/8");
    }

    @Test
    void a_probe_concurrency_outside_1_to_512_names_its_key_before_anything_starts(@TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        for (String concurrency : new String[] {"0", "-4", "513"}) {
            Files.writeString(file, "probes: {config: phoenix.yaml, concurrency: " + concurrency + "}\n");
            // Then: as probe run --concurrency, not an unexpected failure once Kafka and the correlator run
            assertThatThrownBy(() -> UpConfigLoader.load(file)).as(concurrency)
                    .hasMessageContaining("probes.concurrency must be 1-512").hasMessageNotContaining("\n");
        }
        Files.writeString(file, "probes: {config: phoenix.yaml, concurrency: 512}\n");
        assertThat(UpConfigLoader.load(file).probes().concurrency()).isEqualTo(512);
    }

    @Test
    void partitions_beyond_what_kafka_creates_in_one_request_name_their_key_before_anything_starts(@TempDir Path dir)
            throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        for (String partitions : new String[] {"0", "-1", "834", "100000"}) {
            Files.writeString(file, "kafka: {partitions: " + partitions + "}\n");
            // Then: not Kafka's "Excessively large number of partitions per request" once the broker runs
            assertThatThrownBy(() -> UpConfigLoader.load(file)).as(partitions)
                    .hasMessageContaining("kafka.partitions must be 1-833 (Kafka creates at most 10000 partitions in one "
                            + "request, and the correlator creates its 12 internal topics, as many partitions each, in "
                            + "one), was " + partitions)
                    .hasMessageNotContaining("\n");
        }
        Files.writeString(file, "kafka: {partitions: 833}\n");
        assertThat(UpConfigLoader.load(file).kafka().partitions()).isEqualTo(833);
    }

    @Test
    void a_phoenix_generator_without_a_phoenix_folder_is_refused_not_ignored(@TempDir Path dir) throws Exception {
        // Given: the generator named beside a Proxmox directory, which is read as it is
        Path file = dir.resolve("up.yaml");
        Files.writeString(file, "firewall: {configDir: /etc/pve, generator: old}\n");

        // Then
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("firewall.generator works with "
                + "firewall.phoenixEtc only").hasMessageNotContaining("\n");
        Files.writeString(file, "firewall: {phoenixEtc: etc, generator: old}\n");
        assertThat(UpConfigLoader.load(file).firewall().generator()).isEqualTo("old");
    }

    @Test
    void the_correlators_internal_topics_are_as_many_as_the_partitions_limit_counts() {
        // Given the correlator's topology: a changelog for each logged store, and its repartition topics
        TopologyDescription topology = CorrelationTopology.build(CorrelationSettings.defaults(Namespace.LIVE)).describe();
        Set<String> internal = new HashSet<>();
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> internal.add(store + "-changelog"));
                }
                if (node instanceof TopologyDescription.Sink sink && sink.topic().endsWith("-repartition")) {
                    internal.add(sink.topic());
                }
            }
        }
        // Then (the global ruleset store reads its topic, no changelog)
        assertThat(internal).hasSize(UpConfig.Kafka.CORRELATOR_TOPICS);
    }

    @Test
    void durations_read_as_the_command_lines_options_read_them(@TempDir Path dir) throws Exception {
        // Given days and mixed units, as --since 2d or --grace 1h30m take them
        Path file = dir.resolve("up.yaml");
        Files.writeString(file, "statsEvery: 2d\nfirewall: {checkEvery: 1m30s}\ncorrelator: {grace: PT1H}\n");
        // Then
        UpConfig config = UpConfigLoader.load(file);
        assertThat(config.statsEvery()).isEqualTo(Duration.ofDays(2));
        assertThat(config.firewall().checkEvery()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.correlator().grace()).isEqualTo(Duration.ofHours(1));
        // And a bad one says the same forms the options' error does, naming its key
        Files.writeString(file, "statsEvery: 2 days\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("statsEvery")
                .hasMessageContaining("'2 days' is not a duration; write it like 90s, 15m, 1h30m, 2d or PT1H")
                .hasMessageNotContaining("\n");
    }

    @Test
    void an_empty_or_missing_file_is_an_error(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("empty.yaml"), "");
        assertThatThrownBy(() -> UpConfigLoader.load(dir.resolve("empty.yaml"))).hasMessageEndingWith("the file is empty");
        assertThatThrownBy(() -> UpConfigLoader.load(dir.resolve("none.yaml"))).hasMessageEndingWith("no such file");
    }

    @Test
    void a_key_given_twice_is_an_error_with_its_line_not_the_last_one_winning(@TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        Files.writeString(file, "namespace: live\nkafka:\n  port: 47300\n  port: 47301\n");
        // Then
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessageStartingWith(file + ": not valid YAML: ")
                .hasMessageContaining("'port'").hasMessageContaining("line 4")
                .hasMessageNotContaining("\n");
        Files.writeString(file, "namespace: live\nnamespace: lab\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("'namespace'")
                .hasMessageContaining("line 2");
    }

    @Test
    void a_syslog_port_outside_0_to_65535_and_a_tail_poll_outside_1ms_to_60s_name_their_key(@TempDir Path dir)
            throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        // Then
        Files.writeString(file, "syslog: {udp: 70000}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("syslog.udp must be 0-65535");
        Files.writeString(file, "syslog: {tcp: -1}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("syslog.tcp must be 0-65535");
        Files.writeString(file, "tail: {files: [a.log], poll: 0s}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("tail.poll must be 1ms to 60s");
        Files.writeString(file, "tail: {files: [a.log], poll: 2m}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("tail.poll must be 1ms to 60s");
        Files.writeString(file, "tail: {files: [a.log], poll: 1ms}\nsyslog: {udp: 0, tcp: 65535}\n");
        assertThat(UpConfigLoader.load(file).tail().poll()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void an_empty_section_or_an_empty_tail_list_is_an_error_not_left_out_or_the_default_file(@TempDir Path dir)
            throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        // Then
        Files.writeString(file, "namespace: live\nsyslog:\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessage(file + ": syslog is empty (line 2): give its keys, or leave it out");
        Files.writeString(file, "tail:\nnamespace: live\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessage(file + ": tail is empty (line 1): give its keys, or leave it out");
        Files.writeString(file, "tail: {files: []}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageContaining("tail.files is empty: name the "
                + "files to follow, or leave the tail section out");
        Files.writeString(file, "tail: {poll: 1s}\n");
        assertThat(UpConfigLoader.load(file).tail().files()).containsExactly("/var/log/pve-firewall.log");
    }
    @Test
    void a_second_document_an_alias_or_a_key_with_nothing_after_it_is_an_error_not_read_as_something_else(
            @TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        // Then: not the embedded broker on its default port 9092, the second document left out
        Files.writeString(file, "namespace: live\n---\nkafka: {bootstrapServers: kafka1:9092}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessage(file + ": a second YAML document begins at line 2 ('---'), and an up configuration is one "
                        + "document: merge its keys into the first, or remove it");
        // not a namespace named 's'
        Files.writeString(file, "stateDir: &s /var/lib/droptrace\nnamespace: *s\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file)).hasMessageStartingWith(file + ": namespace: *s is a YAML "
                + "alias, which droptrace does not expand").hasMessageEndingWith("(line 2)");
        // not the default port 9092
        Files.writeString(file, "kafka:\n  port:\n  partitions: 1\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessage(file + ": kafka.port: is empty: an entry with nothing in it (line 2)");
    }
    @Test
    void a_number_with_a_fraction_or_a_list_entry_left_empty_is_named_with_its_key_and_line(@TempDir Path dir)
            throws Exception {
        // Given
        Path file = dir.resolve("up.yaml");
        // Then: not port 9092, cut to its integer part
        Files.writeString(file, "namespace: live\nkafka: {port: 9092.5}\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessageStartingWith(file + ": kafka.port: '9092.5'").hasMessageEndingWith("(line 2)");
        // not "tail: invalid value"
        Files.writeString(file, "tail:\n  files:\n    - /var/log/pve-firewall.log\n    -\n");
        assertThatThrownBy(() -> UpConfigLoader.load(file))
                .hasMessage(file + ": tail.files[1]: is empty: an entry with nothing in it (line 4)");
    }
}
