package ai.thinkheads.droptrace.streams.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.streams.state.BinaryOut;
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
    void the_chain_of_each_line_round_trips_and_evidence_of_version_1_reads_without_one() {
        // Given
        Instant t = Instant.parse("2025-11-20T14:01:12.345Z");
        Evidence evidence = Evidence.NONE.add(new LoggedLine(t, Action.DROP, "a line", "veth103i0-OUT"));
        byte[] version1 = new BinaryOut(64).writeByte((byte) 1).writeLong(1).writeLong(0).writeInt(1)
                .writeLong(t.toEpochMilli()).writeByte((byte) 0).writeString("a").toByteArray();
        // When
        Evidence back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", evidence));
        Evidence old = serde.deserializer().deserialize("t", version1);
        // Then
        assertThat(back.lines()).singleElement().extracting(LoggedLine::chain).isEqualTo("veth103i0-OUT");
        assertThat(old.drops()).isEqualTo(1);
        assertThat(old.lines()).singleElement().satisfies(l -> {
            assertThat(l.line()).isEqualTo("a");
            assertThat(l.chain()).isNull();
        });
    }

    @Test
    void an_unknown_version_is_a_serialization_error() {
        byte[] bytes = serde.serializer().serialize("t", Evidence.NONE);
        bytes[0] = 7;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 7");
    }
}
