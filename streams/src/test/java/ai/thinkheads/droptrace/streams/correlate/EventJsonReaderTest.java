package ai.thinkheads.droptrace.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonReaderTest {

    private final Serde<FirewallEvent> serde = Topics.FIREWALL_EVENTS.valueSerde();

    private byte[] json(FirewallEvent event) {
        return serde.serializer().serialize("t", event);
    }

    private FirewallEvent bySerde(byte[] bytes) {
        return serde.deserializer().deserialize("t", bytes);
    }

    @Test
    void an_event_with_every_field_set_reads_equal_to_what_the_serde_reads() {
        // Given
        FirewallEvent event = TestEvents.everyField();
        byte[] bytes = json(event);
        // When
        FirewallEvent read = EventJsonReader.read(bytes);
        // Then
        assertThat(read).isNotNull().isEqualTo(event).isEqualTo(bySerde(bytes));
    }

    @Test
    void an_event_with_every_optional_field_empty_reads_equal_to_what_the_serde_reads() {
        // Given: no action, no packet fields, no line, no origin, the epoch
        Packet empty = new Packet(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        FirewallEvent event = new FirewallEvent(FirewallEvent.SCHEMA_VERSION, Instant.EPOCH, null, null, 0, 0, "-",
                null, false, null, null, empty, null, null);
        byte[] bytes = json(event);
        // Then
        assertThat(EventJsonReader.read(bytes)).isNotNull().isEqualTo(event).isEqualTo(bySerde(bytes));
    }

    @Test
    void the_events_the_tests_use_read_equal_to_what_the_serde_reads() {
        // Given
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        List<FirewallEvent> events = List.of(TestEvents.drop("10.0.0.1", "10.0.0.2", 8443, t),
                TestEvents.drop("2001:db8::1", "2001:db8::2", 53, t.plusMillis(1)));
        for (FirewallEvent event : events) {
            byte[] bytes = json(event);
            // Then
            assertThat(EventJsonReader.read(bytes)).isNotNull().isEqualTo(bySerde(bytes));
        }
    }

    @Test
    void the_reader_knows_every_field_of_the_packet_record() {
        // Then: a new packet field would otherwise be skipped as unknown (the serde would read it)
        assertThat(EventJsonReader.PACKET_FIELDS).isEqualTo(Packet.class.getRecordComponents().length);
        assertThat(Arrays.stream(FirewallEvent.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("schema", "time", "zoneOffset", "host", "vmid", "level", "chain", "action", "policy",
                        "message", "backend", "packet", "line", "origin");
    }

    @Test
    void unknown_fields_are_skipped_as_the_serde_skips_them() {
        // Given
        String plain = new String(json(TestEvents.everyField()), StandardCharsets.UTF_8);
        byte[] bytes = ("{\"future\":{\"a\":[1,{\"b\":2}]}," + plain.substring(1).replace("\"packet\":{",
                "\"packet\":{\"extra\":[\"x\"],")).replace("\"origin\":{", "\"origin\":{\"more\":true,")
                .getBytes(StandardCharsets.UTF_8);
        // When
        FirewallEvent read = EventJsonReader.read(bytes);
        // Then
        assertThat(read).isNotNull().isEqualTo(TestEvents.everyField()).isEqualTo(bySerde(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "not json", "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\"",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"vmid\":\"7\"}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"level\":1.0}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"vmid\":3000000000}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"host\":\"a\",\"host\":\"b\"}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"action\":\"drop\"}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{\"ttl\":\"64\"}}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{\"ipFlags\":\"DF\"}}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{\"ipFlags\":[null]}}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"origin\":{\"position\":1}}",
        "{\"time\":1763647200,\"chain\":\"c\",\"packet\":{}}",
        "{\"time\":\" 2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{}}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\"}",
        "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"level\":9}",
    })
    void anything_but_the_plain_form_is_left_to_the_serde(String text) {
        // Given
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // When
        FirewallEvent read = EventJsonReader.read(bytes);
        // Then: the serde decides, as it did before (reads it, or says why not)
        assertThat(read).isNull();
    }

    @Test
    void what_the_serde_rejects_is_never_read() {
        // Given: a level the event rejects, and a drop without a chain
        byte[] badLevel = "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"level\":9}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] noChain = "{\"time\":\"2025-11-20T14:00:00Z\",\"packet\":{}}".getBytes(StandardCharsets.UTF_8);
        // Then
        assertThat(EventJsonReader.read(badLevel)).isNull();
        assertThat(EventJsonReader.read(noChain)).isNull();
        assertThatThrownBy(() -> bySerde(badLevel)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> bySerde(noChain)).isInstanceOf(SerializationException.class);
    }

    @Test
    void its_serde_reads_what_the_reader_leaves_and_fails_as_the_core_serde_fails() {
        // Given: a value of another type (the core serde coerces it), and a text that is no event
        Serde<FirewallEvent> fast = EventJsonReader.serde(serde);
        byte[] coerced = "{\"time\":\"2025-11-20T14:00:00Z\",\"chain\":\"c\",\"packet\":{},\"vmid\":\"7\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
        byte[] plain = json(TestEvents.everyField());
        // Then
        assertThat(fast.deserializer().deserialize("t", plain)).isEqualTo(TestEvents.everyField());
        assertThat(fast.deserializer().deserialize("t", coerced)).isEqualTo(bySerde(coerced));
        assertThat(fast.deserializer().deserialize("t", coerced).vmid()).isEqualTo(7);
        assertThatThrownBy(() -> fast.deserializer().deserialize("t", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessage(catchThrowable(() -> bySerde(garbage)).getMessage());
        assertThat(fast.deserializer().deserialize("t", null)).isNull();
    }
}
