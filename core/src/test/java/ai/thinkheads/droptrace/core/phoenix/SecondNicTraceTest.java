package ai.thinkheads.droptrace.core.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.firewall.trace.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecondNicTraceTest {

    @Test
    void a_guest_named_without_a_nic_is_traced_from_its_nic_that_has_an_address(@TempDir Path dir) throws IOException {
        // Given: the newest Nginx, net0 by DHCP on the public VLAN, 172.16.100.10 on net1
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"address": "10.0.0.13/24"},
                             "internal_bridge": {"name": "vmbr100", "subnet": "172.16.100.0/24"}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);
        Files.writeString(dir.resolve("phoenix_lxc_configs.json"), """
                {"lxc_configs": {
                  "101": {"name": "Nginx-Phoenix",
                    "network_config": {"name": "eth0", "bridge": "vmbr0.20", "ip": "dhcp"},
                    "secondary_network_config": {"name": "eth1", "bridge": "vmbr100", "ip": "172.16.100.10/24"}},
                  "102": {"name": "Traefik-Internal", "network_config": {"bridge": "vmbr100", "ip": "172.16.100.12/24"},
                    "firewall": {"enabled": true, "rules": [
                      {"type": "in", "action": "ACCEPT", "source": "172.16.100.10", "proto": "tcp", "port": "8443"}]}}}}
                """);
        RuleTracer tracer = RuleTracer.compile(PhoenixRuleset.load(dir, Generator.NEW, ReadOptions.defaults()).ruleset());

        // When
        TraceResult r = tracer.trace(TraceRequest.between(Zone.parse("ct101"), Zone.parse("ct102"), "tcp", 8443));

        // Then
        assertThat(r.action()).isEqualTo(Action.ACCEPT);
        assertThat(r.packet().source()).isEqualTo("172.16.100.10");
        assertThat(r.packet().assumed()).contains("ct101: net1, its first NIC with an address (net0 has none; "
                + "give ct101i<N> to choose)");
    }
}
