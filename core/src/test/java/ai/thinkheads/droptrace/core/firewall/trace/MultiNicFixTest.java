package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accept rule proposed for a guest with two firewalled NICs lets the packet in on the NIC it came to only. */
class MultiNicFixTest {

    private static RuleTracer tracer(Path pve, String rules) throws IOException {
        Files.createDirectories(pve.resolve("firewall"));
        Files.createDirectories(pve.resolve("nodes/pve/lxc"));
        Files.writeString(pve.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(pve.resolve("firewall/102.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\n" + rules);
        Files.writeString(pve.resolve("nodes/pve/lxc/102.conf"),
                "net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=52:54:00:00:01:02,ip=10.0.0.2/24,type=veth\n"
                        + "net1: name=eth1,bridge=vmbr1,firewall=1,hwaddr=52:54:00:00:02:02,ip=192.168.1.2/24,type=veth\n");
        return RuleTracer.compile(ConfigDirectoryReader.read(pve, ReadOptions.defaults()));
    }

    @Test
    void a_fix_for_the_second_nic_names_it_so_the_first_stays_closed(@TempDir Path pve) throws IOException {
        // Given guest 102 with net0 and net1, both firewalled, and a drop policy
        RuleTracer before = tracer(pve, "");

        // When
        TraceResult blocked = before.trace(TraceRequest.flow("192.168.1.1", "192.168.1.2", "tcp", 443));
        RuleTracer after = tracer(pve, blocked.fix().after() + "\n");

        // Then: the rule is for net1 only; without -i it was in veth102i0-IN too and let 192.168.1.1 reach 10.0.0.2:443
        assertThat(blocked.fix().after()).isEqualTo("IN ACCEPT -i net1 -source 192.168.1.1 -p tcp -dport 443");
        assertThat(after.trace(TraceRequest.flow("192.168.1.1", "192.168.1.2", "tcp", 443)).action())
                .isEqualTo(Action.ACCEPT);
        assertThat(after.trace(TraceRequest.flow("192.168.1.1", "10.0.0.2", "tcp", 443)).action())
                .isEqualTo(Action.DROP);
    }

    @Test
    void a_fix_above_a_blocking_rule_of_one_nic_names_that_nic(@TempDir Path pve) throws IOException {
        // Given
        RuleTracer tracer = tracer(pve, "IN ACCEPT -i net0 -p tcp -dport 443\nIN DROP -i net1 -p tcp -dport 443\n");

        // When
        TraceResult blocked = tracer.trace(TraceRequest.flow("192.168.1.1", "192.168.1.2", "tcp", 443));

        // Then
        assertThat(blocked.fix().line()).isEqualTo(6);
        assertThat(blocked.fix().after()).isEqualTo("IN ACCEPT -i net1 -source 192.168.1.1 -p tcp -dport 443");
    }
}
