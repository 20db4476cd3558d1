package ai.thinkheads.droptrace.streams.state;

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
        Integer bAgain = values.get("b", () -> storeReads.incrementAndGet() * 100);
        // Then: b was read from the store once, then remembered
        assertThat(a).isEqualTo(1);
        assertThat(b).isEqualTo(100);
        assertThat(bAgain).isEqualTo(100);
        assertThat(storeReads).hasValue(1);
    }

    @Test
    void a_forgotten_key_and_a_key_the_store_does_not_hold_are_read_from_the_store_again() {
        // Given
        WrittenValues<String, Integer> values = new WrittenValues<>(4);
        AtomicInteger storeReads = new AtomicInteger();
        values.written("a", 1);
        values.forget("a");
        // When
        values.get("a", () -> {
            storeReads.incrementAndGet();
            return null;
        });
        Integer a = values.get("a", () -> storeReads.incrementAndGet() * 10);
        // Then
        assertThat(a).isEqualTo(20);
        assertThat(storeReads).hasValue(2);
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
        assertThat(values.get("a", () -> -1)).isEqualTo(1);
        assertThat(values.get("c", () -> -1)).isEqualTo(3);
        assertThat(values.get("b", () -> -1)).isEqualTo(-1);
        // When
        values.clear();
        // Then
        assertThat(values.get("a", () -> -1)).isEqualTo(-1);
    }
}
