package ai.thinkheads.droptrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class DemoCommandIT {

    @Test
    void the_demo_prints_the_exact_pair_counts_of_the_sample_as_json() throws Exception {
        // Given
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        // When
        CliRun run = CliRun.of("demo", "--bootstrap-servers", bootstrap, "--namespace", "demo-it-json", "--output", "json");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode doc = Json.events().readTree(run.out());
        assertThat(doc.get("lines").get("read").asLong()).isEqualTo(21);
        assertThat(doc.get("lines").get("parsed").asLong()).isEqualTo(15);
        assertThat(doc.get("lines").get("status").asLong()).isEqualTo(4);
        assertThat(doc.get("lines").get("deadLettered").asLong()).isEqualTo(2);
        assertThat(doc.get("lines").get("skippedByLogger").asLong()).isEqualTo(7);
        Map<String, String> pairs = new HashMap<>();
        for (JsonNode p : doc.get("pairs")) {
            pairs.put(p.get("source").asText() + ">" + p.get("destination").asText(),
                    p.get("drops").asLong() + "/" + p.get("rejects").asLong() + " " + p.get("ports"));
        }
        assertThat(pairs).containsExactlyInAnyOrderEntriesOf(Map.of(
                "10.0.0.153>10.0.0.12", "4/0 [\"tcp/8443\"]",
                "10.0.0.12>10.0.0.10", "2/0 [\"tcp/9000\"]",
                "10.0.0.153>10.0.0.10", "1/0 [\"tcp/9000\"]",
                "10.0.0.12>10.0.0.111", "0/2 [\"tcp/9443\"]",
                "10.0.0.10>10.0.0.13", "1/0 [\"udp/53\"]",
                "10.0.0.12>10.0.0.13", "1/0 [\"udp/53\"]",
                "fd00:10::153>fd00:10::12", "0/1 [\"tcp/8443\"]",
                "10.0.0.13>10.0.0.111", "1/0 [\"icmp\"]"));
        // And every failed probe of the bundled results has its verdict, naming the rule by file:line
        assertThat(doc.get("probeResults").asInt()).isEqualTo(11);
        List<String> verdicts = new ArrayList<>();
        for (JsonNode v : doc.get("verdicts")) {
            verdicts.add(v.get("probe").get("probeId").asText() + " " + v.get("verdict").asText() + " "
                    + v.get("confidence").asText() + " " + v.path("rule").path("kind").asText("-") + " "
                    + (v.has("rule") ? v.get("rule").get("file").asText() + ":"
                            + v.get("rule").path("line").asText(v.get("rule").path("text").asText()) : "-"));
        }
        assertThat(verdicts).containsExactly(
                "nginx-to-traefik-8443 BLOCKED_LOGGED HIGH policy firewall/102.fw:policy_in: DROP (default)",
                "traefik-to-stepca CONFLICTING_EVIDENCE LOW rule firewall/103.fw:9",
                "nginx-to-traefik-web NOT_FIREWALL MEDIUM rule firewall/102.fw:7",
                "nginx-to-stepca BLOCKED_LOGGED HIGH policy firewall/103.fw:policy_in: DROP (default)",
                "traefik-to-portainer-9000 REJECTED MEDIUM rule firewall/1001.fw:8",
                "stepca-dns BLOCKED_LOGGED HIGH policy firewall/103.fw:4",
                "nginx-to-traefik-8443 BLOCKED_PREDICTED HIGH policy firewall/102.fw:policy_in: DROP (default)",
                "traefik-to-portainer-tls TLS_HOSTNAME_MISMATCH HIGH - -",
                "portainer-to-drphoenix-agent SERVICE_DOWN MEDIUM policy firewall/1001.fw:policy_out: ACCEPT (default)",
                "nginx-to-traefik-web OK HIGH - -");
        JsonNode first = doc.get("verdicts").get(0);
        assertThat(first.get("drops").asInt()).isEqualTo(3);
        assertThat(first.get("evidence")).hasSize(3);
        assertThat(first.get("fix").get("after").asText()).isEqualTo("IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
        JsonNode predicted = doc.get("verdicts").get(6);
        assertThat(predicted.get("suggestion").get("after").asText()).isEqualTo("log_level_in: info");
        // And the dead letters really are on the dead-letter topic, with their reasons
        List<JsonNode> dead = readAll(bootstrap, Topics.UNPARSED.name(Namespace.of("demo-it-json")), 2);
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(d -> d.get("reason").asText())
                .anySatisfy(r -> assertThat(r).contains("bad timestamp"))
                .anySatisfy(r -> assertThat(r).contains("no vmid"));
    }

    @Test
    void a_namespace_given_that_is_in_use_is_refused_rather_than_added_to() {
        // Given: a namespace an earlier demo filled
        CliRun first = CliRun.of("demo", "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "demo-it-again");
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
        // When
        CliRun again = CliRun.of("demo", "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "demo-it-again");
        // Then: not a table with every count doubled
        assertThat(again.exitCode()).as(again.out()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.out()).isEmpty();
        assertThat(again.err().strip()).startsWith("droptrace: namespace demo-it-again is in use (droptrace.demo-it-again.")
                .contains("leave --namespace out").doesNotContain("\n");
    }

    @Test
    void the_demo_prints_a_table_with_upper_case_headers_and_the_dead_letter_count() {
        CliRun run = CliRun.of("demo", "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "demo-it-text");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out())
                .contains("2 lines to the dead-letter topic droptrace.demo-it-text.unparsed")
                .containsPattern("SOURCE +DESTINATION +DROPS +REJECTS +PORTS")
                .containsPattern("10\\.0\\.0\\.153 +10\\.0\\.0\\.12 +4 +0 +tcp/8443")
                .containsPattern("PROBE +VERDICT +SURE +FLOW")
                .containsPattern("nginx-to-traefik-8443 +BLOCKED_PREDICTED +HIGH .*firewall/102\\.fw:policy_in")
                .contains("Verdicts (10): 9 on failed probes, 1 OK for a failed probe that passed again:")
                .contains("See each in full: droptrace verdicts --details --bootstrap-servers "
                        + SharedKafkaBroker.bootstrapServers() + " --namespace demo-it-text");
        // And the sample Phoenix site's declared configuration is traced before a packet is sent
        assertThat(run.out())
                .contains("16 paths traced, 10 must-work paths blocked by the configuration itself")
                .containsPattern("stepca-dns +udp 10\\.0\\.0\\.10 -> 10\\.0\\.0\\.13:53 +DROP +rule firewall/103\\.fw:8 "
                        + "<- phoenix_lxc_configs\\.json:\\d+ \\.lxc_configs\\[\"103\"\\]\\.firewall\\.rules\\[3\\]")
                .containsPattern("nginx-to-traefik-mesh +tcp 10\\.0\\.0\\.153 -> 10\\.0\\.0\\.12:8443 +DROP +policy DROP "
                        + "firewall/102\\.fw \\(default\\)")
                .doesNotContainPattern("nginx-to-traefik-web +tcp .* DROP");
    }

    private static List<JsonNode> readAll(String bootstrap, String topic, int expected) throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "demo-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(Json.events().readTree(record.value()));
                }
            }
        }
        return values;
    }
}
