package ai.thinkheads.droptrace.ingest.syslog;

import java.nio.charset.StandardCharsets;

/**
 * One frame read from a syslog stream: the message bytes, or a framing error. A frame may carry
 * both: an incomplete last frame ({@code unexpected EOF}) or one cut at the size limit still has
 * the bytes that were read.
 *
 * @param complete false when the frame ended without its trailer or short of its announced length
 */
public record Frame(byte[] bytes, String error, boolean complete) {

    public static Frame of(byte[] bytes) {
        return new Frame(bytes, null, true);
    }

    public static Frame failed(String error) {
        return new Frame(null, error, false);
    }

    public String text() {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
