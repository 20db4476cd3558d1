package ai.thinkheads.droptrace.streams.correlate;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorrelationAlertsTest {

    private static final Namespace NS = Namespace.of("test");
    private static final Instant T0 = Instant.parse("2025-11-20T14:00:00Z");
    private static final String GW = "10.0.0.153";
    private static final String MESH = "10.0.0.12";
    private static final String CA = "10.0.0.10";
    private static final FlowKey GW_TO_MESH_8443 = new FlowKey(GW, MESH, "tcp", 8443);
    private static final Duration COOLDOWN = Duration.ofMinutes(10);

    private static CorrelationDriver driver(AlertPolicy policy) {
        return new CorrelationDriver(CorrelationSettings.defaults(NS).withAlerts(policy));
    }

    private static AlertPolicy mustWork() {
        return AlertPolicy.defaults().withMustWork(Set.of(GW_TO_MESH_8443)).withCooldown(COOLDOWN);
    }

    @Test
    void a_drop_on_a_path_that_must_work_raises_one_critical_alert_immediately_with_pair_counts_window_and_chain() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given
            driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(5)));
            // When
            List<Alert> alerts = driver.alerts();
            // Then: the most severe kind only, although it is also the pair's first drop
            assertThat(alerts).hasSize(1);
            Alert alert = alerts.get(0);
            assertThat(alert.kind()).isEqualTo(AlertKind.MUST_WORK_BLOCKED);
            assertThat(alert.severity()).isEqualTo(AlertKind.Severity.CRITICAL);
            assertThat(alert.source()).isEqualTo(GW);
            assertThat(alert.destination()).isEqualTo(MESH);
            assertThat(alert.protocol()).isEqualTo("tcp");
            assertThat(alert.port()).isEqualTo(8443);
            assertThat(alert.time()).isEqualTo(T0.plusSeconds(5));
            assertThat(alert.window()).isEqualTo(new Alert.Window(T0, T0.plusSeconds(60)));
            assertThat(alert.blocked()).isEqualTo(1);
            assertThat(alert.ports()).containsExactly("tcp/8443");
            assertThat(alert.chain()).isEqualTo("veth102i0-IN");
            assertThat(alert.vmid()).isEqualTo(102);
            assertThat(alert.policy()).isTrue();
            assertThat(alert.rule()).isNull();
            assertThat(alert.summary()).contains("must work", "default policy of chain veth102i0-IN");
            assertThat(alert.id()).isEqualTo(Alert.idOf(GW, MESH, AlertKind.MUST_WORK_BLOCKED, T0.plusSeconds(5)));
        }
    }

    @Test
    void a_must_work_drop_that_comes_after_its_minute_closed_counts_itself_in_its_alert() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given: another pair moved stream time ten minutes on (a tail reading its backlog after a restart)
            driver.pipe(drop(CA, MESH, 9000, T0.plus(Duration.ofMinutes(10))));
            driver.alerts();
            // When: the must-work drop of 14:00:05 arrives, after the grace of its minute
            driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(5)));
            // Then: raised, and it says the one drop it is about, not an empty minute
            assertThat(driver.alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.kind()).isEqualTo(AlertKind.MUST_WORK_BLOCKED);
                assertThat(alert.window()).isEqualTo(new Alert.Window(T0, T0.plusSeconds(60)));
                assertThat(alert.blocked()).isEqualTo(1);
                assertThat(alert.drops()).isEqualTo(1);
                assertThat(alert.ports()).containsExactly("tcp/8443");
                assertThat(alert.summary()).contains("1 blocked in this minute");
            });
        }
    }

    @Test
    void a_must_work_alert_counts_its_own_port_apart_from_the_rest_of_the_pairs_blocked_traffic() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given: twelve drops of tcp/22 between the pair in the minute (a scan, ssh attempts)
            for (int i = 0; i < 12; i++) {
                driver.pipe(drop(GW, MESH, 22, T0.plusSeconds(i)));
            }
            // When: one drop of the must-work flow in that minute
            driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(30)));
            // Then: the page says the one drop on tcp/8443, not "13 blocked in this minute" as if all were its
            Alert alert = driver.alerts().stream().filter(a -> a.kind() == AlertKind.MUST_WORK_BLOCKED)
                    .findFirst().orElseThrow();
            assertThat(alert.blocked()).isEqualTo(13);
            assertThat(alert.summary()).endsWith("; 1 blocked on tcp/8443 in this minute, 13 in all between the pair.");
        }
    }

    @Test
    void a_line_dated_years_ahead_does_not_hold_back_the_pairs_alerts_and_lines_dated_ahead_cool_down_among_themselves() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given: lines of the clock (half an hour ago), and two lines of a node whose clock was years ahead
            Instant n = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
            Instant ahead = n.plus(Duration.ofDays(3 * 365));
            driver.pipe(drop(GW, MESH, 8443, n));
            driver.pipe(drop(GW, MESH, 8443, ahead));
            driver.pipe(drop(GW, MESH, 8443, ahead.plusSeconds(60)));
            // When: a line of the clock after the cooldown of the first alert
            driver.pipe(drop(GW, MESH, 8443, n.plus(COOLDOWN).plusSeconds(60)));
            // Then
            assertThat(driver.alerts()).extracting(Alert::time)
                    .containsExactly(n, ahead, n.plus(COOLDOWN).plusSeconds(60));
        }
    }

    @Test
    void the_first_drops_of_a_pair_raise_one_alert_and_later_drops_of_that_pair_do_not() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given: accepted traffic first, then drops on a path that need not work
            driver.pipe(event(GW, CA, "TCP", 9000, Action.ACCEPT, 103, "veth103i0-IN", false, T0));
            driver.pipe(drop(GW, CA, 9000, T0.plusSeconds(1)));
            driver.pipe(drop(GW, CA, 9000, T0.plusSeconds(2)));
            driver.pipe(drop(GW, CA, 9000, T0.plusSeconds(3600)));
            // When
            List<Alert> alerts = driver.alerts();
            // Then
            assertThat(alerts).extracting(Alert::kind).containsExactly(AlertKind.FIRST_DROPS);
            assertThat(alerts.get(0).time()).isEqualTo(T0.plusSeconds(1));
            assertThat(alerts.get(0).severity()).isEqualTo(AlertKind.Severity.NOTICE);
        }
    }

    @Test
    void accepted_traffic_never_raises_an_alert_even_on_a_path_that_must_work() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given
            driver.pipe(event(GW, MESH, "TCP", 8443, Action.ACCEPT, 102, "veth102i0-IN", false, T0));
            driver.pipe(event(GW, MESH, "TCP", 8443, null, 102, "GROUP-web-IN", false, T0));
            // Then
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void a_must_work_alert_is_deduplicated_within_the_cooldown_and_the_next_one_counts_what_was_held_back() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given: drops at 0 s, 1 min, 9:59.999 min (held back) and exactly 10 min (cooldown over)
            driver.pipe(drop(GW, MESH, 8443, T0));
            driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(60)));
            driver.pipe(drop(GW, MESH, 8443, T0.plus(COOLDOWN).minusMillis(1)));
            driver.pipe(drop(GW, MESH, 8443, T0.plus(COOLDOWN)));
            // When
            List<Alert> alerts = driver.alerts();
            // Then
            assertThat(alerts).extracting(Alert::kind)
                    .containsExactly(AlertKind.MUST_WORK_BLOCKED, AlertKind.MUST_WORK_BLOCKED);
            assertThat(alerts).extracting(Alert::time).containsExactly(T0, T0.plus(COOLDOWN));
            assertThat(alerts).extracting(Alert::suppressed).containsExactly(0L, 2L);
            assertThat(alerts.get(0).summary()).endsWith("; 1 blocked in this minute.");
            assertThat(alerts.get(1).summary()).endsWith("; 1 blocked in this minute. 2 more held back by the cooldown "
                    + "since the previous alert.");
            assertThat(driver.pairAlerts(new PairKey(GW, MESH)).recent()).extracting(Alert::time)
                    .containsExactly(T0.plus(COOLDOWN), T0);
        }
    }

    @Test
    void a_cooldown_longer_than_any_time_java_holds_keeps_the_pair_to_one_alert_of_a_kind() {
        // Given: a cooldown of a billion years (--cooldown 1000000000000d), past Instant.MAX from any alert
        try (CorrelationDriver driver = driver(mustWork().withCooldown(Duration.ofDays(1_000_000_000_000L)))) {
            // When: the must-work flow is blocked twice, a day apart
            driver.pipe(drop(GW, MESH, 8443, T0));
            driver.pipe(drop(GW, MESH, 8443, T0.plus(Duration.ofDays(1))));
            // Then: one alert, the second drop held back (it stopped the stream thread: Instant exceeds maximum)
            assertThat(driver.alerts()).extracting(Alert::time).containsExactly(T0);
            assertThat(driver.pairAlerts(new PairKey(GW, MESH)).suppressed(AlertKind.MUST_WORK_BLOCKED)).isEqualTo(1);
        }
    }

    @Test
    void a_late_event_from_before_the_last_alert_is_held_back_by_the_cooldown() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given
            driver.pipe(drop(GW, MESH, 8443, T0.plus(COOLDOWN)));
            // When: an event from long before arrives late
            driver.pipe(drop(GW, MESH, 8443, T0));
            // Then
            assertThat(driver.alerts()).hasSize(1);
            assertThat(driver.pairAlerts(new PairKey(GW, MESH)).suppressed(AlertKind.MUST_WORK_BLOCKED)).isEqualTo(1);
        }
    }

    @Test
    void cooldowns_are_per_pair_and_kind() {
        try (CorrelationDriver driver = driver(mustWork())) {
            // Given: two pairs blocked at the same time, one of them on a path that must work
            driver.pipe(drop(GW, MESH, 8443, T0));
            driver.pipe(drop(GW, CA, 9000, T0));
            driver.pipe(drop(CA, MESH, 8443, T0));
            // Then
            assertThat(driver.alerts()).extracting(a -> a.kind() + " " + a.source() + ">" + a.destination())
                    .containsExactly("MUST_WORK_BLOCKED 10.0.0.153>10.0.0.12", "FIRST_DROPS 10.0.0.153>10.0.0.10",
                            "FIRST_DROPS 10.0.0.10>10.0.0.12");
        }
    }
}
