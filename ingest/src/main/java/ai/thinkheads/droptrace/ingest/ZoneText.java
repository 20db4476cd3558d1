package ai.thinkheads.droptrace.ingest;

/**
 * A zone offset in seconds as pve writes it ({@code +0100}, {@code -0530}). Syslog lines of one
 * sender carry the same offset line after line, so the last text made is kept and reused: this
 * runs once per syslog-wrapped line, where a {@code String.format} cost more than the parse.
 */
final class ZoneText {

    /** The last offset written and its text; immutable, so threads can share it without a lock. */
    private record Last(int seconds, String text) {
    }

    private static volatile Last last = new Last(0, "+0000");

    private ZoneText() {
    }

    static String of(int seconds) {
        Last known = last;
        if (known.seconds() == seconds) {
            return known.text();
        }
        int abs = Math.abs(seconds);
        int hours = abs / 3600;
        int minutes = abs % 3600 / 60;
        String text = new StringBuilder(5).append(seconds < 0 ? '-' : '+')
                .append((char) ('0' + hours / 10 % 10)).append((char) ('0' + hours % 10))
                .append((char) ('0' + minutes / 10)).append((char) ('0' + minutes % 10)).toString();
        last = new Last(seconds, text);
        return text;
    }
}
