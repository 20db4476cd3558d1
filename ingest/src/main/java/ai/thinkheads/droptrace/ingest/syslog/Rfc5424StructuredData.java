package ai.thinkheads.droptrace.ingest.syslog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code [id key="value" ...][id2 ...]} into {@code data}, element by element. An element is
 * recorded as soon as its id is read and each parameter once its value is closed, so a best-effort
 * parse keeps what came before an error.
 */
final class Rfc5424StructuredData {

    private final String s;
    private final Map<String, Map<String, String>> data;
    private int i;

    Rfc5424StructuredData(String s, int start, Map<String, Map<String, String>> data) {
        this.s = s;
        this.i = start;
        this.data = data;
    }

    int position() {
        return i;
    }

    /** Reads every element; returns the error, or {@code null}. */
    String read() {
        while (i < s.length() && s.charAt(i) == '[') {
            i++;
            int idStart = i;
            while (i < s.length() && nameChar(s.charAt(i)) && i - idStart < 32) {
                i++;
            }
            if (i == idStart || i >= s.length() || (s.charAt(i) != ' ' && s.charAt(i) != ']')) {
                return Rfc5424Parser.E_SDID;
            }
            String id = s.substring(idStart, i);
            if (data.containsKey(id)) {
                return Rfc5424Parser.E_DUPLICATE_SD;
            }
            Map<String, String> params = new LinkedHashMap<>();
            data.put(id, params);
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
                String error = param(params);
                if (error != null) {
                    return error;
                }
            }
            if (i >= s.length() || s.charAt(i) != ']') {
                return Rfc5424Parser.E_SDPARAM;
            }
            i++;
        }
        return null;
    }

    private String param(Map<String, String> params) {
        int nameStart = i;
        while (i < s.length() && nameChar(s.charAt(i)) && i - nameStart < 32) {
            i++;
        }
        if (i == nameStart || i >= s.length() || s.charAt(i) != '=' || i + 1 >= s.length() || s.charAt(i + 1) != '"') {
            return Rfc5424Parser.E_SDPARAM;
        }
        String name = s.substring(nameStart, i);
        i += 2;
        StringBuilder value = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                if (next != '"' && next != '\\' && next != ']') {
                    i++;
                    return Rfc5424Parser.E_ESCAPE;
                }
                value.append(next);
                i += 2;
                continue;
            }
            if (c == '"') {
                i++;
                if (i >= s.length() || (s.charAt(i) != ' ' && s.charAt(i) != ']')) {
                    // A parameter counts only once what follows it is right.
                    return Rfc5424Parser.E_SDPARAM;
                }
                params.put(name, value.toString());
                return null;
            }
            if (c == ']') {
                return Rfc5424Parser.E_ESCAPE;
            }
            value.append(c);
            i++;
        }
        return Rfc5424Parser.E_SDPARAM;
    }

    private static boolean nameChar(char c) {
        return c >= 33 && c <= 126 && c != '=' && c != ']' && c != '"';
    }

    static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> data) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        data.forEach((id, params) -> copy.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(params))));
        return Collections.unmodifiableMap(copy);
    }
}
