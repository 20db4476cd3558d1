package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.correlate.AlertPolicy;
import ai.thinkheads.droptrace.streams.correlate.CorrelationDriver;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.query.LocalStores;
import ai.thinkheads.droptrace.streams.query.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bridge that forgot a destination's MAC floods the frame to every port, and another guest's policy logs its copy
 * with the flow's addresses: Portainer (1001) logging Nginx (10.0.0.153) to Traefik (10.0.0.12) on 8443, a path
 * that must work. The copy blocked nothing of the flow.
 */
class FloodedCopyAlertsTest {

    private static final Instant T = Instant.parse("2025-11-20T14:00:00Z");
    private static final String GW = "10.0.0.153";
    private static final String MESH = "10.0.0.12";

    private final CorrelationDriver driver = new CorrelationDriver(CorrelationSettings.defaults(Namespace.of("test"))
            .withAlerts(AlertPolicy.defaults().withMustWork(Set.of(new FlowKey(GW, MESH, "tcp", 8443)))));

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void another_guests_logged_copy_of_a_flooded_frame_raises_no_alert_and_the_flows_own_drop_still_does() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        // When: Portainer's policy logs its copy, then Traefik's own chain drops the flow
        driver.pipe(event(GW, MESH, "TCP", 8443, Action.DROP, 1001, "tap1001i0-IN", true, T.plusSeconds(1)));
        List<Alert> afterCopy = driver.alerts();
        driver.pipe(drop(GW, MESH, 8443, T.plusSeconds(2)));
        // Then: no critical page for the copy; the copy is still counted where it was logged
        assertThat(afterCopy).isEmpty();
        assertThat(driver.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.MUST_WORK_BLOCKED);
            assertThat(a.chain()).isEqualTo("veth102i0-IN");
        });
        assertThat(new LocalStores("test", 5, driver.stores()).pair(new PairKey(GW, MESH),
                TimeRange.of(T.minusSeconds(60), T.plusSeconds(600), null)).byChain())
                .containsOnlyKeys("1001/tap1001i0-IN", "102/veth102i0-IN");
    }
}
