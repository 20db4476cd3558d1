package ai.thinkheads.droptrace.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.clients.producer.Callback;
import org.junit.jupiter.api.Test;

class RefusedFromTest {

    private static final Exception REFUSED = new IllegalStateException("refused");

    @Test
    void nothing_refused_gives_no_place() {
        // Given
        RefusedFrom refused = new RefusedFrom();
        Callback run = refused.watch("a.log", 1, Instant.parse("2025-03-14T08:00:00Z"));
        // When
        run.onCompletion(null, null);
        // Then
        assertThat(refused.place()).isEmpty();
    }

    @Test
    void the_place_is_the_first_refused_run_as_sent_and_the_time_the_earliest_of_all_refused_runs() {
        // Given: four runs sent in this order; the second was acknowledged
        RefusedFrom refused = new RefusedFrom();
        Callback first = refused.watch("a.log", 1, Instant.parse("2025-03-14T08:00:00Z"));
        Callback second = refused.watch("a.log", 2049, Instant.parse("2025-03-14T08:10:00Z"));
        Callback third = refused.watch("a.log", 4097, Instant.parse("2025-03-14T08:20:00Z"));
        Callback fourth = refused.watch("b.log", 1, Instant.parse("2025-03-14T08:05:00Z")); // an earlier line later
        // When: the answers come in another order (partitions answer apart)
        fourth.onCompletion(null, REFUSED);
        third.onCompletion(null, REFUSED);
        second.onCompletion(null, REFUSED);
        first.onCompletion(null, null);
        third.onCompletion(null, REFUSED); // a run of several records answered for each
        // Then
        assertThat(refused.place()).contains(new RefusedFrom.Place("a.log", 2049, Instant.parse("2025-03-14T08:05:00Z")));
    }

    @Test
    void runs_without_a_time_of_their_own_give_the_line_and_no_time_unless_another_refused_run_has_one() {
        // Given
        RefusedFrom refused = new RefusedFrom();
        Callback untimed = refused.watch("stdin", 7, null);
        Callback timed = refused.watch("stdin", 9, Instant.parse("2025-03-14T08:00:09Z"));
        // When
        untimed.onCompletion(null, REFUSED);
        // Then
        assertThat(refused.place()).contains(new RefusedFrom.Place("stdin", 7, null));
        // When
        timed.onCompletion(null, REFUSED);
        // Then
        assertThat(refused.place()).contains(new RefusedFrom.Place("stdin", 7, Instant.parse("2025-03-14T08:00:09Z")));
    }
}
