package ai.thinkheads.droptrace.core.event;

import java.util.Objects;

/**
 * Where a line came from: a source name (a file path, {@code udp://0.0.0.0:5514}, {@code stdin})
 * and a position in it (line number or byte offset; {@code -1} when the source has none).
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
