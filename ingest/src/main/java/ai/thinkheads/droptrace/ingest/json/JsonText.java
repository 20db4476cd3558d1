package ai.thinkheads.droptrace.ingest.json;

/** JSON string quoting as Jackson does it: {@code "} and {@code \} escaped, control characters too, the rest as is. */
final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {
    }

    static void quote(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        int first = 0;
        while (first < n) {
            char c = s.charAt(first);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            first++;
        }
        if (first == n) {
            // Nothing to escape (almost every value): one bulk copy.
            out.append(s).append('"');
            return;
        }
        int plain = 0;
        for (int k = first; k < n; k++) {
            char c = s.charAt(k);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, plain, k);
            plain = k + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, plain, n);
        out.append('"');
    }
}
