package ai.thinkheads.droptrace.probes.dns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.testing.DnsReplies;
import ai.thinkheads.droptrace.probes.testing.Dnsmasq;
import ai.thinkheads.droptrace.probes.testing.Ports;
import ai.thinkheads.droptrace.probes.testing.Probing;
import ai.thinkheads.droptrace.probes.testing.SilentTcpServer;
import ai.thinkheads.droptrace.probes.testing.TcpDnsServer;
import ai.thinkheads.droptrace.probes.testing.UdpTestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DNS outcomes against a real dnsmasq (NOERROR, NXDOMAIN), a SERVFAIL responder, a silent and a closed port. */
class DnsProbeIT {

    static Dnsmasq dnsmasq;

    @BeforeAll
    static void start() throws Exception {
        dnsmasq = Dnsmasq.start(List.of("/ca.internal.test/10.0.0.10", "/traefik.internal.test/10.0.0.153"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    static String probe(String from, int port, String name, String transport, String answers) {
        return "  - {id: d1, from: " + from + ", to: 127.0.0.1, kind: dns, port: " + port + ", timeout: 2s, dns: {name: " + name
                + ", transport: " + transport + (answers == null ? "" : ", answers: [" + answers + "]") + "}}\n";
    }

    @Test
    void a_known_name_is_noerror_with_the_expected_answer_over_udp_and_tcp() {
        for (String transport : List.of("udp", "tcp")) {
            ProbeResult r = Probing.once(probe("local", dnsmasq.port(), "ca.internal.test", transport, "10.0.0.10"));
            assertThat(r.outcome()).as(transport + ": " + r.explanation()).isEqualTo(ProbeOutcome.NOERROR);
            assertThat(r.facts()).containsEntry("dns.answers", "10.0.0.10");
            assertThat(r.protocol()).isEqualTo(transport);
        }
    }

    @Test
    void a_wrong_answer_fails_the_expectation() {
        ProbeResult r = Probing.once(probe("local", dnsmasq.port(), "traefik.internal.test", "udp", "10.0.0.12"));
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(r.explanation()).contains("10.0.0.153").contains("expected 10.0.0.12");
    }

    @Test
    void an_unknown_name_in_a_local_domain_is_nxdomain() {
        assertThat(Probing.once(probe("local", dnsmasq.port(), "nope.internal.test", "udp", null)).outcome())
                .isEqualTo(ProbeOutcome.NXDOMAIN);
    }

    @Test
    void a_failing_server_is_servfail() throws Exception {
        try (UdpTestServer servfail = UdpTestServer.servfail()) {
            assertThat(Probing.once(probe("local", servfail.port(), "ca.internal.test", "udp", null)).outcome())
                    .isEqualTo(ProbeOutcome.SERVFAIL);
        }
    }

    @Test
    void no_answer_is_a_timeout_and_a_closed_port_is_refused() throws Exception {
        try (UdpTestServer silent = UdpTestServer.silent()) {
            assertThat(Probing.once(probe("local", silent.port(), "ca.internal.test", "udp", null)).outcome())
                    .isEqualTo(ProbeOutcome.TIMEOUT);
        }
        assertThat(Probing.once(probe("local", Ports.closedUdp(), "ca.internal.test", "udp", null)).outcome())
                .isEqualTo(ProbeOutcome.REFUSED);
    }

    @Test
    void a_truncated_answer_over_udp_is_asked_again_over_tcp_as_resolvers_and_dig_do() throws Exception {
        // Given a server whose answers over UDP have the TC flag and no records, and which answers over TCP
        int port = Ports.freeForBoth();
        try (UdpTestServer udp = new UdpTestServer(port, DnsReplies::truncated); TcpDnsServer tcp = new TcpDnsServer(port)) {
            for (String from : List.of("local", "lab-guest")) {
                // When
                ProbeResult r = Probing.once(probe(from, port, "ca.internal.test", "udp", "10.0.0.10"));

                // Then the expected record is found, not missed, and the result says the UDP answer was cut
                assertThat(r.outcome()).as(from + ": " + r.explanation()).isEqualTo(ProbeOutcome.NOERROR);
                assertThat(r.explanation()).as(from).contains("truncated (TC flag)");
                assertThat(r.facts()).as(from).containsEntry("dns.truncated", "true");
                assertThat(r.protocol()).as(from).isEqualTo("tcp");
            }
        }
    }

    @Test
    void a_truncated_answer_whose_query_over_tcp_is_refused_says_both() throws Exception {
        // Given the UDP answer cut, and nothing on TCP (a firewall that lets udp/53 through and rejects tcp/53)
        int port = Ports.freeForBoth();
        try (UdpTestServer udp = new UdpTestServer(port, DnsReplies::truncated)) {
            for (String from : List.of("local", "lab-guest")) {
                // When
                ProbeResult r = Probing.once(probe(from, port, "ca.internal.test", "udp", "10.0.0.10"));

                // Then it is the TCP query's outcome, not 'answered no records', on the TCP query's flow: the correlator
                // traces tcp/53, the port the firewall rejects, not udp/53, which it lets through
                assertThat(r.outcome()).as(from + ": " + r.explanation()).isEqualTo(ProbeOutcome.REFUSED);
                assertThat(r.explanation()).as(from).contains("truncated (TC flag)");
                assertThat(r.protocol()).as(from).isEqualTo("tcp");
                assertThat(r.flow().protocol()).as(from).isEqualTo("tcp");
            }
        }
    }

    @Test
    void a_reply_with_another_id_is_neither_the_answer_nor_silence() throws Exception {
        // Given a server that replies under another id than the query's
        try (UdpTestServer other = new UdpTestServer(DnsReplies::otherId)) {
            for (String from : List.of("local", "lab-guest")) {
                // When
                ProbeResult r = Probing.once(probe(from, other.port(), "ca.internal.test", "udp", null));

                // Then the reply is not taken as the answer, and the path is not said to be dropped: a reply came back
                assertThat(r.outcome()).as(from + ": " + r.explanation()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
                assertThat(r.explanation()).as(from).contains("not the query's").doesNotContain("firewall DROP (");
            }
        }
    }

    @Test
    void a_reply_that_cannot_be_read_is_neither_an_answer_nor_silence() throws Exception {
        // Given a server whose reply ends inside its answer record
        try (UdpTestServer broken = new UdpTestServer(DnsReplies::cutShort)) {
            for (String from : List.of("local", "lab-guest")) {
                // When
                ProbeResult r = Probing.once(probe(from, broken.port(), "ca.internal.test", "udp", null));

                // Then
                assertThat(r.outcome()).as(from + ": " + r.explanation()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
                assertThat(r.explanation()).as(from).contains("not a DNS message that can be read");
            }
        }
    }

    @Test
    void a_datagram_shorter_than_a_dns_header_is_neither_the_answer_nor_silence() throws Exception {
        // Given a server that answers every query with 7 bytes (dig warns "short (< header size) message received")
        try (UdpTestServer garbage = new UdpTestServer(DnsReplies::tooShort)) {
            for (String from : List.of("local", "lab-guest")) {
                // When
                ProbeResult r = Probing.once(probe(from, garbage.port(), "ca.internal.test", "udp", null));

                // Then a reply came back: not the TIMEOUT of a firewall DROP (from here it is read at once, under the
                // query's id; dig warns of it and waits on for the answer)
                assertThat(r.outcome()).as(from + ": " + r.explanation()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
                assertThat(r.explanation()).as(from).contains(from.equals("local") ? "(7 bytes) is not a DNS message"
                        : "shorter than a DNS message's header").doesNotContain("firewall DROP (");
            }
        }
    }

    @Test
    void a_server_that_closes_the_tcp_connection_without_an_answer_is_no_drop() throws Exception {
        // Given a server that accepts over TCP, reads the query and closes
        try (TcpDnsServer closing = TcpDnsServer.closing()) {
            for (String from : List.of("local", "lab-guest")) {
                // When
                ProbeResult r = Probing.once(probe(from, closing.port(), "ca.internal.test", "tcp", null));

                // Then the path worked: not a TIMEOUT called a firewall DROP, not an ERROR saying 'null'
                assertThat(r.outcome()).as(from + ": " + r.explanation()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
                assertThat(r.explanation()).as(from).contains("did not answer the query").doesNotContain("null");
            }
        }
    }

    @Test
    void a_server_that_accepts_the_tcp_connection_and_never_answers_is_no_drop() throws Exception {
        // Given a server that accepts over TCP and says nothing (a DNS server stuck, or busy with other TCP clients)
        try (SilentTcpServer silent = new SilentTcpServer()) {
            for (String from : List.of("local", "lab-guest")) {
                // When
                ProbeResult r = Probing.once(probe(from, silent.port(), "ca.internal.test", "tcp", null));

                // Then the connection was let through: not the TIMEOUT of a firewall DROP
                assertThat(r.outcome()).as(from + ": " + r.explanation()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
                assertThat(r.explanation()).as(from).contains("connected over TCP").contains("not a firewall DROP");
            }
        }
    }

    @Test
    void dig_in_a_guest_gives_the_same_outcomes() throws Exception {
        ProbeResult ok = Probing.once(probe("lab-guest", dnsmasq.port(), "ca.internal.test", "tcp", "10.0.0.10"));
        assertThat(ok.outcome()).as(ok.explanation()).isEqualTo(ProbeOutcome.NOERROR);
        assertThat(Probing.once(probe("lab-guest", dnsmasq.port(), "nope.internal.test", "udp", null)).outcome())
                .isEqualTo(ProbeOutcome.NXDOMAIN);
        try (UdpTestServer servfail = UdpTestServer.servfail(); UdpTestServer silent = UdpTestServer.silent()) {
            assertThat(Probing.once(probe("lab-guest", servfail.port(), "ca.internal.test", "udp", null)).outcome())
                    .isEqualTo(ProbeOutcome.SERVFAIL);
            assertThat(Probing.once(probe("lab-guest", silent.port(), "ca.internal.test", "udp", null)).outcome())
                    .isEqualTo(ProbeOutcome.TIMEOUT);
        }
        assertThat(Probing.once(probe("lab-guest", Ports.closedUdp(), "ca.internal.test", "udp", null)).outcome())
                .isEqualTo(ProbeOutcome.REFUSED);
    }
}
