package ai.thinkheads.droptrace.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventBinarySerdeTest {

    private final EventBinarySerde serde = new EventBinarySerde();

    private FirewallEvent roundTrip(FirewallEvent event) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", event));
    }


    @Test
    void an_event_with_every_field_set_round_trips_equal() {
        // Given
        FirewallEvent event = TestEvents.everyField();
        // When
        FirewallEvent back = roundTrip(event);
        // Then
        assertThat(back).isEqualTo(event);
    }

    @Test
    void an_event_with_every_optional_field_empty_round_trips_equal() {
        // Given: no action (a security-group line), no packet fields, no line, no origin
        Packet empty = new Packet(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        FirewallEvent event = new FirewallEvent(FirewallEvent.SCHEMA_VERSION, Instant.EPOCH, null, null, 0, 0, "-",
                null, false, null, null, empty, null, null);
        // Then
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void the_binary_form_is_smaller_than_the_json_form() {
        // Given
        FirewallEvent event = TestEvents.drop("10.0.0.1", "10.0.0.2", 8443, Instant.parse("2025-11-20T14:00:00Z"));
        // When
        byte[] binary = serde.serializer().serialize("t", event);
        byte[] json = Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t", event);
        // Then
        assertThat(binary.length).isLessThan(json.length);
    }

    @Test
    void the_json_form_earlier_versions_repartitioned_is_still_read() {
        // Given
        FirewallEvent event = TestEvents.everyField();
        byte[] json = Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t", event);
        // When
        FirewallEvent back = serde.deserializer().deserialize("t", json);
        // Then
        assertThat(back).isEqualTo(event);
    }

    @Test
    void truncated_bytes_and_an_unknown_version_are_serialization_errors() {
        // Given
        byte[] bytes = serde.serializer().serialize("t", TestEvents.everyField());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
        byte[] future = bytes.clone();
        future[0] = 9;
        // Then
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("ends early");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
    }
}
