package ai.thinkheads.droptrace.probes.dns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dig's output in a guest (dig 9.18), read into the taxonomy. */
class DigOutputTest {

    static DnsQuery.Exchange dig(String stdout) {
        return DigOutput.read(new CommandOutput(List.of("pct", "exec", "101", "--", "dig"), 9, stdout, "", false, 40), 53,
                Duration.ofSeconds(2));
    }

    @Test
    void an_icmp_admin_prohibited_answer_to_a_udp_query_is_unreachable_not_a_timeout() {
        // Given what dig prints when a firewall REJECTs with icmp-admin-prohibited
        String stdout = """
                ;; communications error to 10.0.0.13#53: host unreachable

                ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.0.0.13 -p 53 +notcp +time=2 +tries=1 ca.lab A
                ; (1 server found)
                ;; global options: +cmd
                ;; no servers could be reached
                """;

        // When
        DnsQuery.Exchange exchange = dig(stdout);

        // Then it is what the same reply is to a query from here
        assertThat(exchange.failure().outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
    }

    @Test
    void an_icmp_admin_prohibited_answer_to_a_tcp_query_is_unreachable() {
        // Given
        String stdout = ";; Connection to 10.0.0.13#53(10.0.0.13) for ca.lab failed: host unreachable.\n"
                + ";; no servers could be reached\n";

        // When / Then
        assertThat(dig(stdout).failure().outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
    }

    @Test
    void no_answer_at_all_is_still_a_timeout() {
        // Given
        String stdout = ";; communications error to 10.0.0.13#53: timed out\n;; no servers could be reached\n";

        // When / Then
        assertThat(dig(stdout).failure().outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
    }

    @Test
    void a_udp_query_without_answer_is_explained_as_a_query_not_as_a_connection_request() {
        // Given dig over UDP (+notcp) that heard nothing
        String stdout = ";; communications error to 10.0.0.13#53: timed out\n;; no servers could be reached\n";

        // When
        DnsQuery.Exchange exchange = DigOutput.read(new CommandOutput(List.of("pct", "exec", "101", "--", "dig", "+notcp"), 9,
                stdout, "", false, 2000), 53, Duration.ofSeconds(2));

        // Then it reads as the same silence does from here: there was no connection to reset
        assertThat(exchange.failure().explanation()).isEqualTo(
                "no DNS answer and no ICMP error within 2 s: the signature of a firewall DROP (or a server that is down)");
    }

    static DnsQuery.Exchange dig(String transport, String stdout) {
        return DigOutput.read(new CommandOutput(List.of("pct", "exec", "101", "--", "dig", transport), 9, stdout, "", false,
                2000), 53, Duration.ofSeconds(2));
    }

    @Test
    void a_tcp_query_whose_connection_was_made_and_never_answered_is_no_drop() {
        // Given dig 9.18 over TCP to a server that accepted the connection and said nothing (recv_done's words)
        String stdout = """
                ;; communications error to 10.0.0.13#53: timed out

                ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.0.0.13 -p 53 +tcp +time=2 +tries=1 ca.lab A
                ; (1 server found)
                ;; global options: +cmd
                ;; no servers could be reached
                """;

        // When
        DnsQuery.Exchange exchange = dig("+tcp", stdout);

        // Then the connection was let through: not a TIMEOUT, which says "no answer to the connection request"
        assertThat(exchange.failure().outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(exchange.failure().explanation()).contains("connected over TCP").contains("not a firewall DROP");
    }

    @Test
    void a_tcp_connect_that_got_no_answer_is_still_a_timeout() {
        // Given dig 9.18 over TCP whose connect got no answer (tcp_connected's words)
        String stdout = ";; Connection to 10.0.0.13#53(10.0.0.13) for ca.lab failed: timed out.\n"
                + ";; no servers could be reached\n";

        // When
        DnsQuery.Exchange exchange = dig("+tcp", stdout);

        // Then
        assertThat(exchange.failure().outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(exchange.failure().explanation()).contains("no answer to the connection request");
    }

    @Test
    void a_udp_query_answered_by_a_port_unreachable_is_not_explained_as_a_tcp_reset() {
        // Given dig over UDP to a port nothing listens on
        String stdout = ";; communications error to 10.0.0.13#53: connection refused\n;; no servers could be reached\n";

        // When
        DnsQuery.Exchange exchange = dig("+notcp", stdout);

        // Then it reads as the same answer does from here
        assertThat(exchange.failure().outcome()).isEqualTo(ProbeOutcome.REFUSED);
        assertThat(exchange.failure().explanation()).isEqualTo(
                "an ICMP port unreachable came back: no DNS server listens on UDP port 53, or a firewall REJECTs");
    }

    @Test
    void a_tcp_query_refused_is_a_tcp_reset() {
        // Given
        String stdout = ";; Connection to 10.0.0.13#53(10.0.0.13) for ca.lab failed: connection refused.\n"
                + ";; no servers could be reached\n";

        // When / Then
        assertThat(dig("+tcp", stdout).failure().explanation()).contains("TCP reset");
    }

    @Test
    void a_reply_dig_cannot_parse_is_not_a_noerror_without_records() {
        // Given what dig 9.18 prints for a reply whose answer record ends early
        String stdout = """
                ;; Warning: Message parser reports malformed message packet.

                ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @127.0.0.1 -p 53 +notcp +time=2 +tries=1 ca.test A
                ;; Got answer:
                ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 56192
                ;; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0
                ;; WARNING: Message has 4 extra bytes at end
                """;

        // When
        DnsQuery.Exchange exchange = dig(stdout);

        // Then
        assertThat(exchange.response()).isNull();
        assertThat(exchange.failure().outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
    }

    @Test
    void a_datagram_shorter_than_a_dns_header_is_a_reply_that_is_not_the_answer_not_a_drop() {
        // Given dig 9.18 over UDP whose only reply was 7 bytes: it warns and waits on until its timeout
        String stdout = """
                ;; Warning: short (< header size) message received
                ;; communications error to 10.0.0.13#53: timed out

                ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.0.0.13 -p 53 +notcp +time=2 +tries=1 ca.lab A
                ; (1 server found)
                ;; global options: +cmd
                ;; no servers could be reached
                """;

        // When
        DnsQuery.Exchange exchange = dig("+notcp", stdout);

        // Then it is what such a reply is to a query from here: the path let it through
        assertThat(exchange.failure().outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(exchange.failure().explanation()).contains("shorter than a DNS message's header")
                .contains("not a firewall DROP");
    }

    @Test
    void a_txt_record_of_several_strings_is_read_as_the_java_client_decodes_it() {
        // Given dig's answer for a TXT record of two character-strings, one with an escaped quote and a UTF-8 byte pair
        String stdout = """
                ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 29027
                ;; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1

                ;; ANSWER SECTION:
                t.internal.test.	0	IN	TXT	"v=spf1 a" " -all \\"gr\\195\\188\\195\\159e\\""

                ;; Query time: 4 msec
                """;

        // When
        DnsQuery.Exchange exchange = dig(stdout);

        // Then its data is the strings joined, as the same record asked from here is (before: 'v=spf1 a" " -all ...')
        assertThat(exchange.response().answers()).extracting(DnsMessage.Answer::data)
                .containsExactly("v=spf1 a -all \"gr\u00FC\u00DFe\"");
        assertThat(DnsQuery.judge(exchange.response(), "t.internal.test", "TXT", List.of("v=spf1 a -all \"gr\u00FC\u00DFe\""))
                .outcome()).isEqualTo(ProbeOutcome.NOERROR);
    }
}
