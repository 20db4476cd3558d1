package ai.thinkheads.droptrace.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.streams.correlate.TestEvents;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PairSummarySerdeTest {

    private final PairSummarySerde serde = new PairSummarySerde();

    private PairSummary roundTrip(PairSummary summary) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", summary));
    }

    @Test
    void a_summary_round_trips_with_its_times_counts_and_baseline_memo() {
        // Given: nanosecond event times, an accept, a drop, a late event and a memo
        Instant t = Instant.parse("2025-11-20T14:00:00.123456789Z");
        PairSummary summary = PairSummary.EMPTY
                .add(TestEvents.event("a", "b", "TCP", 80, Action.ACCEPT, 0, "PVEFW-HOST-IN", false, t))
                .add(TestEvents.drop("a", "b", 8443, t.plusSeconds(5)))
                .withLateEvent()
                .withBaseline(new PairSummary.BaselineMemo(Instant.parse("2025-11-20T14:00:00Z"), 2.5, 10));
        // Then
        assertThat(roundTrip(summary)).isEqualTo(summary);
        assertThat(roundTrip(PairSummary.EMPTY)).isEqualTo(PairSummary.EMPTY);
    }

    @Test
    void an_unknown_version_is_a_serialization_error() {
        byte[] bytes = serde.serializer().serialize("t", PairSummary.EMPTY);
        bytes[0] = 2;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 2");
    }
}
