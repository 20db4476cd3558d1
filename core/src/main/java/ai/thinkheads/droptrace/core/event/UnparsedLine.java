package ai.thinkheads.droptrace.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A dead-letter record: an input line no parser could read, with the reason and where it came
 * from, so nothing is lost silently. A line longer than {@link #MAX_LINE_CHARS} keeps its start
 * and the reason says how long it was; a reason longer than {@link #MAX_REASON_CHARS} (one that quotes
 * a huge key or field of a record) keeps its first {@link #KEPT_REASON_CHARS} characters and says so:
 * a record stays well inside what Kafka accepts (1 MiB).
 *
 * @param received when droptrace read the line (the line's own time is unknown)
 * @param bytes the line's bytes as they were read, when they are not valid UTF-8 ({@code line} shows each
 *     byte that is not as U+FFFD): Base64 in JSON; {@code null} (absent) for every other line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnparsedLine(int schema, Instant received, String reason, String line, Origin origin, byte[] bytes) {

    public static final int SCHEMA_VERSION = 1;

    /** The most characters of a line a dead letter keeps (escaped as JSON, at most ~400 KB). */
    public static final int MAX_LINE_CHARS = 65_536;

    /** The longest reason a dead letter keeps whole. */
    public static final int MAX_REASON_CHARS = 4_096;

    /**
     * The characters a longer reason keeps: with what is said after them, the reason stays under
     * {@link #MAX_REASON_CHARS}, so a dead letter read back is not cut again.
     */
    static final int KEPT_REASON_CHARS = 2_048;

    public UnparsedLine {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(origin, "origin");
        if (reason.length() > MAX_REASON_CHARS) {
            int keep = Character.isHighSurrogate(reason.charAt(KEPT_REASON_CHARS - 1)) ? KEPT_REASON_CHARS - 1
                    : KEPT_REASON_CHARS;
            reason = reason.substring(0, keep) + String.format(Locale.ROOT,
                    "... (a reason of %,d characters: only its first %,d kept)", reason.length(), keep);
        }
        if (line.length() > MAX_LINE_CHARS) {
            reason = reason + String.format(Locale.ROOT, " (only its first %,d characters kept)", MAX_LINE_CHARS);
            line = line.substring(0, MAX_LINE_CHARS);
        }
        if (bytes != null && bytes.length > MAX_LINE_CHARS) {
            bytes = Arrays.copyOf(bytes, MAX_LINE_CHARS);
        }
    }

    public static UnparsedLine of(Instant received, String reason, String line, Origin origin) {
        return new UnparsedLine(SCHEMA_VERSION, received, reason, line, origin, null);
    }

    /**
     * A dead letter that keeps the line's bytes as read when its text shows bytes that were not UTF-8
     * (U+FFFD in it): the text alone cannot give them back. {@code bytes} may be {@code null}.
     */
    public static UnparsedLine of(Instant received, String reason, String line, Origin origin, byte[] bytes) {
        boolean altered = bytes != null && line.indexOf('\uFFFD') >= 0;
        return new UnparsedLine(SCHEMA_VERSION, received, reason, line, origin, altered ? bytes : null);
    }

    // A record compares arrays by reference: the bytes are compared by content.
    @Override
    public boolean equals(Object other) {
        return other instanceof UnparsedLine u && schema == u.schema && received.equals(u.received)
                && reason.equals(u.reason) && line.equals(u.line) && origin.equals(u.origin) && Arrays.equals(bytes, u.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, received, reason, line, origin) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "UnparsedLine[schema=" + schema + ", received=" + received + ", reason=" + reason + ", line=" + line
                + ", origin=" + origin + (bytes == null ? "" : ", bytes=" + bytes.length) + "]";
    }
}
