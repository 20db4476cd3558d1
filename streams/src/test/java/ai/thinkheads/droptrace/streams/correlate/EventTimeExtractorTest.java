package ai.thinkheads.droptrace.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {

    private static final Instant T = Instant.parse("2025-11-20T14:01:12.345Z");
    private static final long RECORD_TIME = 1_000L;
    private final EventTimeExtractor extractor = new EventTimeExtractor();

    private long extract(Object value) {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0, RECORD_TIME,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "k", value,
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
        return extractor.extract(record, 500L);
    }

    @Test
    void a_firewall_event_and_a_probe_result_give_their_own_time_not_the_records() {
        assertThat(extract(TestEvents.drop("a", "b", 1, T))).isEqualTo(T.toEpochMilli());
        assertThat(extract(TestEvents.probe("p", "a", "b", 1, ProbeOutcome.OPEN, T))).isEqualTo(T.toEpochMilli());
    }

    @Test
    void the_json_bytes_of_a_firewall_event_give_its_time_field() {
        // Given
        FirewallEvent event = TestEvents.drop("10.0.0.153", "10.0.0.12", 8443, T);
        byte[] json = Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t", event);
        // Then
        assertThat(extract(json)).isEqualTo(T.toEpochMilli());
        assertThat(EventTimeExtractor.timeField(
                "{\"packet\":{\"time\":\"1999-01-01T00:00:00Z\"},\"time\":\"2025-11-20T14:01:12.345Z\"}"
                        .getBytes(StandardCharsets.UTF_8))).as("only the top-level field counts").isEqualTo(T.toEpochMilli());
    }

    @Test
    void bytes_without_a_readable_time_and_tombstones_keep_the_record_timestamp() {
        assertThat(extract("garbage".getBytes(StandardCharsets.UTF_8))).isEqualTo(RECORD_TIME);
        assertThat(extract("{\"time\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(RECORD_TIME);
        assertThat(extract("{\"time\":12}".getBytes(StandardCharsets.UTF_8))).isEqualTo(RECORD_TIME);
        assertThat(extract(null)).isEqualTo(RECORD_TIME);
    }

    @Test
    void a_time_more_than_a_minute_ahead_of_the_clock_is_held_to_the_clock_plus_a_minute_and_counted() {
        // Given: this host's clock at T
        EventTimeExtractor atT = new EventTimeExtractor(T::toEpochMilli);
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0, RECORD_TIME,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "k",
                TestEvents.drop("a", "b", 1, T.plusSeconds(60)), new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
        ConsumerRecord<Object, Object> ahead = new ConsumerRecord<>("t", 0, 0, RECORD_TIME,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "k",
                Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t",
                        TestEvents.drop("a", "b", 1, T.plusSeconds(3600))),
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
        // Then
        assertThat(atT.extract(record, 500L)).as("a minute ahead is within the tolerance").isEqualTo(T.toEpochMilli() + 60_000);
        assertThat(atT.aheadOfClock()).isZero();
        assertThat(atT.extract(ahead, 500L)).isEqualTo(T.toEpochMilli() + 60_000);
        assertThat(atT.aheadOfClock()).isEqualTo(1);
    }
}
