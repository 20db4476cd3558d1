package ai.thinkheads.droptrace.core.firewall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest
    @CsvSource({
        // each pair as python3's socket.inet_ntop writes it (glibc, as pvefw-logger and dig do)
        "2001:db8:0:0:1:0:0:5, 2001:db8::1:0:0:5",
        "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
        "fd00:10:0:0:0:0:0:153, fd00:10::153",
        "0:0:0:0:0:ffff:a00:a, ::ffff:10.0.0.10",
        "0:0:0:0:0:0:a00:a, ::10.0.0.10",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:ffff, ::ffff",
        "0:0:0:0:0:fffe:a00:1, ::fffe:a00:1",
        "0:0:0:0:0:0:0:0, ::",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8"})
    void sixteen_bytes_are_written_as_inet_ntop_writes_them(String address, String expected) throws Exception {
        // Given
        byte[] bytes = InetAddress.getByName(address).getAddress();
        byte[] sixteen = bytes.length == 16 ? bytes
                : new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, bytes[0], bytes[1], bytes[2], bytes[3]};
        // When / Then
        assertThat(IpAddress.ntop(sixteen)).isEqualTo(expected);
    }

    @Test
    void an_ipv4_compatible_address_is_written_dotted_as_the_log_writes_it() {
        assertThat(IpAddress.parse("::a00:1")).hasToString("::10.0.0.1");
        assertThat(IpAddress.parse("FD00:10:0:0::153")).hasToString("fd00:10::153");
    }
}
