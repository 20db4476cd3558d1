package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import org.junit.jupiter.api.Test;

/**
 * A guest whose address the configuration does not hold (a VM without cloud-init, a container on DHCP) logs its
 * own drops with an address the inventory cannot name: such a line is evidence, not a flooded copy.
 */
class VerdictUnknownGuestAddressTest extends PhoenixVerdictTest {

    /** A VM of the site whose address comes from DHCP: no guest of the configuration owns it. */
    private static final String DHCP_VM = "10.0.0.50";

    @Test
    void a_drop_a_guest_without_a_known_address_logged_for_a_flow_to_an_unknown_address_is_evidence() {
        // Given / When: VM 1003 (not in the configuration's inventory) dropped Nginx's connection to it and logged it
        decideAfterADropLoggedBy(1003);
        // Then: the line is kept as evidence, not taken for a copy of another guest's frame
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.drops()).isEqualTo(1);
            assertThat(v.evidence()).singleElement().asString().contains("DST=" + DHCP_VM);
            assertThat(v.verdict()).isNotEqualTo(VerdictClass.NOT_FIREWALL);
        });
    }

    @Test
    void a_guest_with_a_known_address_still_has_its_copy_of_a_flow_to_an_unknown_address_left_out() {
        // Given / When: Portainer (1001, 10.0.0.111) logged a flooded copy of Nginx's connection to the DHCP VM
        decideAfterADropLoggedBy(1001);
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.drops()).isZero();
            assertThat(v.evidence()).isEmpty();
        });
    }

    /**
     * The ruleset, a TCP 3389 drop from the gateway to the DHCP VM logged on {@code vmid}'s tap, the probe that timed out
     * on that path, and a later line that closes the probe's window and grace, so its verdict is decided.
     */
    private void decideAfterADropLoggedBy(int vmid) {
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(GW, DHCP_VM, "TCP", 3389, Action.DROP, vmid, "tap" + vmid + "i0-IN", true, T.plusSeconds(1)));
        driver.pipe(probe("gw-rdp", GW, DHCP_VM, 3389, ProbeOutcome.TIMEOUT, T));
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
    }
}
