package ai.thinkheads.droptrace.streams.correlate;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CorrelationBaselineTest {

    private static final Namespace NS = Namespace.of("test");
    private static final Instant T0 = Instant.parse("2025-11-20T14:00:00Z");
    private static final String GW = "10.0.0.153";
    private static final String MESH = "10.0.0.12";
    private static final String CA = "10.0.0.10";

    /** Baseline over 10 minutes; alert at 5x the baseline and at least 10 blocked in the minute. */
    private final CorrelationDriver driver = new CorrelationDriver(CorrelationSettings.defaults(NS)
            .withAlerts(AlertPolicy.defaults().withRate(10, 5.0, 10).withCooldown(Duration.ofMinutes(10))));

    @AfterEach
    void stop() {
        driver.close();
    }

    private void drops(int minute, int count) {
        for (int i = 0; i < count; i++) {
            driver.pipe(drop(GW, MESH, 8443, minute(minute).plusSeconds(i)));
        }
    }

    private static Instant minute(int n) {
        return T0.plus(Duration.ofMinutes(n));
    }

    private List<Alert> rateAlerts() {
        return driver.alerts().stream().filter(a -> a.kind() == AlertKind.RATE_ABOVE_BASELINE).toList();
    }

    @Test
    void a_minute_at_five_times_the_pairs_own_baseline_raises_a_rate_alert_on_the_event_that_reaches_it() {
        // Given: 2 blocked per minute for 10 minutes, then 9 in the 11th minute
        for (int m = 0; m < 10; m++) {
            drops(m, 2);
        }
        drops(10, 9);
        assertThat(rateAlerts()).isEmpty();
        // When: the 10th of that minute, 10 >= 5 x 2.0
        driver.pipe(drop(GW, MESH, 8443, minute(10).plusSeconds(30)));
        // Then
        List<Alert> alerts = rateAlerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(AlertKind.Severity.WARNING);
        assertThat(alert.blocked()).isEqualTo(10);
        assertThat(alert.time()).isEqualTo(minute(10).plusSeconds(30));
        assertThat(alert.window()).isEqualTo(new Alert.Window(minute(10), minute(11)));
        assertThat(alert.baseline()).isEqualTo(new Alert.Baseline(2.0, 10, 5.0));
        assertThat(alert.summary()).contains("10 blocked in one minute", "5.0 times its baseline of 2.00/min over 10 min");
    }

    @Test
    void a_minute_below_five_times_the_baseline_raises_nothing_even_above_the_floor() {
        // Given: 4 blocked per minute for 10 minutes
        for (int m = 0; m < 10; m++) {
            drops(m, 4);
        }
        // When: 19 in one minute, below 5 x 4.0
        drops(10, 19);
        // Then
        assertThat(rateAlerts()).isEmpty();
        // And the 20th reaches it
        driver.pipe(drop(GW, MESH, 8443, minute(10).plusSeconds(50)));
        assertThat(rateAlerts()).extracting(Alert::blocked).containsExactly(20L);
    }

    @Test
    void a_burst_in_a_pairs_very_first_minute_is_a_first_drops_alert_and_not_a_rate_alert() {
        // When
        drops(0, 30);
        // Then
        assertThat(driver.alerts()).extracting(Alert::kind).containsExactly(AlertKind.FIRST_DROPS);
    }

    @Test
    void the_baseline_covers_only_the_minutes_since_the_pairs_first_blocked_minute() {
        // Given: one drop three minutes ago, nothing since
        drops(0, 1);
        // When
        drops(3, 10);
        // Then: baseline 1 blocked over 3 minutes
        List<Alert> alerts = rateAlerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).baseline().minutes()).isEqualTo(3);
        assertThat(alerts.get(0).baseline().perMinute()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void a_steady_rate_that_began_late_in_a_minute_raises_no_rate_alert_in_the_minutes_after() {
        // Given: one drop every 3 s (20 a minute) from 14:00:51 on, so 3 in the pair's first minute
        // When: five minutes of it
        for (int k = 0; k < 5 * 20; k++) {
            driver.pipe(drop(GW, MESH, 8443, minute(0).plusSeconds(51 + 3 * k)));
        }
        // Then: the first minute counts from its first drop, 3 in 9 s, the pair's rate: no burst to report
        assertThat(driver.alerts()).extracting(Alert::kind).containsExactly(AlertKind.FIRST_DROPS);
    }

    @Test
    void a_baseline_that_reaches_back_to_the_first_blocked_event_counts_from_it_and_says_so() {
        // Given: the pair's first drop at 14:00:30
        driver.pipe(drop(GW, MESH, 8443, minute(0).plusSeconds(30)));
        // When: 10 in the next minute
        drops(1, 10);
        // Then: 1 in the 30 s before it is 2 a minute, and 10 is five times that
        List<Alert> alerts = rateAlerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).blocked()).isEqualTo(10);
        assertThat(alerts.get(0).baseline()).isEqualTo(new Alert.Baseline(2.0, 1, 5.0));
        assertThat(alerts.get(0).summary()).isEqualTo("10.0.0.153 -> 10.0.0.12: 10 blocked in one minute, 5.0 times "
                + "its baseline of 2.00/min over the 30 s since its first blocked event.");
    }

    @Test
    void a_baseline_since_a_first_blocked_event_that_no_bucket_counts_says_none_since_it() {
        // Given: stream time at 14:05 (another pair), then the pair's first drop, of 14:00:30, after its grace
        driver.pipe(drop(CA, MESH, 9000, minute(5)));
        driver.pipe(drop(GW, MESH, 8443, minute(0).plusSeconds(30)));
        // When: 10 in the minute of 14:05
        drops(5, 10);
        // Then
        assertThat(rateAlerts()).singleElement().satisfies(alert -> assertThat(alert.summary()).isEqualTo(
                "10.0.0.153 -> 10.0.0.12: 10 blocked in one minute, none in the 4 min 30 s since its first blocked "
                        + "event."));
    }

    @Test
    void the_baseline_looks_back_no_further_than_its_window() {
        // Given: a heavy minute long ago, then quiet, then one drop per minute for the last 10 minutes
        drops(0, 50);
        for (int m = 20; m < 30; m++) {
            drops(m, 1);
        }
        // When
        drops(30, 10);
        // Then: the baseline is 10 over the 10 minutes before minute 30; minute 0 is outside it
        List<Alert> alerts = rateAlerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).baseline()).isEqualTo(new Alert.Baseline(1.0, 10, 5.0));
    }

    @Test
    void a_rate_alert_is_not_repeated_within_its_cooldown_and_the_held_back_ones_are_counted() {
        // Given
        drops(0, 1);
        drops(1, 12);
        // When: another heavy minute within the 10 minute cooldown
        drops(2, 60);
        // Then
        assertThat(rateAlerts()).hasSize(1);
        assertThat(driver.pairAlerts(new PairKey(GW, MESH)).suppressed(AlertKind.RATE_ABOVE_BASELINE)).isPositive();
    }

    @Test
    void late_events_of_the_minute_before_do_not_change_the_baseline_of_the_current_one() {
        try (CorrelationDriver late = new CorrelationDriver(CorrelationSettings.defaults(NS)
                .withAlerts(AlertPolicy.defaults().withRate(10, 5.0, 10).withCooldown(Duration.ZERO)))) {
            // Given: 2 blocked per minute for 9 minutes, 8 in the 10th, then 10 in the 11th: its baseline is
            // (18 + 8) / 10 = 2.6, and 10 < 5 x 2.6
            for (int m = 0; m < 9; m++) {
                pipeDrops(late, m, 0, 2);
            }
            pipeDrops(late, 9, 0, 8);
            pipeDrops(late, 10, 0, 10);
            // When: two late events of the 10th minute (within the grace) bring it to the floor, then 3 more in the
            // 11th
            pipeDrops(late, 9, 30, 2);
            pipeDrops(late, 10, 10, 3);
            // Then: the 13th of the 11th minute reaches 5 x 2.6 = 13; its baseline is not made 2.8 by the late events
            List<Alert> alerts = late.alerts().stream().filter(a -> a.kind() == AlertKind.RATE_ABOVE_BASELINE)
                    .filter(a -> !a.time().isBefore(minute(10))).toList();
            assertThat(alerts).extracting(Alert::blocked).containsExactly(13L);
            assertThat(alerts.get(0).baseline()).isEqualTo(new Alert.Baseline(2.6, 10, 5.0));
        }
    }

    private static void pipeDrops(CorrelationDriver to, int minute, int fromSecond, int count) {
        for (int i = 0; i < count; i++) {
            to.pipe(drop(GW, MESH, 8443, minute(minute).plusSeconds(fromSecond + i)));
        }
    }
}
