package ai.thinkheads.droptrace.probes.http;

import java.nio.charset.StandardCharsets;

/** A response: status code, body (cut at a bound) and the time from request to full response. */
public record HttpResponse(int status, byte[] body, long responseMillis) {

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
