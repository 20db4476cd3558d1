package ai.thinkheads.droptrace.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paced replay on a clock of its own: each sleep is recorded and moves the clock on, nothing really waits. */
class PacingTest {

    private static final Instant T0 = Instant.parse("2025-03-14T09:00:00Z");

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private Pacing pacing(double speed, Duration maxWait) {
        return Pacing.times(speed, maxWait, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void events_wait_their_log_distance_scaled_and_a_slow_sender_catches_up() {
        // Given 10x
        Pacing pacing = pacing(10, Duration.ofMinutes(1));
        // When: events 0 s, 10 s, 30 s; 1.5 s of work after the second
        pacing.await(T0);
        pacing.await(T0.plusSeconds(10));
        now += 1_500_000_000L;
        pacing.await(T0.plusSeconds(30));
        // Then: 1 s, then 2 s less the 1.5 s spent
        assertThat(sleeps).containsExactly(1_000_000_000L, 500_000_000L);
        assertThat(pacing.cuts()).isZero();
    }

    @Test
    void a_long_quiet_time_or_a_line_dated_years_off_costs_one_maximum_wait_and_the_pace_goes_on() {
        // Given 10x, at most 5 s a wait
        Pacing pacing = pacing(10, Duration.ofSeconds(5));
        // When: a quiet hour, then a line of the year 9999, back to the log's time, then 10 s later
        pacing.await(T0);
        pacing.await(T0.plusSeconds(3600));
        pacing.await(Instant.parse("9999-12-31T23:59:59Z"));
        pacing.await(T0.plusSeconds(3601));
        pacing.await(T0.plusSeconds(3611));
        // Then: 5 s, 5 s, nothing (backwards), 1 s
        assertThat(sleeps).containsExactly(5_000_000_000L, 5_000_000_000L, 1_000_000_000L);
        assertThat(pacing.cuts()).isEqualTo(2);
    }

    @Test
    void lines_a_little_behind_the_latest_wait_for_nothing_and_the_pace_goes_on_from_the_latest() {
        // Given the log's pace, at most a minute a wait
        Pacing pacing = pacing(1, Duration.ofMinutes(1));
        // When: two hosts' lines in one log, one host's clock 2 s behind: 5 s, 3 s, 6 s, 4 s, 7 s
        for (int second : new int[] {5, 3, 6, 4, 7}) {
            pacing.await(T0.plusSeconds(second));
        }
        // Then: the 2 s from the first line to the last, not 3 s again after each line behind
        assertThat(sleeps).containsExactly(1_000_000_000L, 1_000_000_000L);
        assertThat(pacing.cuts()).isZero();
    }

    @Test
    void the_maximum_wait_must_be_positive() {
        assertThatThrownBy(() -> Pacing.parse("10x").withMaxWait(Duration.ZERO)).hasMessage("must be positive, was PT0S");
    }
}
