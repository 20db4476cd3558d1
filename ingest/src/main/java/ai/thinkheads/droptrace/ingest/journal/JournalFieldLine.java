package ai.thinkheads.droptrace.ingest.journal;

/**
 * One line of {@code journalctl -o export} ({@code MESSAGE=...}, {@code __REALTIME_TIMESTAMP=...}, one
 * field a line, entries apart by an empty line) or of {@code -o verbose} (the same, indented). A line
 * holds one field of an entry, so its message is without its time, host and priority, which are on
 * other lines: such a line is a failure that says which output to give instead, never a kernel line
 * timed by the time of reading with {@code MESSAGE=} as its prefix. A field that is not text is written as its
 * name alone on a line, then its length and bytes: the name's line is such a line too, and the bytes' line (it
 * holds NUL bytes) is binary data to {@code FirewallLineParser}.
 */
public final class JournalFieldLine {

    /** The reason of the dead letter of such a line. */
    public static final String REASON = "a field of one journal entry (journalctl -o export and -o verbose print an "
            + "entry's time, host and message on lines of their own): give journalctl -o json or -o short-iso";

    /**
     * journald's own fields start with an underscore; of the fields a sender writes, the ones it sets for
     * every entry (systemd.journal-fields(7)). No netfilter field starts like one of them.
     */
    private static final String[] SENDER_FIELDS = {"MESSAGE=", "MESSAGE_ID=", "PRIORITY=", "SYSLOG_FACILITY=",
        "SYSLOG_IDENTIFIER=", "SYSLOG_PID=", "SYSLOG_TIMESTAMP=", "SYSLOG_RAW=", "CODE_FILE=", "CODE_LINE=",
        "CODE_FUNC=", "ERRNO=", "INVOCATION_ID=", "USER_INVOCATION_ID=", "TID="};

    private JournalFieldLine() {
    }

    /** Whether {@code line} from {@code from}, after any indentation, is a {@code FIELD=value} line of the journal. */
    public static boolean looksLike(String line, int from) {
        int k = from;
        while (k < line.length() && line.charAt(k) == ' ') {
            k++;
        }
        if (k + 1 >= line.length()) {
            return false;
        }
        if (line.charAt(k) == '_') {
            int end = k;
            while (end < line.length() && (line.charAt(end) == '_' || line.charAt(end) >= 'A' && line.charAt(end) <= 'Z'
                    || line.charAt(end) >= '0' && line.charAt(end) <= '9')) {
                end++;
            }
            return end > k + 1 && (end < line.length() && line.charAt(end) == '=' || nameAlone(line, end));
        }
        for (String field : SENDER_FIELDS) {
            if (line.startsWith(field, k) || line.startsWith(field.substring(0, field.length() - 1), k)
                    && nameAlone(line, k + field.length() - 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether nothing but white space follows a field's name at {@code end}: the line {@code -o export} writes
     * before a field that is not text, whose length (8 bytes) and bytes follow on the next line.
     */
    private static boolean nameAlone(String line, int end) {
        for (int k = end; k < line.length(); k++) {
            if (!Character.isWhitespace(line.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
