package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.verdict.Confidence;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.streams.correlate.AlertPolicy;
import ai.thinkheads.droptrace.streams.correlate.CorrelationDriver;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.query.LocalStores;
import ai.thinkheads.droptrace.streams.query.PairReport;
import ai.thinkheads.droptrace.streams.query.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pve-firewall writes the lines of a security group's rules without a message, so without an action
 * ({@code 0 6 GROUP-webgateway-IN ... IN=fwbr101i0 ...}): the rule of the published ruleset that wrote one tells it.
 * Here Nginx's group {@code webgateway} drops 2222 and logs it (a line added to the example's {@code cluster.fw},
 * line 36), on a path from Traefik that must work.
 */
class SecurityGroupLinesTest {

    private static final Instant T = Instant.parse("2025-11-20T14:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final String GW = "10.0.0.153";
    private static final String MESH = "10.0.0.12";
    private static final String GROUP_CHAIN = "GROUP-webgateway-IN";

    private final CorrelationDriver driver = new CorrelationDriver(CorrelationSettings.defaults(Namespace.of("test"))
            .withAlerts(AlertPolicy.defaults().withMustWork(Set.of(new FlowKey(MESH, GW, "tcp", 2222))))
            .withVerdicts(new VerdictSettings(Duration.ofSeconds(10), GRACE)));

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void a_logged_drop_of_a_group_rule_on_a_must_work_path_raises_the_critical_alert_and_counts_as_a_drop(
            @TempDir Path tmp) {
        // Given
        driver.publish(PhoenixRulesets.published(groupLogs2222(tmp), T));
        // When: the line names no action, as pve-firewall writes a group's
        driver.pipe(event(MESH, GW, "TCP", 2222, null, 0, GROUP_CHAIN, false, T.plusSeconds(1)));
        // Then
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.kind()).isEqualTo(AlertKind.MUST_WORK_BLOCKED);
        assertThat(alert.action()).isEqualTo(Action.DROP);
        assertThat(alert.rule()).isEqualTo("firewall/cluster.fw:36");
        assertThat(alert.blocked()).isEqualTo(1);
        assertThat(alert.summary()).contains("must work but was dropped by chain " + GROUP_CHAIN + " (security group)");
        PairReport report = new LocalStores("test", 5, driver.stores()).pair(new PairKey(MESH, GW),
                TimeRange.of(T.minusSeconds(60), T.plusSeconds(600), null));
        assertThat(report.inRange().drops()).isEqualTo(1);
        assertThat(report.inRange().unknown()).isZero();
        assertThat(report.firstBlocked()).isEqualTo(T.plusSeconds(1));
    }

    @Test
    void a_logged_drop_of_a_group_rule_is_the_evidence_of_a_failed_probe_on_its_flow(@TempDir Path tmp) {
        // Given
        driver.publish(PhoenixRulesets.published(groupLogs2222(tmp), T));
        driver.pipe(probe("mesh-to-gw", MESH, GW, 2222, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(event(MESH, GW, "TCP", 2222, null, 0, GROUP_CHAIN, false, T.plusSeconds(1)));
        driver.advanceWallClock(GRACE);
        // Then: logged, not "nothing was logged although the ruleset logs this drop"
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).hasSize(1);
        Verdict v = verdicts.get(0);
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
        assertThat(v.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(v.drops()).isEqualTo(1);
        assertThat(v.evidence()).singleElement().asString().contains(GROUP_CHAIN);
        assertThat(v.rule().location()).isEqualTo("firewall/cluster.fw:36");
    }

    @Test
    void a_line_without_an_action_that_no_rule_of_the_ruleset_wrote_stays_without_one() {
        // Given: the example's group logs nothing
        driver.publish(PhoenixRulesets.published(T));
        // When
        driver.pipe(event(MESH, GW, "TCP", 2222, null, 0, GROUP_CHAIN, false, T.plusSeconds(1)));
        // Then
        assertThat(driver.alerts()).isEmpty();
        PairReport report = new LocalStores("test", 5, driver.stores()).pair(new PairKey(MESH, GW),
                TimeRange.of(T.minusSeconds(60), T.plusSeconds(600), null));
        assertThat(report.inRange().unknown()).isEqualTo(1);
        assertThat(report.inRange().drops()).isZero();
    }

    private static Path groupLogs2222(Path tmp) {
        return PhoenixRulesets.copyWith(tmp, "cluster.fw", "IN DROP -p tcp -dport 2222 -log info");
    }
}
