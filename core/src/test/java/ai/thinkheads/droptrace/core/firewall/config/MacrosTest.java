package ai.thinkheads.droptrace.core.firewall.config;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.macro.Macro;
import ai.thinkheads.droptrace.core.firewall.macro.MacroEntry;
import ai.thinkheads.droptrace.core.firewall.macro.Macros;
import org.junit.jupiter.api.Test;

class MacrosTest {

    @Test
    void the_whole_macro_table_is_there_with_its_ipv6_variants() {
        // Then
        assertThat(Macros.all()).hasSize(86);
        assertThat(Macros.find("ssh")).get().extracting(Macro::name).isEqualTo("SSH");
        assertThat(Macros.find("SMB").orElseThrow().entries()).contains(new MacroEntry("udp", "1024:65535", "137"));
        Macro ping = Macros.find("Ping").orElseThrow();
        assertThat(ping.entries(4)).containsExactly(new MacroEntry("icmp", "echo-request", null));
        assertThat(ping.entries(6)).containsExactly(new MacroEntry("icmpv6", "echo-request", null));
        assertThat(Macros.find("HTTP").orElseThrow().entries(6)).containsExactly(new MacroEntry("tcp", "80", null));
        assertThat(Macros.find("GRE").orElseThrow().entries()).containsExactly(new MacroEntry("47", null, null));
    }
}
