package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Probe results recorded as JSON lines, one {@link ProbeResult} per line in the shape the
 * {@code probe-results} topic carries ({@code probe run --results-file} writes them). Blank lines
 * are skipped; a line that is not a probe result is an error naming its line number, never
 * dropped silently.
 */
public final class RecordedResults {

    /** The results read, oldest first, and the lines that could not be read. */
    public record Read(List<ProbeResult> results, List<Rejected> rejected) {
        public Read {
            results = List.copyOf(results);
            rejected = List.copyOf(rejected);
        }

        /** One message per line that could not be read: {@code file:line: reason}. */
        public List<String> errors() {
            return rejected.stream().map(Rejected::message).toList();
        }
    }

    /** A line that is not a probe result. */
    public record Rejected(String source, int lineNumber, String line, String reason) {
        public String message() {
            return source + ":" + lineNumber + ": not a probe result (" + reason + ")";
        }
    }

    private RecordedResults() {
    }

    public static Read read(BufferedReader in, String name) {
        List<ProbeResult> results = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        int number = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    ProbeResult result = Json.events().readValue(line, ProbeResult.class);
                    result.flow(); // its key on probe-results: a port above 65535 or a '|' in an address has none
                    results.add(result);
                } catch (IOException | RuntimeException e) {
                    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                            .findFirst().orElse("");
                    rejected.add(new Rejected(name, number, line, reason));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        results.sort(Comparator.comparing(ProbeResult::time));
        return new Read(results, rejected);
    }
}
