package ai.thinkheads.droptrace.core.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A configuration file's mapping error as one line a user can act on: where (the path in the
 * document, {@code probes[3].tls.serverName}, and the line), and what is wrong in the file's own
 * terms ({@code 'abc' is not a number}, {@code expected a list}), never Jackson's class names and tokens.
 */
public final class MappingErrors {

    private MappingErrors() {
    }

    /** The name a record gives {@code Objects.requireNonNull} for a missing component ({@code kind}, {@code probeId}). */
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    /** A record's rule that begins with the key it is about: {@code expect: ...}. */
    private static final Pattern RULE_KEY = Pattern.compile("([a-z][A-Za-z0-9]*): ");

    private static final Pattern NUMBER = Pattern.compile("\\(([-+0-9.eE]+)\\)");

    /** Where a YAML parser's message says the problem is: {@code in 'reader', line 4, column 1:}. */
    private static final Pattern MARK = Pattern.compile(", line (\\d{1,9}), column \\d+:");

    /** {@code path: reason (line N)}, {@code unknown key 'k' in path (line N)}, or {@code not valid YAML: ...}. */
    public static String describe(JacksonException e) {
        return describe(e, OptionalInt.empty(), "YAML");
    }

    /** As {@link #describe(JacksonException)}, for a JSON document such as a Kafka record: {@code not valid JSON: ...}. */
    public static String describeJson(JacksonException e) {
        return describe(e, OptionalInt.empty(), "JSON");
    }

    /**
     * As {@link #describe(JacksonException)}, with the line of the key the error is about found in {@code text}
     * (read with {@code mapper}) rather than where Jackson noticed it: the end of the enclosing record.
     */
    public static String describe(JacksonException e, ObjectMapper mapper, String text) {
        if (e instanceof ValueInstantiationException failed) {
            Optional<String> unknown = UnknownKeys.of(failed, mapper, text);
            if (unknown.isPresent()) { // a required key misspelt: the record's rule failed for want of it
                List<JsonMappingException.Reference> at = new ArrayList<>(failed.getPath());
                at.add(new JsonMappingException.Reference(null, unknown.get()));
                String parent = path(failed);
                return "unknown key '" + unknown.get() + "'" + (parent.isEmpty() ? " at the top level" : " in " + parent)
                        + location(e, KeyLines.lineOf(mapper, text, at));
            }
        }
        OptionalInt line = OptionalInt.empty();
        if (e instanceof JsonMappingException mapping && syntaxError(e) == null) {
            line = keyLine(mapping, mapper, text);
            line = line.isPresent() ? line : KeyLines.lineOf(mapper, text, mapping.getPath());
        }
        if (syntaxError(e) != null) {
            line = problemMark(syntaxError(e), text);
        }
        if (line.isEmpty() && syntaxError(e) == null && e.getLocation() != null
                && e.getLocation().getLineNr() > text.lines().count()) {
            // where Jackson noticed a key missing from the top level: the end of the document, the line after the last
            // one of a file that ends in a line break ("site is required (line 2)" of a one-line file): no line to name
            line = OptionalInt.of(0);
        }
        return describe(e, line, "YAML");
    }

    /**
     * The line of the key a record's rule names first ({@code expect: is empty: ...} of {@code probes[3]}): in a block
     * mapping it is lines below the record's own, the line a reader would otherwise be sent to.
     */
    private static OptionalInt keyLine(JsonMappingException e, ObjectMapper mapper, String text) {
        Matcher key = RULE_KEY.matcher(e.getCause() instanceof IllegalArgumentException rule && rule.getMessage() != null
                ? rule.getMessage() : "");
        if (!key.lookingAt()) {
            return OptionalInt.empty();
        }
        List<JsonMappingException.Reference> at = new ArrayList<>(e.getPath());
        at.add(new JsonMappingException.Reference(null, key.group(1)));
        return KeyLines.lineOf(mapper, text, at);
    }

