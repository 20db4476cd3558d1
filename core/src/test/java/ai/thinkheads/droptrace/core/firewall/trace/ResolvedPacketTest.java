package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvedPacketTest {

    @Test
    void an_ipv6_address_with_a_port_is_written_in_brackets_so_the_port_is_not_read_as_its_last_group() {
        // Given: without brackets '2001:db8::100:9999' is itself an address
        ResolvedPacket v6 = new ResolvedPacket("outside", "vm100", "2001:db8::5", "2001:db8::100", "tcp", 9999, 40000,
                null, null, List.of("SYN"), List.of());
        ResolvedPacket v4 = new ResolvedPacket("outside", "vm100", "10.0.0.5", "10.0.0.100", "tcp", 9999, null, null,
                null, List.of("SYN"), List.of());
        ResolvedPacket ping = new ResolvedPacket("outside", "vm100", "2001:db8::5", "2001:db8::100", "icmpv6", null,
                null, 128, null, null, List.of());

        // When / Then
        assertThat(v6.describe()).isEqualTo("tcp [2001:db8::5]:40000 -> [2001:db8::100]:9999 (outside -> vm100)");
        assertThat(v4.describe()).isEqualTo("tcp 10.0.0.5 -> 10.0.0.100:9999 (outside -> vm100)");
        assertThat(ping.describe()).isEqualTo("icmpv6 type 128 2001:db8::5 -> 2001:db8::100 (outside -> vm100)");
    }
}
