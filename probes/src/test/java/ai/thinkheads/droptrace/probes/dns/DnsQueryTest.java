package ai.thinkheads.droptrace.probes.dns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.testing.DnsReplies;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsQueryTest {

    static DnsMessage.Response noerror(String type, String data) {
        return new DnsMessage.Response(7, false, 0, List.of(new DnsMessage.Answer("web.lab", type, 60, data)));
    }

    @Test
    void an_expected_ipv6_address_matches_the_answer_however_either_is_written() {
        // Given the decoder's form of fd00::5
        DnsMessage.Response response = noerror("AAAA", "fd00:0:0:0:0:0:0:5");

        // When the operator wrote the usual short form
        Finding f = DnsQuery.judge(response, "web.lab", "AAAA", List.of("fd00::5"));

        // Then the expectation holds
        assertThat(f.outcome()).as(f.explanation()).isEqualTo(ProbeOutcome.NOERROR);
    }

    @Test
    void an_aaaa_record_reads_as_dig_writes_it_an_ipv4_mapped_one_too() {
        // Given a response to web.lab AAAA with the records 2001:db8::1:0:0:5 and ::ffff:10.0.0.10 (as dig prints them)
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        message.writeBytes(new byte[] {0, 7, (byte) 0x81, (byte) 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
            3, 'w', 'e', 'b', 3, 'l', 'a', 'b', 0, 0, 28, 0, 1});
        message.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16,
            0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 5});
        message.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 10});

        // When
        DnsMessage.Response response = DnsMessage.decode(message.toByteArray()).orElseThrow();
        Finding f = DnsQuery.judge(response, "web.lab", "AAAA", List.of("2001:db8::1:0:0:5", "::ffff:10.0.0.10"));

        // Then: not Java's 2001:db8:0:0:1:0:0:5, nor 10.0.0.10 for a record that holds an IPv6 address
        assertThat(response.answers()).extracting(DnsMessage.Answer::data)
                .containsExactly("2001:db8::1:0:0:5", "::ffff:10.0.0.10");
        assertThat(f.outcome()).as(f.explanation()).isEqualTo(ProbeOutcome.NOERROR);
        assertThat(f.explanation()).isEqualTo("web.lab AAAA answered 2001:db8::1:0:0:5, ::ffff:10.0.0.10");
    }

    @Test
    void an_expected_name_matches_without_regard_to_case_or_the_final_dot() {
        // Given dig's presentation of a CNAME
        DnsMessage.Response response = noerror("CNAME", "Proxy.Lab.");

        // When / Then
        assertThat(DnsQuery.judge(response, "web.lab", "CNAME", List.of("proxy.lab")).outcome()).isEqualTo(ProbeOutcome.NOERROR);
    }

    @Test
    void another_address_still_fails_the_expectation() {
        // Given
        DnsMessage.Response response = noerror("AAAA", "fd00:0:0:0:0:0:0:5");

        // When
        Finding f = DnsQuery.judge(response, "web.lab", "AAAA", List.of("fd00::6"));

        // Then
        assertThat(f.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(f.explanation()).endsWith("expected fd00::6");
    }

    @Test
    void an_answer_of_only_another_type_names_it_rather_than_saying_no_records() {
        // Given a CNAME whose target has no A record: dig shows the CNAME, the probe said "with no records"
        DnsMessage.Response response = noerror("CNAME", "step-ca.internal.test");

        // When
        Finding plain = DnsQuery.judge(response, "ca.internal.test", "A", List.of());
        Finding expecting = DnsQuery.judge(response, "ca.internal.test", "A", List.of("10.0.0.10"));

        // Then
        assertThat(plain.outcome()).isEqualTo(ProbeOutcome.NOERROR);
        assertThat(plain.explanation()).isEqualTo("ca.internal.test A answered with no A record, only CNAME "
                + "step-ca.internal.test");
        assertThat(expecting.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(expecting.explanation()).isEqualTo("ca.internal.test A answered no A record, only CNAME "
                + "step-ca.internal.test, expected 10.0.0.10");
    }

    @Test
    void an_answer_over_tcp_that_trickles_in_past_the_timeout_is_no_answer_within_it() throws Exception {
        // Given a server that sends a whole answer over TCP, a byte every 100 ms: each read gets a byte well within the
        // timeout, the whole answer not
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> trickle(server));
            peer.setDaemon(true);
            peer.start();

            // When
            DnsQuery.Exchange exchange = DnsQuery.ask(InetAddress.getLoopbackAddress().getHostAddress(),
                    server.getLocalPort(), "ca.internal.test", DnsType.A, true, Duration.ofMillis(1000));

            // Then it is what a server that says nothing within the timeout is, not the answer that came later
            assertThat(exchange.response()).isNull();
            assertThat(exchange.failure().outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
            assertThat(exchange.failure().explanation()).startsWith("connected over TCP, but no DNS answer came within 1 s");
            peer.interrupt();
        }
    }

    private static void trickle(ServerSocket server) {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] query = in.readNBytes(in.readUnsignedShort());
            byte[] reply = DnsReplies.address(query);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {(byte) (reply.length >> 8), (byte) reply.length});
            for (int i = 0; i < reply.length && !Thread.currentThread().isInterrupted(); i++) {
                out.write(reply[i]);
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up: what the test wants
        }
    }
}

