package ai.thinkheads.droptrace.streams.pairs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairCountTopologyTest {

    private static final Namespace NS = Namespace.of("test");
    private static final Instant T0 = Instant.parse("2025-11-20T14:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<FlowKey, FirewallEvent> input;
    private KeyValueStore<PairKey, PairDrops> store;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pair-count-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // A state directory of its own: the default (/tmp/kafka-streams/<application id>) is shared
        // with every other test JVM on the machine running the same tests.
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PairCountTopology.build(NS), props);
        input = driver.createInputTopic(Topics.FIREWALL_EVENTS.name(NS),
                Topics.FIREWALL_EVENTS.keySerde().serializer(), Topics.FIREWALL_EVENTS.valueSerde().serializer());
        store = driver.getKeyValueStore(PairCountTopology.STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static FirewallEvent event(String src, String dst, String proto, Integer dport, Action action, Instant time) {
        Packet packet = new Packet(null, null, null, null, null, null, null, src, dst, 4, 60, null, null, null, null,
                null, null, null, null, null, proto, 40000, dport, null, null, null, null, null, null, null, null,
                null, null, null, null);
        return new FirewallEvent(FirewallEvent.SCHEMA_VERSION, time, "+0000", null, 0, 6, "PVEFW-HOST-IN", action,
                false, action == null ? "" : action.name(), Backend.IPTABLES, packet, "line", Origin.of("test", 1));
    }

    private void pipe(FirewallEvent e) {
        input.pipeInput(e.flow(), e, e.time());
    }

    @Test
    void drops_and_rejects_are_counted_per_pair_with_their_ports() {
        // Given
        pipe(event("10.0.0.153", "10.0.0.12", "TCP", 8443, Action.DROP, T0));
        pipe(event("10.0.0.153", "10.0.0.12", "TCP", 8443, Action.DROP, T0.plusSeconds(1)));
        pipe(event("10.0.0.153", "10.0.0.12", "TCP", 80, Action.REJECT, T0.plusSeconds(2)));
        pipe(event("10.0.0.12", "10.0.0.10", "UDP", 53, Action.DROP, T0.plusSeconds(3)));
        // When
        PairDrops web = store.get(new PairKey("10.0.0.153", "10.0.0.12"));
        PairDrops dns = store.get(new PairKey("10.0.0.12", "10.0.0.10"));
        // Then
        assertThat(web.drops()).isEqualTo(2);
        assertThat(web.rejects()).isEqualTo(1);
        assertThat(web.ports()).containsExactly("tcp/80", "tcp/8443");
        assertThat(web.firstSeen()).isEqualTo(T0);
        assertThat(web.lastSeen()).isEqualTo(T0.plusSeconds(2));
        assertThat(dns.drops()).isEqualTo(1);
        assertThat(dns.ports()).containsExactly("udp/53");
    }

    @Test
    void accepts_and_action_less_group_lines_do_not_create_a_pair() {
        // Given
        pipe(event("10.0.0.153", "10.0.0.12", "TCP", 80, Action.ACCEPT, T0));
        pipe(event("10.0.0.13", "10.0.0.153", "TCP", 443, null, T0));
        // Then
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void an_icmp_drop_is_labelled_by_protocol_alone_and_event_time_order_does_not_matter() {
        // Given
        pipe(event("10.0.0.13", "10.0.0.111", "ICMP", null, Action.DROP, T0.plusSeconds(60)));
        pipe(event("10.0.0.13", "10.0.0.111", "ICMP", null, Action.DROP, T0));
        // When
        PairDrops ping = store.get(new PairKey("10.0.0.13", "10.0.0.111"));
        // Then
        assertThat(ping.ports()).containsExactly("icmp");
        assertThat(ping.firstSeen()).isEqualTo(T0);
        assertThat(ping.lastSeen()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void every_processor_and_store_has_a_stable_name() {
        String description = PairCountTopology.build(NS).describe().toString();
        assertThat(description).contains("firewall-events-source", "blocked-only", "count-pair-drops",
                "by-pair-repartition", "pair-drops");
        assertThat(description).doesNotContain("KSTREAM-FILTER-0", "KSTREAM-AGGREGATE-STATE-STORE");
    }
}
