package ai.thinkheads.droptrace.core.phoenix.check;

import static ai.thinkheads.droptrace.core.phoenix.check.PhoenixCheckerTest.check;
import static ai.thinkheads.droptrace.core.phoenix.check.PhoenixCheckerTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcmpDnsFixTest {

    @Test
    void a_ping_stopped_by_the_host_chain_and_again_by_the_guests_policy_gets_both_rules_in_its_fix() {
        // Given: the older generator copies 103's 'OUT DROP' into cluster.fw, which stops the host's ping to
        // Portainer first; Portainer's own chain (enable: 1, policy_in DROP, no ICMP rule) drops it after that

        // When
        List<PhoenixFinding> findings = check(PhoenixSamples.OLD_LAYOUT, Generator.OLD);

        // Then: the fix names the rule for each chain, not only the first, so applying it makes the ping work
        PhoenixFinding ping = findings.stream().filter(f -> f.code().equals("ping-blocked")
                && f.message().contains("Portainer (vm1001)")).findFirst().orElseThrow();
        assertThat(ping.fwLocation()).isEqualTo("firewall/cluster.fw:25");
        assertThat(ping.fix()).contains("the generator writes firewall/cluster.fw: OUT ACCEPT -p icmp -dest 10.0.0.111",
                "phoenix_vm_configs.json .vms[1].firewall.rules", "firewall/1001.fw: IN ACCEPT -p icmp");
        assertThat(ping.fixJson()).contains("\"dest\": \"10.0.0.111\"");
    }

    @Test
    void a_ping_one_guest_rule_fixes_keeps_its_single_rule() {
        // When
        List<PhoenixFinding> findings = check(PhoenixSamples.NEW_LAYOUT, Generator.NEW);

        // Then
        PhoenixFinding ping = find(findings, "ping-blocked", "firewall/102.fw:2");
        assertThat(ping.fix()).startsWith("append to phoenix_lxc_configs.json .lxc_configs[\"102\"].firewall.rules")
                .doesNotContain(" and ");
    }
}
