package ai.thinkheads.droptrace.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    static FirewallEvent event() {
        Packet packet = new Packet("fwbr102i0", "fwbr102i0", "fwln102i0", "veth102i0", null, null, null,
                "10.0.0.153", "10.0.0.12", 4, 60, "0x00", "0x00", 64, 48211L, null, List.of("DF"), null, null, null,
                "TCP", 41562, 8443, 3120094471L, 0L, 64240, List.of("SYN"), null, null, null, null, null, null, null,
                null);
        return new FirewallEvent(FirewallEvent.SCHEMA_VERSION, Instant.parse("2025-11-20T14:01:12Z"), "-0500", null,
                102, 6, "veth102i0-IN", Action.DROP, true, "policy DROP", Backend.IPTABLES, packet, "the line",
                Origin.of("test", 1));
    }

    @Test
    void a_firewall_event_round_trips_through_its_topic_serde() {
        // Given
        var serde = Topics.FIREWALL_EVENTS.valueSerde();
        // When
        byte[] bytes = serde.serializer().serialize("t", event());
        FirewallEvent back = serde.deserializer().deserialize("t", bytes);
        // Then
        assertThat(back).isEqualTo(event());
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"time\":\"2025-11-20T14:01:12Z\"")
                .doesNotContain("\"macSource\"");
        assertThat(back.flow().encode()).isEqualTo("10.0.0.153|10.0.0.12|tcp|8443");
    }

    @Test
    void an_event_from_a_newer_writer_with_extra_fields_is_still_read() {
        // Given
        var serde = Topics.FIREWALL_EVENTS.valueSerde();
        String json = new String(serde.serializer().serialize("t", event()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\":42,");
        // When
        FirewallEvent back = serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        // Then
        assertThat(back.chain()).isEqualTo("veth102i0-IN");
    }

    @Test
    void bytes_that_are_not_an_event_fail_with_the_topic_and_without_the_payload() {
        var serde = Topics.FIREWALL_EVENTS.valueSerde();
        assertThatThrownBy(() -> serde.deserializer().deserialize("droptrace.live.firewall-events",
                "{\"secret-payload\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("droptrace.live.firewall-events")
                .hasMessageNotContaining("secret-payload");
    }
}
