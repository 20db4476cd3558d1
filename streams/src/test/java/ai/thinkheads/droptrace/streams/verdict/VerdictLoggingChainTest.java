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
import ai.thinkheads.droptrace.streams.correlate.CorrelationDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A logged drop names the chain that dropped the packet: when the ruleset drops the probe's packet in another chain (Step-CA's
 * OUT policy, while the line is the host's INPUT policy's), the packet got past the chain the ruleset names, so the rule the
 * kernel used is not the one the ruleset cites.
 */
class VerdictLoggingChainTest extends PhoenixVerdictTest {

    private static final String STEPCA = "10.0.0.10";
    private static final String HOST = "10.0.0.13";

    @Test
    void a_drop_logged_by_another_chain_than_the_one_the_ruleset_drops_in_is_not_said_to_be_that_rules() {
        // Given: Step-CA's policy_out DROP (firewall/103.fw:4) drops tcp/53 to the host; the host's INPUT policy logged it
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(STEPCA, HOST, "TCP", 53, Action.DROP, 0, "PVEFW-HOST-IN", true, T));
        driver.pipe(probe("stepca-dns-tcp", STEPCA, HOST, 53, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then
        Verdict v = single(driver);
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
        assertThat(v.rule().location()).isEqualTo("firewall/103.fw:4");
        assertThat(v.confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(v.reason()).contains("logged by PVEFW-HOST-IN, not by veth103i0-OUT");
        assertThat(v.summary()).isEqualTo("stepca-dns-tcp: tcp 10.0.0.10 -> 10.0.0.13:53 dropped by the firewall, logged by "
                + "PVEFW-HOST-IN; the ruleset drops it by the default policy DROP of veth103i0-OUT (firewall/103.fw:4)");
    }

    @Test
    void a_drop_logged_by_the_chain_the_ruleset_drops_in_is_that_rules_with_high_confidence() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(STEPCA, HOST, "TCP", 53, Action.DROP, 103, "veth103i0-OUT", true, T));
        driver.pipe(probe("stepca-dns-tcp", STEPCA, HOST, 53, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then
        Verdict v = single(driver);
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
        assertThat(v.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(v.summary()).isEqualTo("stepca-dns-tcp: tcp 10.0.0.10 -> 10.0.0.13:53 dropped by the firewall, logged: "
                + "the default policy DROP of veth103i0-OUT (firewall/103.fw:4)");
    }

    @Test
    void the_nftables_chain_of_the_same_guest_and_direction_is_the_same_chain() {
        // Given: proxmox-firewall names one chain per guest and direction
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(STEPCA, HOST, "TCP", 53, Action.DROP, 103, "guest-103-out", false, T));
        driver.pipe(probe("stepca-dns-tcp", STEPCA, HOST, 53, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then
        Verdict v = single(driver);
        assertThat(v.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(v.reason()).doesNotContain("logged by");
    }

    private static Verdict single(CorrelationDriver driver) {
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }
}
