package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
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
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Probe results recorded as JSON lines, one {@link ProbeResult} per line in the shape the
 * {@code probe-results} topic carries ({@code probe run --results-file} writes them). Blank lines
 * are skipped; a line that is not a probe result is an error naming its line number, never
 * dropped silently. A file whose first {@value #WRONG_FILE_LINES} lines hold no probe result is not read on (a firewall
 * log, a binary file given by mistake), and no line is kept longer than {@value #MAX_LINE_CHARS} characters: memory
 * stays bounded whatever the file.
 */
public final class RecordedResults {

    /**
     * The results read, oldest first, and the lines that could not be read; {@code cut} when reading stopped at the
     * head of a file that holds no probe result there (the wrong file).
     */
    public record Read(List<ProbeResult> results, List<Rejected> rejected, boolean cut) {
        public Read {
            results = List.copyOf(results);
            rejected = List.copyOf(rejected);
        }

        public Read(List<ProbeResult> results, List<Rejected> rejected) {
            this(results, rejected, false);
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

    /** How many first lines without a probe result make the file the wrong one, not read any further. */
    static final int WRONG_FILE_LINES = 10;

    /**
     * The longest line read as a result: 1 MiB, what the probe-results topic takes (Kafka's default); a longer one (a
     * binary file, a file of one huge line) is not a probe result, and only its first characters are kept.
     */
    static final int MAX_LINE_CHARS = 1 << 20;

    private RecordedResults() {
    }

    public static Read read(BufferedReader in, String name) {
        List<ProbeResult> results = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        int number = 0;
        BoundedLines lines = new BoundedLines(in);
        try {
            for (Line line = lines.next(); line != null; line = lines.next()) {
                number++;
                if (line.text().isBlank()) {
                    continue;
                }
                if (line.tooLong()) {
                    rejected.add(new Rejected(name, number, line.text(), String.format(Locale.ROOT,
                            "a line longer than %,d characters, more than a probe result holds", MAX_LINE_CHARS)));
                } else {
                    try {
                        ProbeResult result = RESULT.readValue(line.text());
                        result.flow(); // its key on probe-results: a port above 65535 or a '|' in an address has none
                        results.add(result);
                    } catch (IOException | RuntimeException e) {
                        rejected.add(new Rejected(name, number, line.text(), reason(e)));
                    }
                }
                if (results.isEmpty() && rejected.size() == WRONG_FILE_LINES) {
                    return new Read(results, rejected, true); // the wrong file: the rest is not read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        results.sort(Comparator.comparing(ProbeResult::time));
        return new Read(results, rejected);
    }

    /** A line, or its first characters when it is longer than {@link #MAX_LINE_CHARS}. */
    private record Line(String text, boolean tooLong) {
    }

    /**
     * The lines of a reader, ended as {@link BufferedReader#readLine()} ends them (LF, CR or CR LF); of a line longer than
     * {@link #MAX_LINE_CHARS} only the characters a dead letter keeps, the rest skipped to its end, a block at a time.
     */
    private static final class BoundedLines {
        private final Reader in;
        private final char[] block = new char[1 << 16];
        private final StringBuilder line = new StringBuilder();
        private int at;
        private int end;
        private boolean afterCarriageReturn;

        BoundedLines(Reader in) {
            this.in = in;
        }

        /** The next line, {@code null} at the end of the input. */
        Line next() throws IOException {
            line.setLength(0);
            long length = 0;
            boolean any = false;
            while (true) {
                if (at == end) {
                    end = in.read(block, 0, block.length);
                    at = 0;
                    if (end <= 0) {
                        end = 0;
                        return any ? line(length) : null;
                    }
                }
                if (afterCarriageReturn) {
                    afterCarriageReturn = false;
                    if (block[at] == '\n') {
                        at++;
                        continue;
                    }
                }
                any = true;
                int start = at;
                while (at < end && block[at] != '\n' && block[at] != '\r') {
                    at++;
                }
                int keep = (int) Math.max(0, Math.min(at - start, MAX_LINE_CHARS - length));
                line.append(block, start, keep);
                length += at - start;
                if (at < end) {
                    afterCarriageReturn = block[at] == '\r';
                    at++;
                    return line(length);
                }
            }
        }

        private Line line(long length) {
            // of a line too long, one character more than a dead letter keeps: UnparsedLine says that it cut it
            return length > MAX_LINE_CHARS ? new Line(line.substring(0, UnparsedLine.MAX_LINE_CHARS + 1), true)
                    : new Line(line.toString(), false);
        }
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
