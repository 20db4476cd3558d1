package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.correlate.CorrelationDriver;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.query.LocalStores;
import ai.thinkheads.droptrace.streams.query.PairReport;
import ai.thinkheads.droptrace.streams.query.TimeRange;
import ai.thinkheads.droptrace.streams.query.TopBy;
import ai.thinkheads.droptrace.streams.state.ActionCounts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rule slot of events, buckets and alerts, filled by the tracer of the published ruleset. */
class RuleAttributionTest {

    private static final Instant T = Instant.parse("2025-11-20T14:00:00Z");
    private static final String MESH = "10.0.0.12";
    private static final String PORTAINER = "10.0.0.111";
    private static final PairKey PAIR = new PairKey(MESH, PORTAINER);

    private final CorrelationDriver driver = new CorrelationDriver(CorrelationSettings.defaults(Namespace.of("test")));

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void a_logged_reject_is_attributed_to_its_rule_in_the_event_the_buckets_and_the_alert() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        // When
        driver.pipe(event(MESH, PORTAINER, "TCP", 9000, Action.REJECT, 1001, "tap1001i0-IN", false, T.plusSeconds(1)));
        driver.pipe(event(MESH, PORTAINER, "TCP", 9000, Action.REJECT, 1001, "tap1001i0-IN", false, T.plusSeconds(2)));
        // Then
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).singleElement().extracting(Alert::rule).isEqualTo("firewall/1001.fw:8");
        LocalStores local = new LocalStores("test", 5, driver.stores());
        PairReport report = local.pair(PAIR, range());
        assertThat(report.recentEvents()).extracting(e -> e.rule()).containsOnly("firewall/1001.fw:8");
        assertThat(report.byRule()).containsExactly(java.util.Map.entry("firewall/1001.fw:8", new ActionCounts(0, 0, 2, 0)));
        assertThat(local.top(TopBy.RULE, range(), 10)).containsOnlyKeys("firewall/1001.fw:8");
    }

    @Test
    void a_line_no_rule_could_have_written_counts_as_unattributed_and_without_a_ruleset_not_at_all() {
        // Given: guest 102's policy does not log, so no rule of the ruleset wrote this line
        driver.pipe(drop("10.0.0.153", MESH, 8443, T));
        driver.publish(PhoenixRulesets.published(T));
        // When: the correlator looks for a new ruleset at most once a second (wall clock)
        driver.advanceWallClock(java.time.Duration.ofSeconds(1));
        driver.pipe(drop("10.0.0.153", MESH, 8443, T.plusSeconds(5)));
        // Then
        LocalStores local = new LocalStores("test", 5, driver.stores());
        PairReport report = local.pair(new PairKey("10.0.0.153", MESH), range());
        assertThat(report.inRange().drops()).isEqualTo(2);
        assertThat(report.byRule()).containsOnlyKeys("unattributed");
        assertThat(report.byRule().get("unattributed").drops()).isEqualTo(1);
        assertThat(report.recentEvents()).extracting(e -> e.rule()).containsOnlyNulls();
    }

    private static TimeRange range() {
        return TimeRange.of(T.minusSeconds(60), T.plusSeconds(600), null);
    }
}
