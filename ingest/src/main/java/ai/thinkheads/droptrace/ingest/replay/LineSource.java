package ai.thinkheads.droptrace.ingest.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a log file for reading lines, plain or gzip (told by its magic bytes, not its name). */
public final class LineSource {

    private LineSource() {
    }

    public static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(openBytes(file), StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * The file's bytes, uncompressed when it is gzip; for reading in blocks ({@code LineBlockReader}).
     * A pipe works too ({@code <(zcat old.gz)}): the file is opened as a {@link FileInputStream},
     * whose {@code available()} asks the pipe, where JDK 17's channel stream tries to seek and fails.
     */
    public static InputStream openBytes(Path file) throws IOException {
        return uncompressed(new FileInputStream(file.toFile()));
    }

    /** {@code raw} (a file, stdin), uncompressed when it starts like gzip. */
    public static InputStream uncompressed(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }
}
