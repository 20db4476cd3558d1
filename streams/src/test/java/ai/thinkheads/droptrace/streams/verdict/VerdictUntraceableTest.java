package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import org.junit.jupiter.api.Test;

/** A failure the published ruleset cannot trace is undetermined, and says so instead of saying there is no ruleset. */
class VerdictUntraceableTest extends PhoenixVerdictTest {

    @Test
    void a_failure_between_two_addresses_outside_the_configuration_is_undetermined_without_claiming_no_ruleset() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        // When: neither address is a guest or the host, so no chain of this firewall sees the packet
        driver.pipe(probe("far", "192.0.2.1", "192.0.2.2", 443, ProbeOutcome.TIMEOUT, T));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.UNDETERMINED);
            assertThat(v.rulesetVersion()).isEqualTo(PhoenixRulesets.published(T).version());
            assertThat(v.summary()).doesNotContain("no ruleset")
                    .endsWith("failed (TIMEOUT); nothing was logged and the ruleset cannot trace it");
            assertThat(v.reason()).contains("the tracer cannot trace the probe's packet");
        });
    }

    @Test
    void a_failure_of_a_probe_run_in_a_guest_the_probe_configuration_gives_no_address_is_traced_from_that_guest() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        // When: a probe run inside Nginx (ct101) whose site.guests entry lists no address: it has no source
        ProbeResult p = probe("gw-web", GW, MESH, 80, ProbeOutcome.TIMEOUT, T);
        driver.pipe(new ProbeResult(p.schema(), p.probeId(), p.kind(), p.time(), "nginx-phoenix", 101, p.to(), null,
                p.destination(), p.protocol(), p.port(), p.outcome(), p.passed(), p.connectMillis(), p.durationMillis(),
                p.explanation(), p.facts(), p.tls()));
        driver.advanceWallClock(GRACE);
        // Then: traced from ct101 (its address 10.0.0.153 in the configuration), whose rules and Traefik's accept it;
        // not 'the tracer cannot trace the probe's packet: give --from or the source address'
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.NOT_FIREWALL);
            assertThat(v.reason()).doesNotContain("cannot trace", "--from");
            assertThat(v.rule().location()).startsWith("firewall/102.fw:");
        });
    }

    @Test
    void without_a_ruleset_an_unexplained_failure_says_that_no_ruleset_decides_it() {
        // When
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).singleElement().extracting(Verdict::summary).asString()
                .endsWith("failed (TIMEOUT); no ruleset and no log line decide it");
    }
}
