package ai.thinkheads.droptrace.ingest.kernel;

import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.packet.PacketFieldParser;
import ai.thinkheads.droptrace.ingest.pve.FieldStart;
import java.time.Instant;

/**
 * The message text of a kernel netfilter LOG line (or ulogd LOGEMU line):
 * {@code [ 1234.567890] <prefix>IN=eth0 OUT= MAC=... SRC=... PROTO=...}. Such lines have no pve
 * chain: the event has chain {@code -}, backend {@link Backend#KERNEL}, vmid 0, the prefix as its
 * message, and an action only where the prefix says it unambiguously ({@link KernelPrefix}).
 */
public final class KernelLineParser {

    /** The kernel LOG target's default level (warning), used when no syslog PRI says otherwise. */
    public static final int DEFAULT_LEVEL = 4;

    private KernelLineParser() {
    }

    /**
     * Parses the message at {@code from} of {@code text}.
     *
     * @param time the time from the syslog header, or the receive time when the line has none
     * @param zoneOffset the offset written in the line ({@code +0100}), {@code null} when assumed
     * @param tag the syslog tag ({@code kernel}); used as the prefix when the message has none
     *     before the fields and the tag is not {@code kernel} ({@code Jan  8 03:37:09 DENY: IN=...})
     */
    public static ParseResult parse(String text, int from, Instant time, String zoneOffset, String host, int level,
            String tag, Origin origin) {
        int i = skipUptime(text, from);
        int fields = FieldStart.find(text, i);
        if (fields < 0) {
            if (text.startsWith("[", i) && text.indexOf(" blob data]", i) > i) {
                // journalctl's short formats print a message that is not UTF-8 as "[79B blob data]"
                return new ParseResult.Failed("journalctl left out this message (" + text.substring(i).strip()
                        + ": it is not UTF-8); run journalctl with --all, or -o json", text);
            }
            return new ParseResult.Failed("no netfilter fields (IN=, OUT=, SRC=, ...) in the message", text);
        }
        if (time == null) {
            return new ParseResult.Failed("the line carries no time and none was given", text);
        }
        PacketFieldParser.Result packet = PacketFieldParser.parseKernel(text, fields);
        if (!packet.ok()) {
            return new ParseResult.Failed(packet.error(), text);
        }
        String prefix = text.substring(i, fields).strip();
        if (prefix.endsWith(":") && prefix.length() > 1) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (prefix.isEmpty() && tag != null && !"kernel".equals(tag)) {
            prefix = tag;
        }
        return new ParseResult.Parsed(new FirewallEvent(FirewallEvent.SCHEMA_VERSION, time, zoneOffset, host, 0,
                level, "-", KernelPrefix.action(prefix), false, prefix, Backend.KERNEL, packet.packet(), text,
                origin));
    }

    /**
     * Skips the kernel's {@code [ 1234.567890] } uptime stamp when there is one, also with the time since the line
     * before that {@code dmesg -d} and {@code journalctl -o short-delta} add ({@code [ 1234.567890 <    0.000877>] },
     * {@code [1234.567890 <    0.000877 >] }, the first line's padded with spaces instead: before, such a stamp was
     * part of the prefix, and short-delta's host and tag too).
     */
    public static int skipUptime(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '[') {
            return i;
        }
        int k = i + 1;
        while (k < text.length() && text.charAt(k) == ' ') {
            k++;
        }
        int digits = k;
        while (k < text.length() && (Character.isDigit(text.charAt(k)) || text.charAt(k) == '.')) {
            k++;
        }
        if (k == digits) {
            return i;
        }
        if (k < text.length() && text.charAt(k) == ' ') {
            k = delta(text, k);
        }
        if (k < 0 || k >= text.length() || text.charAt(k) != ']') {
            return i;
        }
        k++;
        while (k < text.length() && text.charAt(k) == ' ') {
            k++;
        }
        return k;
    }

    /** After the uptime, at a space: where the {@code ]} after the delta ({@code  <    0.000877 >}) or the padding is. */
    private static int delta(String text, int k) {
        while (k < text.length() && text.charAt(k) == ' ') {
            k++;
        }
        if (k >= text.length() || text.charAt(k) != '<') {
            return k; // the padding of short-delta's first line, or no stamp at all
        }
        k++;
        while (k < text.length() && (text.charAt(k) == ' ' || text.charAt(k) == '.' || Character.isDigit(text.charAt(k)))) {
            k++;
        }
        return k < text.length() - 1 && text.charAt(k) == '>' ? k + 1 : -1;
    }
}
