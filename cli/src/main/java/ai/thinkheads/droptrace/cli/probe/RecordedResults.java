package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.json.MappingErrors;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

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

        /**
         * Whether lines were read and not one was a probe result (blank lines are none): the wrong file, such as a
         * firewall log or parse's output, rather than a results file with some lines broken.
         */
        public boolean noProbeResults() {
            return results.isEmpty() && !rejected.isEmpty();
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

    /**
     * A line is one result: what follows it on the line (a second result glued on where a file without its last line
     * break was concatenated with another) makes the line a dead letter, where Jackson's default read the first and
     * left the rest out without a word.
     */
    private static final ObjectReader RESULT = Json.events().readerFor(ProbeResult.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
                    ProbeResult result = RESULT.readValue(line);
                    result.flow(); // its key on probe-results: a port above 65535 or a '|' in an address has none
                    results.add(result);
                } catch (IOException | RuntimeException e) {
                    rejected.add(new Rejected(name, number, line, reason(e)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        results.sort(Comparator.comparing(ProbeResult::time));
        return new Read(results, rejected);
    }

    /**
     * Why a line is not a probe result, in the file's terms (the field missing, the value that is not what the field
     * holds), never Jackson's words with Java's class names.
     */
    static String reason(Exception e) {
        if (e instanceof StreamReadException read) {
            String problem = firstLine(read.getOriginalMessage());
            return e instanceof JsonEOFException || problem.startsWith("Unexpected end-of-input")
                    ? "not whole JSON: the line ends inside it" : "not JSON: " + problem;
        }
        if (e instanceof MismatchedInputException trailing && firstLine(trailing.getOriginalMessage()).startsWith("Trailing token")) {
            return "more follows the result on its line (two results without a line break between them?)";
        }
        if (e instanceof MismatchedInputException notObject && notObject.getPath().isEmpty()
                && notObject.getTargetType() == ProbeResult.class) {
            return "not a JSON object"; // a number or a list where a result begins: a firewall log line begins so
        }
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping);
            String at = path.isEmpty() ? "" : path + ": ";
            if (mapping.getCause() instanceof NullPointerException missing && missing.getMessage() != null) {
                return missing.getMessage() + " is missing"; // the record's requireNonNull names the field
            }
            if (mapping.getCause() instanceof IllegalArgumentException bad) {
                return at + firstLine(bad.getMessage());
            }
            if (e instanceof InvalidFormatException format && format.getTargetType() != null) {
                Class<?> type = format.getTargetType();
                String expected = type.isEnum() ? "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                        .collect(Collectors.joining(", ")) : MappingErrors.expected(type);
                return at + "'" + format.getValue() + "' is not " + expected;
            }
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return at + "expected " + MappingErrors.expected(mismatch.getTargetType());
            }
            return at + firstLine(mapping.getOriginalMessage());
        }
        return firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.length() > 0 ? "." : "").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
