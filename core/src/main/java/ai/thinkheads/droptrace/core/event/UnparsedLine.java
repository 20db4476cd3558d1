package ai.thinkheads.droptrace.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A dead-letter record: an input line no parser could read, with the reason and where it came
 * from, so nothing is lost silently.
 *
 * @param received when droptrace read the line (the line's own time is unknown)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnparsedLine(int schema, Instant received, String reason, String line, Origin origin) {

    public static final int SCHEMA_VERSION = 1;

    public UnparsedLine {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(origin, "origin");
    }

    public static UnparsedLine of(Instant received, String reason, String line, Origin origin) {
        return new UnparsedLine(SCHEMA_VERSION, received, reason, line, origin);
    }
}
