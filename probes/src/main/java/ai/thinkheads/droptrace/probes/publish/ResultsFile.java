package ai.thinkheads.droptrace.probes.publish;

import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Results as JSON lines, one {@link ProbeResult} per line in exactly the shape the topic carries,
 * appended to a file, each as it comes, so it can be replayed later.
 */
public final class ResultsFile implements ResultSink {

    private final BufferedWriter writer;

    public ResultsFile(Path file) {
        try {
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(whyNot(file, e), e);
        }
    }

    /** Why {@code file} cannot be opened, in words: the exceptions of a missing folder or a denied file say only the path. */
    private static String whyNot(Path file, IOException e) {
        Path folder = file.toAbsolutePath().getParent();
        if (e instanceof NoSuchFileException && folder != null && !Files.isDirectory(folder)) {
            return "its folder " + folder + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Writes the result's line at once: a run on its schedule lasts until it is stopped, and a reader meanwhile
     * ({@code tail -f}, {@code probe replay}, the file of a run killed) must find every result printed, whole.
     */
    @Override
    public synchronized void accept(ProbeResult result) {
        try {
            writer.write(Json.events().writeValueAsString(result));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a result", e);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the results file", e);
        }
    }

    /** Reads a results file back (tolerantly, as events are read). */
    public static List<ProbeResult> read(Path file) throws IOException {
        List<ProbeResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                results.add(Json.events().readValue(line, ProbeResult.class));
            }
        }
        return results;
    }
}