    private static String describe(JacksonException e, OptionalInt line, String format) {
        StreamReadException syntax = syntaxError(e);
        if (syntax instanceof InputCoercionException tooLarge && tooLarge.getProcessor() != null) {
            // a number too large for its key (port: 99999999999) is valid YAML: named by its path, as a port of 70000 is
            JsonParser parser = tooLarge.getProcessor();
            String path = path(parser.getParsingContext());
            return (path.isEmpty() ? "" : path + ": ") + numberText(tooLarge) + " is too large a number"
                    + where(format, syntax, OptionalInt.empty());
        }
        if (syntax != null) {
            return "not valid " + format + ": " + problem(syntax.getOriginalMessage()) + where(format, syntax, line);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String path = path(unknown);
            int last = path.lastIndexOf('.');
            String parent = last > 0 ? path.substring(0, last) : "";
            return "unknown key '" + unknown.getPropertyName() + "'"
                    + (parent.isEmpty() ? " at the top level" : " in " + parent) + where(format, e, line);
        }
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping);
            String reason = reason(mapping);
            // a record's rule that names its key by its whole path ("syslog.udp must be 0-65535") is not prefixed
            // with that path again ("syslog: syslog.udp must be ...")
            boolean named = reason.startsWith(path + ".") || reason.startsWith(path + ":") || reason.startsWith(path + " ");
            return (path.isEmpty() || named ? "" : path + ": ") + reason + where(format, e, line);
        }
        return "not valid " + format + ": " + firstLine(e.getOriginalMessage()) + where(format, e, line);
    }

    /**
     * The line a YAML parser's message points at ({@code in 'reader', line 4, column 1:}, its last such mark: the problem
     * after the context), or empty to keep Jackson's: the line of the last token it read, the one before a tab that
     * indents a key, say. A mark past the text's last line (the end of the stream) is no line to send a reader to.
     */
    private static OptionalInt problemMark(StreamReadException syntax, String text) {
        Matcher mark = MARK.matcher(syntax.getOriginalMessage() == null ? "" : syntax.getOriginalMessage());
        int line = 0;
        while (mark.find()) {
            line = Integer.parseInt(mark.group(1));
        }
        return line >= 1 && line <= text.lines().count() ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The syntax error behind {@code e} (itself, or what a mapping error wraps), or {@code null}. */
    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException read) {
                return read;
            }
        }
        return null;
    }

    /**
     * A YAML parser's message in one line: its unindented lines ({@code while parsing a flow
     * mapping}, {@code expected ',' or '}', but got <stream end>}); the indented ones quote the text.
     */
    private static String problem(String message) {
        if (message == null) {
            return "invalid syntax";
        }
        String joined = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .filter(l -> !l.startsWith("at [Source")).collect(Collectors.joining("; "));
        return joined.isEmpty() ? firstLine(message) : joined;
    }

    private static String reason(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NullPointerException missing && missing.getMessage() != null
                && NAME.matcher(missing.getMessage()).matches()) {
            return "'" + missing.getMessage() + "' is required"; // a record's Objects.requireNonNull(value, "name")
        }
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return firstLine(cause.getMessage());
        }
        if (e instanceof InvalidNullException) { // a list item or mapping value left empty, refused by contentNulls FAIL
            return "is empty: an entry with nothing in it";
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Cannot map `null` into type")) {
            return "is required";
        }
        if (e instanceof InvalidFormatException bad && bad.getTargetType() != null) {
            return shown(bad.getValue()) + " is not " + expected(bad.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && (original.startsWith("Cannot deserialize value of type") || original.startsWith("Cannot construct instance of"))) {
            return "expected " + expected(mismatch.getTargetType());
        }
        return firstLine(original.isEmpty() ? null : original);
    }

    /** What a value of this type looks like in the file ({@code one of a, b} for an enum, {@code a list}, ...). */
    public static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping of keys to values";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "text";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a time such as 2025-11-21T10:00:00Z";
        }
        if (type == Duration.class) {
            return "a duration such as 30s, 5m or 1h30m";
        }
        return "a section of keys";
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
    }

    /** The number as written ({@code '99999999999'}), from Jackson's "Numeric value (99999999999) out of range of int". */
    private static String numberText(InputCoercionException e) {
        Matcher number = NUMBER.matcher(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        return number.find() ? shown(number.group(1)) : "the value";
    }

    /** The path of the value a parser is on ({@code probes[0].port}), from its contexts. */
    public static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, (c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
            } else if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        return String.join("", parts);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** Where in the file, {@code (line N)}; nothing for JSON, one record on one line. */
    private static String where(String format, JacksonException e, OptionalInt line) {
        return format.equals("JSON") ? "" : location(e, line);
    }

    private static String location(JacksonException e, OptionalInt line) {
        return line.isPresent() ? (line.getAsInt() < 1 ? "" : " (line " + line.getAsInt() + ")") : location(e);
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "invalid value";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
