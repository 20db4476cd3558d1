package ai.thinkheads.droptrace.probes.http;

import java.nio.charset.StandardCharsets;

/**
 * A response: status code, body (cut at a bound), the time from request to full response, and the
 * {@code Location} header a redirect names ({@code null} when there is none).
 */
public record HttpResponse(int status, byte[] body, long responseMillis, String location) {

    public HttpResponse(int status, byte[] body, long responseMillis) {
        this(status, body, responseMillis, null);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the status is a redirect (3xx). */
    public boolean redirect() {
        return status >= 300 && status <= 399;
    }
}
