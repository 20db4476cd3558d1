package ai.thinkheads.droptrace.ingest.pve;

import ai.thinkheads.droptrace.core.event.LoggerStatus;
import ai.thinkheads.droptrace.ingest.ParseResult;

/**
 * A conntrack event line that pvefw-logger writes when {@code log_nf_conntrack} is on:
 * libnetfilter_conntrack's default text, {@code    [NEW] ipv4     2 tcp      6 120 SYN_SENT src=...},
 * with no header of its own. Recognised (not an error) and kept as a status line.
 */
final class ConntrackLine {

    private static final String[] TAGS = {"[NEW]", "[DESTROY]", "[UPDATE]"};

    private ConntrackLine() {
    }

    static boolean matches(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        for (String tag : TAGS) {
            if (text.startsWith(tag, i) && text.indexOf(" src=", i) > 0) {
                return true;
            }
        }
        return false;
    }

    static ParseResult.Status status(String text, int from, String host) {
        return status(text, from, null, null, host);
    }

    /** With the time and zone of the syslog header the line came in, when it came in one. */
    static ParseResult.Status status(String text, int from, java.time.Instant time, String zoneOffset, String host) {
        return new ParseResult.Status(LoggerStatus.Kind.CONNTRACK, time, zoneOffset, host, 6, text.substring(from).strip(), 0);
    }
}
