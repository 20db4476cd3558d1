package ai.thinkheads.droptrace.probes.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A probe whose path must be blocked carries what it expects in its result, so the correlator never proposes a change
 * that opens the path; a probe that must work carries nothing more.
 */
class ExpectationFactTest {

    private static final String SITE = "site:\n  host: {name: phoenix, addresses: [10.0.0.13]}\n  guests:\n"
            + "    - {vmid: 101, name: nginx, type: lxc, addresses: [10.0.0.153]}\n"
            + "    - {vmid: 1001, name: portainer, type: qemu, addresses: [10.0.0.111]}\n";

    @Test
    void a_must_be_blocked_probe_says_what_it_expects_and_a_must_work_one_says_nothing() {
        // Given
        List<PlannedProbe> probes = ProbePlan.of(ConfigLoader.parse(SITE + "probes:\n"
                + "  - {id: closed, from: nginx, to: portainer, kind: tcp, port: 9000, expect: [TIMEOUT, unreachable]}\n"
                + "  - {id: open, from: nginx, to: portainer, kind: tcp, port: 9443}\n"
                + "  - {id: refused-ok, from: nginx, to: portainer, kind: tcp, port: 22, expect: [OPEN, REFUSED]}\n",
                "f.yaml"), "f.yaml").probes();

        // When: each refused
        List<ProbeResult> results = probes.stream().map(p -> ProbeExecutor.result(p, Instant.EPOCH,
                Finding.of(ProbeOutcome.REFUSED, "refused"), 1)).toList();

        // Then
        assertThat(results.get(0).expectsBlocked()).isEqualTo("TIMEOUT,UNREACHABLE");
        assertThat(results.get(0).facts()).containsEntry(ProbeResult.EXPECT_FACT, "TIMEOUT,UNREACHABLE");
        assertThat(results.get(1).expectsBlocked()).isNull();
        assertThat(results.get(2).facts()).doesNotContainKey(ProbeResult.EXPECT_FACT);
    }
}
