package ai.thinkheads.droptrace.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A dead-letter record: an input line no parser could read, with the reason and where it came
 * from, so nothing is lost silently. A line longer than {@link #MAX_LINE_CHARS} keeps its start
 * and the reason says how long it was: a record stays well inside what Kafka accepts (1 MiB).
 *
 * @param received when droptrace read the line (the line's own time is unknown)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnparsedLine(int schema, Instant received, String reason, String line, Origin origin) {

    public static final int SCHEMA_VERSION = 1;

    /** The most characters of a line a dead letter keeps (escaped as JSON, at most ~400 KB). */
    public static final int MAX_LINE_CHARS = 65_536;

    public UnparsedLine {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(origin, "origin");
        if (line.length() > MAX_LINE_CHARS) {
            reason = reason + String.format(Locale.ROOT, " (only its first %,d characters kept)", MAX_LINE_CHARS);
            line = line.substring(0, MAX_LINE_CHARS);
        }
    }

    public static UnparsedLine of(Instant received, String reason, String line, Origin origin) {
        return new UnparsedLine(SCHEMA_VERSION, received, reason, line, origin);
    }
}
