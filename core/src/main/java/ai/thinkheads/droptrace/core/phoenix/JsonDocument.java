package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One JSON file of the Phoenix configuration: its tree and where each value sits in the text. */
record JsonDocument(String file, JsonNode root, JsonLineIndex index) {

    /** Reads {@code path}; {@code file} is how it is named in answers. Bad JSON is a {@link PhoenixConfigException}. */
    static JsonDocument read(Path path, String file) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PhoenixConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(text, file);
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
            return new JsonDocument(file, root, JsonLineIndex.of(text));
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            String message = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
            throw new PhoenixConfigException(file + ": not valid JSON: " + message + where, e);
        } catch (IOException e) {
            throw new PhoenixConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** A warning for every key written twice: jq, like Jackson, keeps the last one, so the other is silently lost. */
    void warnDuplicates(List<ParseWarning> warnings) {
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
