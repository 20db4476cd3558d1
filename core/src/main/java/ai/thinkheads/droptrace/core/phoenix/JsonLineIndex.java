package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where every value of a JSON text starts and ends, by jq path. Jackson's tree model forgets
 * positions; this streaming pass keeps them, so a finding can name {@code file:line} and an edit can
 * be made in the text as written (indentation and layout kept).
 */
public final class JsonLineIndex {

    /**
     * A value's extent. Lines and columns are 1-based; the end is the closing bracket of an object or
     * array and the start of a scalar.
     *
     * @param firstChildLine the line of the first member or element, 0 when empty or a scalar
     */
    public record Span(int line, int column, int endLine, int endColumn, int firstChildLine, int firstChildColumn,
            int children) {
    }

    /**
     * A key written more than once in one object: jq and Jackson keep the last value, so the index does too.
     *
     * @param firstLine the line of the earlier key, {@code line} the one of the key that counts
     */
    public record Duplicate(String path, int firstLine, int line) {
    }

    private final Map<String, Span> spans;
    private final List<Duplicate> duplicates;

    private JsonLineIndex(Map<String, Span> spans, List<Duplicate> duplicates) {
        this.spans = spans;
        this.duplicates = List.copyOf(duplicates);
    }

    /** Indexes a JSON text; text that is not JSON gives an empty index (the tree reader reports the error). */
    public static JsonLineIndex of(String text) {
        text = withoutByteOrderMark(text);
        Map<String, Span> spans = new HashMap<>();
        List<Duplicate> duplicates = new ArrayList<>();
        try (JsonParser p = Json.events().getFactory().createParser(text)) {
            if (p.nextToken() != null) {
                value(p, ".", spans, duplicates);
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return new JsonLineIndex(Map.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JsonLineIndex(spans, duplicates);
    }

    /**
     * The text without a leading UTF-8 byte order mark, which some editors write and jq skips (lines stay where they
     * are; columns of the first line move left by one).
     */
    static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The keys written more than once in their object, in the order of the text. */
    public List<Duplicate> duplicates() {
        return duplicates;
    }

    public Optional<Span> span(String path) {
        return Optional.ofNullable(spans.get(path));
    }

    /** The line a value starts on, 0 when the path is unknown. */
    public int line(String path) {
        Span s = spans.get(path);
        return s == null ? 0 : s.line();
    }

    private static void value(JsonParser p, String path, Map<String, Span> spans, List<Duplicate> duplicates)
            throws IOException {
        com.fasterxml.jackson.core.JsonLocation start = p.currentTokenLocation();
        JsonToken t = p.currentToken();
        int firstLine = 0;
        int firstColumn = 0;
        int children = 0;
        if (t == JsonToken.START_OBJECT) {
            Map<String, Integer> keyLines = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                com.fasterxml.jackson.core.JsonLocation at = p.currentTokenLocation();
                if (children++ == 0) {
                    firstLine = at.getLineNr();
                    firstColumn = at.getColumnNr();
                }
                String name = p.currentName();
                Integer earlier = keyLines.put(name, at.getLineNr());
                if (earlier != null) {
                    duplicates.add(new Duplicate(JsonLocation.member(path, name), earlier, at.getLineNr()));
                }
                p.nextToken();
                value(p, JsonLocation.member(path, name), spans, duplicates);
            }
        } else if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (children == 0) {
                    firstLine = p.currentTokenLocation().getLineNr();
                    firstColumn = p.currentTokenLocation().getColumnNr();
                }
                value(p, JsonLocation.element(path, children++), spans, duplicates);
            }
        }
        com.fasterxml.jackson.core.JsonLocation end = p.currentTokenLocation();
        // The last value of a key written twice is the one read (put, not putIfAbsent).
        spans.put(path, new Span(start.getLineNr(), start.getColumnNr(), end.getLineNr(), end.getColumnNr(),
                firstLine, firstColumn, children));
    }
}
