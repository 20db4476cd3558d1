package ai.thinkheads.droptrace.cli.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** A must-work flow is compared with the flows of log lines, so it must hold addresses as the log writes them. */
class FlowConverterTest {

    private final FlowConverter converter = new FlowConverter();

    @Test
    void ipv6_addresses_are_read_in_the_form_the_log_writes_them() {
        // When
        FlowKey flow = converter.convert("FD00:10:0:0::153,fd00:0010::0012,TCP,8443");
        // Then
        assertThat(flow).isEqualTo(new FlowKey("fd00:10::153", "fd00:10::12", "tcp", 8443));
    }

    @Test
    void a_source_or_destination_that_is_not_an_address_is_refused() {
        // When / Then
        assertThatThrownBy(() -> converter.convert("nginx,10.0.0.12,tcp,8443"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("'nginx' is not an IP address");
        assertThatThrownBy(() -> converter.convert("10.0.0.153,10.0.0.12/32,tcp,8443"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("'10.0.0.12/32' is not an IP address");
    }

    @Test
    void a_flow_no_log_line_can_have_is_refused_instead_of_a_must_work_alert_that_never_comes() {
        // When / Then: a protocol the log never names, a port-less port, a port on a protocol without ports
        assertThatThrownBy(() -> converter.convert("10.0.0.153,10.0.0.12,tpc,8443"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("the firewall log names no protocol 'tpc'");
        assertThatThrownBy(() -> converter.convert("10.0.0.153,10.0.0.12,http,80"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("no protocol 'http'");
        assertThatThrownBy(() -> converter.convert("10.0.0.153,10.0.0.12,300,0"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("no protocol '300'");
        assertThatThrownBy(() -> converter.convert("10.0.0.153,10.0.0.12,tcp,0"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("a tcp flow needs its destination port");
        assertThatThrownBy(() -> converter.convert("10.0.0.153,10.0.0.12,icmp,8"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("icmp has no ports").hasMessageContaining("write 10.0.0.153,10.0.0.12,icmp,0");
    }

    @Test
    void a_flow_of_an_ipv4_and_an_ipv6_address_is_refused_as_no_packet_has_one() {
        // When / Then: an IPv4-mapped address is IPv6 in a log line; an IPv4 packet's address is logged as IPv4
        assertThatThrownBy(() -> converter.convert("10.0.0.153,fd00:10::12,tcp,8443"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("10.0.0.153 is IPv4 and fd00:10::12 is IPv6: no packet has an address of each");
        assertThatThrownBy(() -> converter.convert("::FFFF:10.0.0.153,10.0.0.12,tcp,8443"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("::ffff:10.0.0.153 is IPv6 (IPv4-mapped: the log writes an IPv4 packet's address "
                        + "as 10.0.0.153) and 10.0.0.12 is IPv4");
    }

    @Test
    void icmp_between_ipv6_addresses_is_refused_naming_icmpv6_as_the_log_names_it() {
        // When / Then
        assertThatThrownBy(() -> converter.convert("fd00::1,fd00::2,icmp,0"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("the log names ICMP between IPv6 addresses icmpv6; write fd00::1,fd00::2,icmpv6,0");
        assertThatThrownBy(() -> converter.convert("10.0.0.1,10.0.0.2,58,0"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("write 10.0.0.1,10.0.0.2,icmp,0");
    }

    @Test
    void an_ipv4_address_with_a_leading_zero_is_refused_as_the_log_never_writes_one() {
        // When / Then: taken as written, 010.0.0.153 is a flow no line has (and inet_aton reads it as 8.0.0.153)
        assertThatThrownBy(() -> converter.convert("010.0.0.153,10.0.0.12,tcp,8443"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'010.0.0.153' has a part with a leading zero")
                .hasMessageContaining("like 10.0.0.153");
    }

    @Test
    void protocols_are_kept_as_the_log_names_them() {
        // When / Then
        assertThat(converter.convert("10.0.0.153,10.0.0.12,UDP,53")).isEqualTo(flow("10.0.0.153", "udp", 53));
        assertThat(converter.convert("10.0.0.153,10.0.0.12,6,22")).isEqualTo(flow("10.0.0.153", "tcp", 22));
        assertThat(converter.convert("10.0.0.153,10.0.0.12,132,3868")).isEqualTo(flow("10.0.0.153", "sctp", 3868));
        assertThat(converter.convert("10.0.0.153,10.0.0.12,47,0")).isEqualTo(flow("10.0.0.153", "47", 0));
        assertThat(converter.convert("fd00::1,fd00::2,ICMPv6,0")).isEqualTo(new FlowKey("fd00::1", "fd00::2", "icmpv6", 0));
    }

    private static FlowKey flow(String source, String protocol, int port) {
        return new FlowKey(source, "10.0.0.12", protocol, port);
    }
}
