package ai.thinkheads.droptrace.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SenderNameTest {

    @Test
    void an_ipv4_sender_is_named_by_its_address() throws Exception {
        // When / Then
        assertThat(SenderName.of("udp", InetAddress.getByName("10.0.0.5"))).isEqualTo("udp://10.0.0.5");
    }

    @Test
    void an_ipv6_sender_is_named_in_rfc_5952_short_form_in_brackets_as_an_operator_writes_it() throws Exception {
        // When / Then: not Java's 0:0:0:0:0:0:0:1, which --allow ::1 and a grep for ::1 would not find
        assertThat(SenderName.of("tcp", InetAddress.getByName("::1"))).isEqualTo("tcp://[::1]");
        assertThat(SenderName.of("udp", InetAddress.getByName("fd00:0:0:0:0:0:0:5"))).isEqualTo("udp://[fd00::5]");
        assertThat(SenderName.of("tls", InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
                .isEqualTo("tls://[2001:db8::1:0:0:1]");
        assertThat(SenderName.of("udp", InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
                .isEqualTo("udp://[2001:db8:0:1:1:1:1:1]");
        assertThat(SenderName.of("udp", InetAddress.getByName("fe80:0:0:0:0:0:0:1%1"))).isEqualTo("udp://[fe80::1%1]");
        assertThat(SenderName.of("udp", InetAddress.getByName("1::"))).isEqualTo("udp://[1::]");
        assertThat(SenderName.of("udp", InetAddress.getByName("::"))).isEqualTo("udp://[::]");
    }
}
