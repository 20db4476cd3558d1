package ai.thinkheads.droptrace.ingest;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.LoggerStatus;
import java.time.Instant;
import java.util.Objects;

/** What a parser made of one line: an event, a status line of the logger itself, a blank line, or a failure. */
public sealed interface ParseResult {

    /** A packet line. */
    record Parsed(FirewallEvent event) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A line of the logger about itself ({@code starting pvefw logger}, {@code skipped 312 log
     * entries (queue full)}) or a conntrack line: recognised, not an error, not a packet.
     *
     * @param time the line's time, {@code null} for conntrack lines, which carry none
     * @param zoneOffset the zone offset of the line, {@code null} when it has none
     * @param skipped the number of log entries the logger dropped, 0 when the line is not a skip notice
     */
    record Status(LoggerStatus.Kind kind, Instant time, String zoneOffset, String host, int level, String text,
            long skipped) implements ParseResult {
        public Status {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

    }

    /**
     * A line with nothing in it (empty, or white space only): the blank lines between journalctl's
     * {@code -o json-sse} records or in an edited file. Counted, and nothing is sent for it.
     */
    record Blank() implements ParseResult {
    }

    /** The blank line's result (one for all). */
    Blank BLANK = new Blank();

    /** A line no parser could read, with the reason. */
    record Failed(String reason, String line) implements ParseResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(line, "line");
        }
    }
}
