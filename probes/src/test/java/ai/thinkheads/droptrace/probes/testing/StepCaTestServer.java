package ai.thinkheads.droptrace.probes.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTPS server on 127.0.0.1 answering in Step-CA's JSON shapes: {@code /health} →
 * {@code {"status":"ok"}}, {@code /provisioners} → {@code {"provisioners":[...],"nextCursor":"..."}}
 * paginated two per page with the ACME provisioner on the last page, {@code /roots} →
 * {@code {"crts":[PEM]}}, and {@code /broken} → 503.
 */
public final class StepCaTestServer implements AutoCloseable {

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    /** {@code provisioners} as (type, name) pairs in order; {@code root} is what /roots serves. */
    public StepCaTestServer(TestPki.Issued leaf, List<String[]> provisioners, X509Certificate root) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsTestServer.context(leaf, leaf.chain())));
        server.createContext("/health", ex -> reply(ex, 200, "{\"status\":\"ok\"}"));
        server.createContext("/broken", ex -> reply(ex, 503, "{\"status\":\"down\"}"));
        server.createContext("/roots", ex -> reply(ex, 200, "{\"crts\":[\"" + TestPki.pem(root).replace("\r", "")
                .replace("\n", "\\n") + "\"]}"));
        server.createContext("/provisioners", ex -> {
            String query = ex.getRequestURI().getQuery();
            int from = query != null && query.startsWith("cursor=") ? Integer.parseInt(query.substring(7)) : 0;
            int to = Math.min(provisioners.size(), from + 2);
            StringBuilder body = new StringBuilder("{\"provisioners\":[");
            for (int i = from; i < to; i++) {
                body.append(i > from ? "," : "").append("{\"type\":\"").append(provisioners.get(i)[0]).append("\",\"name\":\"")
                        .append(provisioners.get(i)[1]).append("\",\"claims\":{}}");
            }
            body.append("],\"nextCursor\":\"").append(to < provisioners.size() ? Integer.toString(to) : "").append("\"}");
            reply(ex, 200, body.toString());
        });
        server.setExecutor(executor);
        server.start();
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
