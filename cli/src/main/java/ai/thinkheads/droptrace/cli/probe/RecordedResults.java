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

    /** The results read, oldest first, and one message per line that could not be read. */
    public record Read(List<ProbeResult> results, List<String> errors) {
        public Read {
            results = List.copyOf(results);
            errors = List.copyOf(errors);
        }
    }

    private RecordedResults() {
    }

    public static Read read(BufferedReader in, String name) {
        List<ProbeResult> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int number = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    results.add(Json.events().readValue(line, ProbeResult.class));
                } catch (IOException | RuntimeException e) {
                    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                            .findFirst().orElse("");
                    errors.add(name + ":" + number + ": not a probe result (" + reason + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        results.sort(Comparator.comparing(ProbeResult::time));
        return new Read(results, errors);
    }
}
