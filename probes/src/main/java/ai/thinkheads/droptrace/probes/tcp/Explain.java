package ai.thinkheads.droptrace.probes.tcp;

import java.time.Duration;

/** Small wording helpers shared by the explanations. */
public final class Explain {

    private Explain() {
    }

    public static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The first non-blank line of a text, trimmed and cut to 160 characters. */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                return t.length() > 160 ? t.substring(0, 160) + "..." : t;
            }
        }
        return "";
    }

    /**
     * Bytes a peer sent, for quoting in an explanation: control and non-ASCII characters as {@code ?} (a TLS record, a
     * binary protocol), cut to 80 characters.
     */
    public static String quoted(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), 80) + 3);
        for (int k = 0; k < text.length() && k < 80; k++) {
            char c = text.charAt(k);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 80 ? b.append("...").toString() : b.toString();
    }
}
