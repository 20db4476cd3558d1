package ai.thinkheads.droptrace.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.json.JsonSerde;
import ai.thinkheads.droptrace.streams.correlate.TestEvents;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventDigestSerdeTest {

    private final EventDigestSerde serde = new EventDigestSerde();

    private EventDigest roundTrip(EventDigest digest) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", digest));
    }

    @Test
    void a_digest_round_trips_with_its_rule_and_line() {
        // Given
        Instant t = Instant.parse("2025-11-20T14:00:00.123456789Z");
        EventDigest digest = EventDigest.of(TestEvents.drop("10.0.0.1", "10.0.0.2", 8443, t), "host.fw:12");
        // Then
        assertThat(roundTrip(digest)).isEqualTo(digest);
    }

    @Test
    void a_digest_without_action_ports_interfaces_rule_or_line_round_trips() {
        // Given
        EventDigest digest = new EventDigest(Instant.EPOCH, null, false, 0, "-", null, null, null, null, null, null,
                null, null);
        // Then
        assertThat(roundTrip(digest)).isEqualTo(digest);
        assertThat(roundTrip(EventDigest.of(TestEvents.event("a", "b", "ICMP", null, Action.ACCEPT, 0,
                "PVEFW-HOST-IN", false, Instant.EPOCH)))).extracting(EventDigest::destinationPort).isNull();
    }

    @Test
    void the_json_form_earlier_versions_stored_is_still_read() {
        // Given
        EventDigest digest = EventDigest.of(TestEvents.drop("a", "b", 22, Instant.parse("2025-11-20T14:00:00Z")), null);
        byte[] json = new JsonSerde<>(EventDigest.class).serializer().serialize("t", digest);
        // Then
        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(digest);
    }

    @Test
    void truncated_bytes_trailing_bytes_and_an_unknown_version_are_serialization_errors() {
        // Given
        byte[] bytes = serde.serializer().serialize("t", EventDigest.of(TestEvents.drop("a", "b", 22, Instant.EPOCH)));
        byte[] future = bytes.clone();
        future[0] = 3;
        // Then
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length + 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unexpected bytes");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 3");
    }
}
