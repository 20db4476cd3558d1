package ai.thinkheads.droptrace.probes.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** curl's output in a guest, as curl 7.88 prints it, read into the taxonomy. */
class CurlFetcherTest {

    static CommandOutput curl(int exit, String stderr) {
        return new CommandOutput(List.of("pct", "exec", "101", "--", "curl"), exit,
                "\nDROPTRACE-HTTP 000 0.000308 0.000000\n", stderr, false, 12);
    }

    @Test
    void an_answer_curl_cannot_read_after_connecting_is_http_unexpected_with_curls_words() {
        // Given a server that answers garbage instead of a status line
        CommandOutput out = curl(1, """
                *   Trying 10.0.0.10:9000...
                * Connected to 10.0.0.10 (10.0.0.10) port 9000 (#0)
                > GET / HTTP/1.1
                * Received HTTP/0.9 when not allowed
                * Closing connection 0
                curl: (1) Received HTTP/0.9 when not allowed
                """);

        // When
        Fetch fetch = CurlFetcher.read(out, false, 9000, Duration.ofSeconds(2));

        // Then it is what the same answer is from here, not an ERROR naming the prefix
        assertThat(fetch.ok()).isFalse();
        assertThat(fetch.transport().outcome()).isEqualTo(ProbeOutcome.HTTP_UNEXPECTED);
        assertThat(fetch.transport().explanation())
                .isEqualTo("connected, but the answer is not a usable HTTP response: curl: (1) Received HTTP/0.9 when not allowed");
    }

    @Test
    void an_https_probe_of_a_plain_http_service_says_so() {
        // Given what curl 7.88 says when the port answers in plain text
        CommandOutput out = curl(35, """
                *   Trying 10.0.0.10:9000...
                * Connected to 10.0.0.10 (10.0.0.10) port 9000 (#0)
                * TLSv1.3 (OUT), TLS handshake, Client hello (1):
                * OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number
                * Closing connection 0
                curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number
                """);

        // When
        Fetch fetch = CurlFetcher.read(out, true, 9000, Duration.ofSeconds(2));

        // Then
        assertThat(fetch.transport().outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
        assertThat(fetch.transport().explanation()).startsWith("the TLS handshake failed (curl): the service on port 9000 "
                + "answered, but not in TLS").contains("scheme: http").contains("wrong version number");
    }

    @Test
    void a_refused_connection_is_still_refused() {
        // Given
        CommandOutput out = curl(7, """
                *   Trying 10.0.0.10:9000...
                * connect to 10.0.0.10 port 9000 failed: Connection refused
                curl: (7) Failed to connect to 10.0.0.10 port 9000 after 0 ms: Couldn't connect to server
                """);

        // When / Then
        assertThat(CurlFetcher.read(out, false, 9000, Duration.ofSeconds(2)).transport().outcome()).isEqualTo(ProbeOutcome.REFUSED);
    }

    @Test
    void a_redirect_curl_did_not_follow_keeps_the_location_from_its_trace() {
        // Given curl -v's trace of a 301 (headers as curl 7.88 prints them, with the CR of the wire)
        CommandOutput out = new CommandOutput(List.of("pct", "exec", "101", "--", "curl"), 0,
                "\nDROPTRACE-HTTP 301 0.000308 0.000000\n", """
                *   Trying 10.0.0.12:80...
                * Connected to 10.0.0.12 (10.0.0.12) port 80 (#0)
                > GET /health HTTP/1.1
                < HTTP/1.1 301 Moved Permanently\r
                < Location: https://traefik.internal.test/health\r
                < Content-Length: 17\r
                <\s
                """, false, 12);

        // When
        Fetch fetch = CurlFetcher.read(out, false, 80, Duration.ofSeconds(2));

        // Then
        assertThat(fetch.ok()).isTrue();
        assertThat(fetch.response().status()).isEqualTo(301);
        assertThat(fetch.response().location()).isEqualTo("https://traefik.internal.test/health");
    }

    @Test
    void a_server_that_requires_a_client_certificate_is_said_to_in_tls_1_2_and_1_3() {
        // Given what curl 7.88 prints of a server that asks for a client certificate and ends the handshake (TLS 1.2) or
        // the connection after it (TLS 1.3) when none comes
        CommandOutput tls12 = curl(35, """
                * Connected to 10.0.0.12 (10.0.0.12) port 8443 (#0)
                * TLSv1.2 (IN), TLS handshake, Certificate (11):
                * TLSv1.2 (IN), TLS handshake, Request CERT (13):
                * TLSv1.2 (OUT), TLS handshake, Certificate (11):
                * OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure
                curl: (35) OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure
                """);
        CommandOutput tls13 = curl(56, """
                * Connected to 10.0.0.12 (10.0.0.12) port 8443 (#0)
                * TLSv1.3 (IN), TLS handshake, Request CERT (13):
                * TLSv1.3 (OUT), TLS handshake, Certificate (11):
                * SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384
                *  SSL certificate verify ok.
                > GET /health HTTP/1.1
                curl: (56) OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0
                """);

        for (CommandOutput out : List.of(tls12, tls13)) {
            // When
            Fetch fetch = CurlFetcher.read(out, true, 8443, Duration.ofSeconds(2));

            // Then it is what the same server is to an https probe from here, not "handshake failure" or "not HTTP"
            assertThat(fetch.transport().outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
            assertThat(fetch.transport().explanation()).startsWith("the server on port 8443 requires a client certificate "
                    + "(mutual TLS)");
            assertThat(fetch.transport().facts()).containsEntry("tls.clientCertificateRequested", "true");
        }
    }

    @Test
    void a_response_that_began_and_did_not_end_names_its_status_as_from_here() {
        // Given curl's trace of a service that sent its status and headers, then its body too slowly for --max-time
        CommandOutput slow = curl(28, """
                *   Trying 10.0.0.10:9000...
                * Connected to 10.0.0.10 (10.0.0.10) port 9000 (#0)
                > GET /health HTTP/1.1
                < HTTP/1.1 200 OK
                < Content-Length: 100
                <\s
                * Operation timed out after 2000 milliseconds with 4 out of 100 bytes received
                curl: (28) Operation timed out after 2000 milliseconds with 4 out of 100 bytes received
                """);
        CommandOutput silent = curl(28, """
                *   Trying 10.0.0.10:9000...
                * Connected to 10.0.0.10 (10.0.0.10) port 9000 (#0)
                > GET /health HTTP/1.1
                * Operation timed out after 2000 milliseconds with 0 bytes received
                curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received
                """);

        // When
        Fetch began = CurlFetcher.read(slow, false, 9000, Duration.ofSeconds(2));
        Fetch none = CurlFetcher.read(silent, false, 9000, Duration.ofSeconds(2));

        // Then the first is not "no HTTP response": its status is named, as a probe from here names it
        assertThat(began.transport().outcome()).isEqualTo(ProbeOutcome.RESPONSE_TIMEOUT);
        assertThat(began.transport().explanation()).isEqualTo("connected, the response began (HTTP 200), but did not end "
                + "within 2 s: the service is stuck or overloaded, or sends its body too slowly (curl)");
        assertThat(began.transport().facts()).containsEntry("http.status", "200");
        assertThat(none.transport().explanation()).isEqualTo("connected, but no HTTP response within 2 s (curl)");
    }
}
