package ai.thinkheads.droptrace.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class JsonHttpServerTest {

    /** Long enough never to be reached by a server that answers; a server that does not fails the read, not the wait. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    @Test
    void a_request_beyond_the_busy_workers_and_those_waiting_is_answered_503_at_once_and_the_waiting_ones_later()
            throws Exception {
        // Given: every worker answering a request, held, and as many connections waiting for a worker
        CountDownLatch release = new CountDownLatch(1);
        Semaphore answering = new Semaphore(0);
        JsonHttpServer server = JsonHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                request -> {
                    answering.release();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Answer.ok(Map.of("namespace", "test"));
                });
        int port = server.address().getPort();
        List<Socket> held = new ArrayList<>();
        try {
            for (int k = 0; k < JsonHttpServer.WORKERS; k++) {
                held.add(request(port));
            }
            answering.acquire(JsonHttpServer.WORKERS);
            for (int k = 0; k < JsonHttpServer.QUEUED; k++) {
                held.add(request(port));
            }
            // When: one more (it waited, unbounded, behind every request before it, and its client gave up)
            String extra;
            try (Socket socket = request(port)) {
                extra = answer(socket);
            }
            // Then
            assertThat(extra).startsWith("HTTP/1.1 503 ").contains("Content-Type: application/json")
                    .endsWith("{\"error\":\"the query API is busy: 32 requests are being answered and 32 wait for "
                            + "their turn; retry shortly\"}");
            release.countDown();
            for (Socket socket : held) {
                assertThat(answer(socket)).startsWith("HTTP/1.1 200 ").endsWith("{\"namespace\":\"test\"}");
            }
        } finally {
            release.countDown();
            for (Socket socket : held) {
                socket.close();
            }
            server.close();
        }
    }

    private static Socket request(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    private static String answer(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
