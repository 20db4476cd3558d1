package ai.thinkheads.droptrace.ingest.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A source of lines that failed part way (a truncated gzip file, an I/O error): its name, how many
 * lines were read before, and the cause. Every line read before it was handed on.
 */
public final class ReadFailure extends UncheckedIOException {

    private final String source;
    private final long lines;

    public ReadFailure(String source, long lines, IOException cause) {
        super("cannot read " + source + " after line " + lines, cause);
        this.source = source;
        this.lines = lines;
    }

    public String source() {
        return source;
    }

    public long lines() {
        return lines;
    }
}
