package ai.thinkheads.droptrace.core.firewall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpAddressTest {

    @Test
    void the_bytes_of_an_address_are_the_address_an_ipv4_mapped_one_ipv4() {
        assertThat(IpAddress.of(new byte[] {10, 0, 0, 9})).isEqualTo(IpAddress.parse("10.0.0.9"));
        assertThat(IpAddress.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 9}))
                .isEqualTo(IpAddress.parse("10.0.0.9"));
        assertThat(IpAddress.of(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))
                .isEqualTo(IpAddress.parse("fd00::1"));
        assertThatThrownBy(() -> IpAddress.of(new byte[5])).hasMessage("an IP address has 4 or 16 bytes, not 5");
    }
}
