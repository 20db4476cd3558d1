package ai.thinkheads.droptrace.ingest;

import ai.thinkheads.droptrace.core.event.Origin;
import java.time.Instant;

/** A pure function from one line to a typed result: no exceptions for bad input, no I/O. */
@FunctionalInterface
public interface LineParser {

    ParseResult parse(String line, Origin origin);

    /**
     * Parses a line that was received at {@code received}: parsers use that time only for lines
     * that carry no time of their own (a bare kernel line from {@code dmesg} or journald's message
     * text), and say so by leaving the event's zone offset empty.
     */
    default ParseResult parse(String line, Origin origin, Instant received) {
        return parse(line, origin);
    }

    /** The node whose lines this parser reads (named on their events), {@code null} when none is given. */
    default String host() {
        return null;
    }
}
