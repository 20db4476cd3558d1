package ai.thinkheads.droptrace.ingest.replay;

import java.io.IOException;

/**
 * A stream (stdin, a pipe) that starts like a compression droptrace does not read (xz, bzip2, zstd, zip) or
 * like UTF-16 text: its {@link #format()} as {@link LineSource#format} names it. Read as lines, its bytes
 * would be dead letters that speak of binary data, not of the compression.
 */
public final class NotPlainText extends IOException {

    private final String format;

    public NotPlainText(String format) {
        super("it is " + format + "; droptrace reads UTF-8 text and gzip");
        this.format = format;
    }

    public String format() {
        return format;
    }
}
