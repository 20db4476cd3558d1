package ai.thinkheads.droptrace.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairAddressTest {

    @Test
    void an_ipv6_address_in_any_of_its_forms_is_the_one_the_log_writes() {
        assertThat(PairAddress.logged("source", "FD00:10:0:0::153")).isEqualTo("fd00:10::153");
        assertThat(PairAddress.logged("source", "fd00:0010:0000:0000:0000:0000:0000:0153")).isEqualTo("fd00:10::153");
        assertThat(PairAddress.logged("source", "fd00:10::153")).isEqualTo("fd00:10::153");
    }

    @Test
    void ipv4_stays_as_written_and_an_ipv4_tail_is_as_the_log_writes_it() {
        assertThat(PairAddress.logged("source", "10.0.0.153")).isEqualTo("10.0.0.153");
        assertThat(PairAddress.logged("source", "::FFFF:10.0.0.1")).isEqualTo("::ffff:10.0.0.1");
        // each as python3's socket.inet_ntop writes it (glibc: pvefw-logger)
        assertThat(PairAddress.logged("source", "::FFFF:A00:1")).isEqualTo("::ffff:10.0.0.1");
        assertThat(PairAddress.logged("source", "0:0:0:0:0:ffff:10.0.0.1")).isEqualTo("::ffff:10.0.0.1");
        assertThat(PairAddress.logged("source", "1:2:3:4:5:6:1.2.3.4")).isEqualTo("1:2:3:4:5:6:102:304");
        assertThat(PairAddress.logged("source", "::a00:1")).isEqualTo("::10.0.0.1");
    }

    @Test
    void what_is_not_an_address_is_a_bad_request() {
        assertThatThrownBy(() -> PairAddress.logged("source", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source '' is not an IP address");
        assertThatThrownBy(() -> PairAddress.logged("destination", "gateway"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("destination 'gateway'");
    }

    @Test
    void an_ipv4_address_with_leading_zeros_is_a_bad_request_naming_its_decimal_form() {
        assertThatThrownBy(() -> PairAddress.logged("source", "010.000.000.001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source '010.000.000.001' has a part with a leading zero, which some tools read as octal "
                        + "(010 is 8) and the firewall log never writes; give it without them, like 10.0.0.1");
        assertThatThrownBy(() -> PairAddress.logged("destination", "::ffff:10.0.0.01"))
                .hasMessageContaining("like ::ffff:10.0.0.1");
        assertThat(PairAddress.logged("source", "10.0.0.0")).isEqualTo("10.0.0.0");
        assertThat(PairAddress.logged("source", "fd00:10::0153")).isEqualTo("fd00:10::153");
    }
}
