package ai.thinkheads.droptrace.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WrittenValuesTest {

    @Test
    void a_written_value_is_returned_without_asking_the_store() {
        // Given
        WrittenValues<String, Integer> values = new WrittenValues<>(2);
        AtomicInteger storeReads = new AtomicInteger();
        values.written("a", 1);
        // When
        Integer a = values.get("a", () -> storeReads.incrementAndGet() * 100);
        Integer b = values.get("b", () -> storeReads.incrementAndGet() * 100);
        // Then
        assertThat(a).isEqualTo(1);
        assertThat(b).isEqualTo(100);
        assertThat(storeReads).hasValue(1);
    }

    @Test
    void the_least_recently_used_key_beyond_the_capacity_and_everything_after_clear_is_read_from_the_store() {
        // Given
        WrittenValues<String, Integer> values = new WrittenValues<>(2);
        values.written("a", 1);
        values.written("b", 2);
        values.get("a", () -> -1);
        values.written("c", 3);
        // Then: b was used least recently
        assertThat(values.get("b", () -> -1)).isEqualTo(-1);
        assertThat(values.get("a", () -> -1)).isEqualTo(1);
        assertThat(values.get("c", () -> -1)).isEqualTo(3);
        // When
        values.clear();
        // Then
        assertThat(values.get("a", () -> -1)).isEqualTo(-1);
    }
}
