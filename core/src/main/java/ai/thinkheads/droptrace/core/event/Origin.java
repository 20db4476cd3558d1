package ai.thinkheads.droptrace.core.event;

import java.util.Objects;

/**
 * Where a line came from: a source name (a file path, a syslog sender such as {@code udp://10.0.0.5}, {@code stdin})
 * and a position in it (line number or byte offset; for a sender, the receiver's count of the datagrams or frames it
 * got since it started, which only orders one run; {@code -1} when the source has none).
 */
public record Origin(String source, long position) {
    public Origin {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("origin source must not be blank");
        }
    }

    public static Origin of(String source, long position) {
        return new Origin(source, position);
    }
}
