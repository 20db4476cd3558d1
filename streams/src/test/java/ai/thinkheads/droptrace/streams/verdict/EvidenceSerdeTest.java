package ai.thinkheads.droptrace.streams.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EvidenceSerdeTest {

    private final EvidenceSerde serde = new EvidenceSerde();

    @Test
    void evidence_round_trips_with_its_counts_and_at_most_three_lines() {
        // Given
        Instant t = Instant.parse("2025-11-20T14:01:12.345Z");
        Evidence evidence = Evidence.NONE;
        for (int i = 0; i < 5; i++) {
            evidence = evidence.add(new LoggedLine(t.plusMillis(i), i == 4 ? Action.REJECT : Action.DROP, "line ü " + i));
        }
        // When
        Evidence back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", evidence));
        // Then
        assertThat(back).isEqualTo(evidence);
        assertThat(back.drops()).isEqualTo(4);
        assertThat(back.rejects()).isEqualTo(1);
        assertThat(back.lines()).extracting(LoggedLine::line).containsExactly("line ü 0", "line ü 1", "line ü 2");
        assertThat(back.loggedAction()).isEqualTo(Action.DROP);
    }

    @Test
    void an_unknown_version_is_a_serialization_error() {
        byte[] bytes = serde.serializer().serialize("t", Evidence.NONE);
        bytes[0] = 7;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 7");
    }
}
