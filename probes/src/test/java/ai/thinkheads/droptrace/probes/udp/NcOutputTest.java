package ai.thinkheads.droptrace.probes.udp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.run.Finding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code nc -u -v} in a guest, as the lab's prefix {@code ip netns exec} runs it, read into the taxonomy. */
class NcOutputTest {

    static Finding nc(int exitCode, String stderr) {
        return UdpExchange.classifyNc(new CommandOutput(List.of("ip", "netns", "exec", "web", "nc", "-u", "-v"), exitCode, "",
                stderr, false, 30), 5353, Duration.ofSeconds(2));
    }

    @Test
    void a_port_unreachable_is_refused() {
        // Given what OpenBSD nc -u -v does then: nothing said, exit 1
        assertThat(nc(1, "").outcome()).isEqualTo(ProbeOutcome.REFUSED);
    }

    @Test
    void a_tool_the_guest_has_not_is_an_error_not_a_refused_port() {
        // Given what ip netns exec says, exit 1, when the namespace's host has no nc
        Finding f = nc(1, "exec of \"nc\" failed: No such file or directory\n");

        // Then
        assertThat(f.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(f.explanation()).contains("exec of \"nc\" failed");
    }
}
