package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.Confidence;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log's action and the ruleset's disagree: the verdict says what each says, not a reject by a DROP policy. */
class VerdictLoggedActionTest extends PhoenixVerdictTest {

    @Test
    void a_logged_reject_of_a_packet_the_ruleset_drops_is_not_said_to_be_rejected_by_the_drop_policy() {
        // Given: Traefik's (102) policy in the configuration is DROP; its chain logged a REJECT of the flow
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(GW, MESH, "TCP", 8443, Action.REJECT, 102, "veth102i0-IN", true, T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.REFUSED, T));
        // When
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.REJECTED);
            assertThat(v.confidence()).isEqualTo(Confidence.MEDIUM);
            assertThat(v.summary()).isEqualTo("gw-mesh: tcp 10.0.0.153 -> 10.0.0.12:8443 rejected by the firewall, logged; "
                    + "the ruleset drops it by the default policy DROP of veth102i0-IN (firewall/102.fw:policy_in)");
            assertThat(v.reason()).isEqualTo("0 drops and 1 reject were logged on the flow, but the ruleset drops the "
                    + "packet: the firewall running may not be this configuration");
        });
    }

    @Test
    void a_logged_drop_of_a_packet_the_ruleset_rejects_names_both() {
        // Given: Portainer's (1001) rule 8 rejects Traefik on 9000; its chain logged a DROP of the flow
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(MESH, PORTAINER, "TCP", 9000, Action.DROP, 1001, "tap1001i0-IN", false, T));
        driver.pipe(probe("mesh-portainer", MESH, PORTAINER, 9000, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
            assertThat(v.confidence()).isEqualTo(Confidence.MEDIUM);
            assertThat(v.summary()).startsWith("mesh-portainer: tcp 10.0.0.12 -> 10.0.0.111:9000 dropped by the firewall, "
                    + "logged; the ruleset rejects it by rule 'IN REJECT -p tcp -dport 9000 -log info");
            assertThat(v.reason()).doesNotContain("too");
        });
    }
}
