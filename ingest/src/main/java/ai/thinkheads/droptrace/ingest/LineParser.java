package ai.thinkheads.droptrace.ingest;

import ai.thinkheads.droptrace.core.event.Origin;

/** A pure function from one line to a typed result: no exceptions for bad input, no I/O. */
@FunctionalInterface
public interface LineParser {

    ParseResult parse(String line, Origin origin);
}
