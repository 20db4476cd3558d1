package ai.thinkheads.droptrace.probes.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.exec.CommandRunner;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A guest whose prefix hangs (a frozen container, pct waiting on a lock, a guest agent that does not answer): the
 * tools behind it never run, so their runs are killed at the command's timeout without a word. That says nothing of
 * the path, and must not read as a firewall DROP.
 */
class HungPrefixIT {

    private static final String SITE = """
            site:
              host: {name: testhost, addresses: [127.0.0.1]}
              guests:
                - {vmid: 101, name: frozen, type: lxc, addresses: [127.0.0.1], exec: [sh, -c, 'sleep 30', prefix]}
            defaults: {timeout: 1s}
            probes:
              - {id: tcp, from: frozen, to: 127.0.0.1, kind: tcp, port: 9}
              - {id: udp, from: frozen, to: 127.0.0.1, kind: udp, port: 9, udp: {payload: hi}}
              - {id: dns, from: frozen, to: 127.0.0.1, kind: dns, port: 9, dns: {name: ca.lab}}
              - {id: http, from: frozen, to: 127.0.0.1, kind: http, port: 9, http: {scheme: http, path: /health}}
            """;

    @Test
    void a_network_probe_whose_guest_prefix_hangs_is_an_error_saying_so_not_a_timeout_of_the_path() {
        // Given
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(SITE, "test.yaml"), "test.yaml");
        ProbeExecutor executor = new ProbeExecutor(plan, new CommandRunner(), Clock.systemUTC());

        // When
        for (var probe : plan.probes()) {
            ProbeResult r = executor.run(probe);

            // Then
            assertThat(r.outcome()).as(r.probeId() + ": " + r.explanation()).isEqualTo(ProbeOutcome.ERROR);
            assertThat(r.explanation()).as(r.probeId()).contains("sh hung before").contains("nothing is known of the path")
                    .doesNotContain("DROP");
        }
    }
}
