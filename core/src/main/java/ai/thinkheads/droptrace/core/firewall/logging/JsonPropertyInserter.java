package ai.thinkheads.droptrace.core.firewall.logging;

import ai.thinkheads.droptrace.core.phoenix.JsonLineIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds properties to JSON objects in the text as written: a new line with the indentation of the
 * object's first member when the object spans lines, or inline right after its opening brace when
 * the first member is on the same line. Nothing else of the file changes.
 */
final class JsonPropertyInserter {

    private final String path;
    private final List<String> lines;
    private final JsonLineIndex index;
    private final FileEditor editor;
    private final Map<Integer, TreeMap<Integer, String>> inline = new TreeMap<>();
    private final Map<Integer, String> inlineWhy = new TreeMap<>();

    JsonPropertyInserter(String path, String text) {
        this.path = path;
        this.lines = List.of(text.split("\n", -1));
        this.index = JsonLineIndex.of(text);
        this.editor = new FileEditor(path, lines, false);
    }

    /** Adds {@code "key": "value"} as the first member of the object at {@code objectPath}; false when there is none. */
    boolean add(String objectPath, String key, String value, String why) {
        JsonLineIndex.Span span = index.span(objectPath).orElse(null);
        if (span == null || span.line() < 1 || span.line() > lines.size()) {
            return false;
        }
        String member = "\"" + key + "\": \"" + value + "\"";
        if (span.children() == 0) {
            inline(span.line(), span.column(), member, why);
        } else if (span.firstChildLine() > span.line()) {
            String first = lines.get(span.firstChildLine() - 1);
            String indent = first.substring(0, first.length() - first.stripLeading().length());
            editor.insertAfter(span.firstChildLine() - 1, List.of(indent + member + ","), why);
        } else {
            inline(span.line(), span.column(), member + ", ", why);
        }
        return true;
    }

    private void inline(int line, int column, String text, String why) {
        inline.computeIfAbsent(line, k -> new TreeMap<>()).merge(column, text, (a, b) -> a + b);
        inlineWhy.merge(line, why, (a, b) -> a.equals(b) ? a : a + ", " + b);
    }

    FileChange change() {
        for (Map.Entry<Integer, TreeMap<Integer, String>> e : inline.entrySet()) {
            String line = lines.get(e.getKey() - 1);
            StringBuilder b = new StringBuilder(line);
            List<Integer> columns = new ArrayList<>(e.getValue().descendingKeySet());
            for (int column : columns) {
                int brace = line.indexOf('{', column - 1);
                if (brace >= 0) {
                    b.insert(brace + 1, e.getValue().get(column));
                }
            }
            editor.replace(e.getKey(), b.toString(), inlineWhy.get(e.getKey()));
        }
        return editor.changed() ? editor.change() : null;
    }

    String path() {
        return path;
    }
}
