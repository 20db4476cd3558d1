package ai.thinkheads.droptrace.streams.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** Asks another instance of the same application: the query API is the only socket streams opens besides Kafka. */
final class PeerClient {

    /** Marks a request one instance sends another, so it is answered locally and never forwarded again. */
    static final String FORWARDED_HEADER = "X-Droptrace-Forwarded";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Answer get(HostInfo host, String pathAndQuery) {
        URI uri = URI.create("http://" + hostPart(host.host()) + ":" + host.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            // An instance that stops (or crashed) owns its state until Kafka Streams moves it, a moment after: a 503,
            // which droptrace query asks again on, where a 502 "did not answer (null)" ended it during that rebalance.
            return Answer.error(Answer.UNAVAILABLE, "the instance at " + host.host() + ":" + host.port()
                    + " that owns this state did not answer (" + reason(e) + "); it may be stopping, and its state "
                    + "moving to another instance: retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(Answer.UNAVAILABLE, "interrupted while asking " + host.host() + ":" + host.port());
        }
    }

    /** Why the request failed, in words: the HTTP client's refused connection has no message of its own. */
    private static String reason(IOException e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    private static String hostPart(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
