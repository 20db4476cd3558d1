package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortOptionTest {

    @Test
    void an_endpoint_is_written_as_a_url_with_an_ipv6_address_in_brackets() {
        assertThat(PortOption.url("tcp", "127.0.0.1", 5514)).isEqualTo("tcp://127.0.0.1:5514");
        assertThat(PortOption.url("udp", "::1", 5514)).isEqualTo("udp://[::1]:5514");
        assertThat(PortOption.url("tls", "fe80::1%eth0", 6514)).isEqualTo("tls://[fe80::1%eth0]:6514");
        assertThat(PortOption.url("tcp", "[::]", 1)).isEqualTo("tcp://[::]:1");
        assertThat(PortOption.url("tcp", "pve1.example", 1)).isEqualTo("tcp://pve1.example:1");
    }
}
