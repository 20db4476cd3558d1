package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.json.ConfigText;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One JSON file of the Phoenix configuration: its tree and where each value sits in the text.
 *
 * @param notUtf8Line the first line with bytes that are not UTF-8 (read as jq reads them, as U+FFFD), 0 when none
 */
record JsonDocument(String file, JsonNode root, JsonLineIndex index, int notUtf8Line) {

    /** Reads {@code path}; {@code file} is how it is named in answers. Bad JSON is a {@link PhoenixConfigException}. */
    static JsonDocument read(Path path, String file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new PhoenixConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length >= 2 && (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE || bytes[0] == (byte) 0xFE
                && bytes[1] == (byte) 0xFF)) {
            throw new PhoenixConfigException(file + ": saved as UTF-16 (its byte order mark says so), which jq, and so the "
                    + "generator, cannot read: save it as UTF-8");
        }
        // jq reads a byte that is not UTF-8 (a comment saved in Latin-1) as U+FFFD, and so does new String(..., UTF_8)
        JsonDocument doc = parse(new String(bytes, StandardCharsets.UTF_8), file);
        return new JsonDocument(doc.file(), doc.root(), doc.index(), ConfigText.notUtf8Line(bytes));
    }

    static JsonDocument parse(String text, String file) {
        text = JsonLineIndex.withoutByteOrderMark(text);
        try (JsonParser parser = Json.events().createParser(text)) {
            JsonNode root = Json.events().readTree(parser);
            if (root == null || root.isMissingNode()) {
                throw new PhoenixConfigException(file + ": the file is empty (expected a JSON object)");
            }
            if (!root.isObject()) {
                throw new PhoenixConfigException(file + ": not a JSON object but " + kind(root));
            }
            // jq reads a stream of documents: a second one (or a stray closing bracket) makes the generator fail.
            if (parser.nextToken() != null) {
                var where = parser.currentTokenLocation();
                throw new PhoenixConfigException(file + ": not valid JSON: more JSON after the end of the top-level object (line "
                        + where.getLineNr() + ", column " + where.getColumnNr() + "); jq, and so the generator, reads it as a "
                        + "second document");
            }
            return new JsonDocument(file, root, JsonLineIndex.of(text), 0);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            String message = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
            throw new PhoenixConfigException(file + ": not valid JSON: " + message + where, e);
        } catch (IOException e) {
            throw new PhoenixConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A warning for bytes that are not UTF-8, and for every key written twice: jq, like Jackson, keeps the last one, so
     * the other is silently lost.
     */
    void warnDuplicates(List<ParseWarning> warnings) {
        if (notUtf8Line > 0) {
            warnings.add(new ParseWarning(file, notUtf8Line, "", "line " + notUtf8Line + " is not UTF-8 (text saved in "
                    + "another encoding, Latin-1?): read as jq reads it, each such byte as U+FFFD (in a rule's comment, "
                    + "the generator writes that into the .fw line too); save the file as UTF-8"));
        }
        for (JsonLineIndex.Duplicate d : index.duplicates()) {
            warnings.add(new ParseWarning(file, d.line(), "", d.path() + " is written twice (lines " + d.firstLine() + " and "
                    + d.line() + "): the generator's jq, like droptrace, uses the last one and ignores the other"));
        }
    }

    JsonLocation at(String path) {
        return new JsonLocation(file, path, index.line(path));
    }

    /** What a JSON value is, in words: {@code a string}, {@code an array}. */
    static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        return v.isArray() ? "an array" : v.isNull() ? "null" : "an object";
    }

    /** A scalar as text ({@code null} when absent or JSON null); objects and arrays as their JSON. */
    static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
