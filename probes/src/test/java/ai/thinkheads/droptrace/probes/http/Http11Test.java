package ai.thinkheads.droptrace.probes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 reader against a loopback peer that sends a canned answer. */
class Http11Test {

    /** Connects to a loopback server that reads the request and answers {@code answer}, then reads it with {@link Http11}. */
    static HttpResponse exchange(String answer) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            client.setSoTimeout(2000);
            peer.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            peer.shutdownOutput();
            return Http11.get(client, "localhost", "/health");
        }
    }

    @Test
    void a_response_with_a_content_length_is_read() throws IOException {
        // Given / When
        HttpResponse r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");

        // Then
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{}");
    }

    @Test
    void a_content_length_that_is_not_a_number_is_a_bad_response_not_a_crash() {
        // Given a server that sends a Content-Length of letters
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n{}";

        // When / Then it is an IOException, which the fetcher reports as HTTP_UNEXPECTED
        assertThatThrownBy(() -> exchange(answer)).isInstanceOf(IOException.class).hasMessage("bad Content-Length: abc");
    }

    @Test
    void a_chunk_size_that_is_not_hex_is_a_bad_response_not_a_crash() {
        // Given a chunked answer whose first chunk size is not hexadecimal
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";

        // When / Then
        assertThatThrownBy(() -> exchange(answer)).isInstanceOf(IOException.class).hasMessage("bad chunk size: zz");
    }

    @Test
    void a_redirect_keeps_where_it_points() throws IOException {
        // Given / When
        HttpResponse r = exchange("HTTP/1.1 308 Permanent Redirect\r\nlocation:  https://ca.internal.test:9000/health \r\n"
                + "Content-Length: 0\r\n\r\n");
        HttpResponse none = exchange("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        // Then
        assertThat(r.redirect()).isTrue();
        assertThat(r.location()).isEqualTo("https://ca.internal.test:9000/health");
        assertThat(none.redirect()).isFalse();
        assertThat(none.location()).isNull();
    }

    @Test
    void a_body_cut_short_of_its_content_length_is_a_bad_response_not_a_whole_one() {
        // Given a server that announces 100 bytes and closes the connection after 15 (it died mid-body)
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"status\":\"ok\"}";

        // When / Then it is an IOException, which the fetcher reports as HTTP_UNEXPECTED, as curl in a guest fails (exit 18)
        assertThatThrownBy(() -> exchange(answer)).isInstanceOf(IOException.class)
                .hasMessage("the connection closed after 15 of the 100 bytes of the body its Content-Length announced");
    }

    /** As {@link #exchange}, but the server keeps the connection open after its answer, as a server may (for a while). */
    static HttpResponse exchangeHeldOpen(String answer) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            client.setSoTimeout(2000);
            peer.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            return Http11.get(client, "localhost", "/health");
        }
    }

    @Test
    void a_204_or_304_ends_at_its_headers_whatever_its_content_length_says() throws IOException {
        // Given servers that keep the connection open after a 204, and after a 304 with the Content-Length of the
        // representation it does not send (RFC 9112 6.3: neither has a body, as curl reads them)
        // When
        HttpResponse noContent = exchangeHeldOpen("HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n");
        HttpResponse notModified = exchangeHeldOpen("HTTP/1.1 304 Not Modified\r\nContent-Length: 15\r\n\r\n");

        // Then both are read whole, not waited for until the timeout (RESPONSE_TIMEOUT)
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.body()).isEmpty();
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
    }

    @Test
    void an_interim_1xx_response_is_passed_over_for_the_final_one() throws IOException {
        // Given a server that sends 103 Early Hints before its 200, as curl in a guest reads it
        String answer = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}";

        // When
        HttpResponse r = exchange(answer);

        // Then it is the final response that is judged, not an "HTTP 103, expected 200"
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"status\":\"ok\"}");
    }

    /** As {@link #exchange}, the answer written by a thread of its own: one larger than the sockets' buffers. */
    static HttpResponse exchangeLarge(String answer) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            client.setSoTimeout(10_000);
            Thread writer = new Thread(() -> {
                try {
                    peer.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    peer.shutdownOutput();
                } catch (IOException e) {
                    // the reader gave up: its own exception says why
                }
            });
            writer.start();
            try {
                return Http11.get(client, "localhost", "/health");
            } finally {
                writer.join(10_000);
            }
        }
    }

    @Test
    void a_body_over_4_mib_is_read_to_its_end_and_its_first_4_mib_kept_not_refused() throws Exception {
        // Given a page of 5 MiB, with a Content-Length and chunked (curl in a guest reads both whole: HTTP_OK)
        String page = "x".repeat(5 * 1024 * 1024);
        String sized = "HTTP/1.1 200 OK\r\nContent-Length: " + page.length() + "\r\n\r\n" + page;
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(page.length())
                + "\r\n" + page + "\r\n0\r\n\r\n";

        // When
        HttpResponse bySize = exchangeLarge(sized);
        HttpResponse byChunks = exchangeLarge(chunked);

        // Then each is a response, not "the response body is larger than 4194304 bytes" (HTTP_UNEXPECTED)
        assertThat(bySize.status()).isEqualTo(200);
        assertThat(bySize.body()).hasSize(Http11.MAX_BODY);
        assertThat(byChunks.body()).hasSize(Http11.MAX_BODY);
    }

    @Test
    void a_body_over_4_mib_cut_short_of_its_content_length_is_still_a_bad_response() {
        // Given a server that announces 5 MiB and closes after 4.5
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: " + 5 * 1024 * 1024 + "\r\n\r\n" + "x".repeat(4608 * 1024);

        // When / Then
        assertThatThrownBy(() -> exchangeLarge(answer)).isInstanceOf(IOException.class)
                .hasMessage("the connection closed after 4718592 of the 5242880 bytes of the body its Content-Length announced");
    }
}
