package ai.thinkheads.droptrace.ingest.pve;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.LoggerStatus;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.LineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.kernel.KernelPrefix;
import ai.thinkheads.droptrace.ingest.packet.Interned;
import ai.thinkheads.droptrace.ingest.packet.PacketFieldParser;
import java.time.Instant;

/**
 * Parses a line of {@code /var/log/pve-firewall.log} as pvefw-logger writes it:
 * {@code <vmid> <level> <chain> <dd/Mon/yyyy:HH:MM:SS> <+zzzz> <message><packet fields>}.
 *
 * <p>The action is normalised: {@code PVEFW-reject} (the rewritten REJECT of IPv6 rulesets and
 * second NICs) is REJECT, {@code PVEFW-SET-ACCEPT-MARK} and {@code RETURN} are ACCEPT; the empty
 * message of security-group rules and the legacy {@code FWBR-IN}/{@code FWBR-OUT} pass logs give no
 * action. Lines of the logger about itself are {@link ParseResult.Status}, and so are conntrack
 * lines. A foreign or over-long NFLOG prefix, which the logger prints raw with vmid 0 and chain
 * {@code -}, is read back when it has pve's {@code :vmid:level:chain: } shape; any other raw prefix
 * makes a {@link Backend#KERNEL} event whose action is derived from the prefix where unambiguous.
 */
public final class PveFirewallLineParser implements LineParser {

    /**
     * The conntrack line that starts at {@code from} of {@code text} (a log file forwarded through
     * syslog carries them too) as a status line, or {@code null} when it is not one.
     */
    public static ParseResult.Status conntrack(String text, int from, Instant time, String zoneOffset, String host) {
        return ConntrackLine.matches(text, from) ? ConntrackLine.status(text, from, time, zoneOffset, host) : null;
    }

    /** Whether a pve-firewall header ({@code <vmid> <level> }) starts at {@code from} of {@code text}. */
    public static boolean looksLike(String text, int from) {
        return PveHeader.looksLike(text, from);
    }

    @Override
    public ParseResult parse(String line, Origin origin) {
        return parse(line, 0, origin);
    }

    /** Parses the pve line that starts at {@code from} of {@code text}. */
    public ParseResult parse(String text, int from, Origin origin) {
        return parse(text, from, null, origin);
    }

    /**
     * Parses the pve line that starts at {@code from} of {@code text}, after a syslog header that
     * named the {@code host} it came from ({@code null} when none did).
     */
    public ParseResult parse(String text, int from, String host, Origin origin) {
        if (text.length() > from + CUT_AT && text.charAt(from + CUT_AT) == '\u0000') {
            // one look at one place: not a scan of every line; a cut entry's 507 characters are text, padding's not
            return new ParseResult.Failed(text.charAt(from + CUT_AT - 1) == '\u0000' ? PADDED : CUT, text);
        }
        PveHeader header = PveHeader.read(text, from);
        if (header.error() != null) {
            if (ConntrackLine.matches(text, from)) {
                return ConntrackLine.status(text, from, host);
            }
            return new ParseResult.Failed(padded(text, from, text.length()) ? PADDED : header.error(), text);
        }
        int rest = header.restStart();
        int fields = FieldStart.find(text, rest);
        if (fields < 0) {
            if ("-".equals(header.chain())) {
                String status = text.substring(rest).strip();
                if (status.isEmpty()) {
                    return new ParseResult.Failed("no message after the timestamp", text);
                }
                if (status.indexOf('\u0000') >= 0) { // a status line of the logger, cut, then the next line
                    return new ParseResult.Failed(PADDED, text);
                }
                return statusOf(header.time(), header.zoneOffset(), host, header.level(), status);
            }
            return new ParseResult.Failed(padded(text, rest, text.length()) ? PADDED : "no packet fields after the message",
                    text);
        }
        if (padded(text, rest, fields)) {
            // the message holds the padding and the next line's header: its fields are the next line's
            return new ParseResult.Failed(PADDED, text);
        }
        PacketFieldParser.Result packet = PacketFieldParser.parse(text, fields);
        if (!packet.ok()) {
            return new ParseResult.Failed(padded(text, fields, text.length()) ? PADDED : packet.error(), text);
        }
        int vmid = header.vmid();
        int level = header.level();
        String chain = header.chain();
        Backend backend;
        Action action;
        String message;
        if ("-".equals(chain)) {
            String rawMessage = text.substring(rest, fields);
            RawPrefix raw = RawPrefix.read(rawMessage);
            if (raw != null) {
                vmid = raw.vmid();
                level = raw.level();
                chain = raw.chain();
                message = trimMessage(raw.message(), 0, raw.message().length());
                backend = backendOf(chain);
                action = actionOf(message);
            } else {
                message = rawMessage.strip();
                backend = Backend.KERNEL;
                action = KernelPrefix.action(message);
            }
        } else {
            message = trimMessage(text, rest, fields);
            backend = backendOf(chain);
            action = actionOf(message);
        }
        boolean policy = message.startsWith("policy ");
        return new ParseResult.Parsed(new FirewallEvent(FirewallEvent.SCHEMA_VERSION, header.time(),
                header.zoneOffset(), host, vmid, level, chain, action, policy, message, backend, packet.packet(),
                text, origin));
    }

    /**
     * Where pvefw-logger ends an entry that does not fit its 508 bytes: 507 characters, then the NUL byte of its
     * {@code snprintf}. Its line end is never added and the length it writes is the one it computed, so bytes of its
     * memory and then the next entry follow on the same line; read as one line, the next entry's fields would be
     * read over the cut one's (an event of both, the next one lost unsaid).
     */
    static final int CUT_AT = 507;
    static final String CUT = "pvefw-logger cut this entry at 507 characters (its 508-byte limit) and wrote no line "
            + "end: after the NUL byte come bytes of its memory, then the next entry, on the same line; neither is read";

    /**
     * NUL bytes inside a line, after its start: a crash left the end of this line unwritten (the file system's
     * padding reads as NUL bytes), and the logger appended its next line after the padding, on the same line. Read as
     * one line, it was an event of the cut line's time with the next line's packet, or a dead letter that blamed
     * pvefw-logger's 508-byte cut; the next line is in the dead letter too. (Padding at the start of a line is not
     * part of it: {@code FirewallLineParser} reads the line after it.)
     */
    static final String PADDED = "NUL bytes inside the line (a file's padding after a crash: the rest of this line did not "
            + "reach the disk), then the line written after the crash, on the same line; neither is read";

    /** Whether {@code text} holds a NUL byte from {@code from} to {@code to}: a short stretch, or a line already failed. */
    private static boolean padded(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (text.charAt(k) == '\u0000') {
                return true;
            }
        }
        return false;
    }

    /** Maps the logged message ({@code policy DROP}, {@code PVEFW-reject}, ...) to the real action; {@code null} when it does not say. */
    static Action actionOf(String message) {
        for (int k = 0; k < MESSAGES.length; k++) {
            if (MESSAGES[k] == message) {
                return MESSAGE_ACTIONS[k];
            }
        }
        int from = message.startsWith("policy ") ? 7 : 0;
        int n = message.length() - from;
        if (n == 4 && message.startsWith("DROP", from)) {
            return Action.DROP;
        }
        if (n == 6 && (message.startsWith("ACCEPT", from) || message.startsWith("RETURN", from))) {
            return Action.ACCEPT;
        }
        if (n == 6 && message.startsWith("REJECT", from) || n == 12 && message.startsWith("PVEFW-reject", from)) {
            return Action.REJECT;
        }
        if (n == 21 && message.startsWith("PVEFW-SET-ACCEPT-MARK", from)) {
            return Action.ACCEPT;
        }
        return null;
    }

    /** nftables (proxmox-firewall) chain names are lower-case words; iptables ones are {@code PVEFW-}, {@code tap..}, {@code GROUP-}. */
    static Backend backendOf(String chain) {
        boolean nftables = switch (chain.isEmpty() ? ' ' : chain.charAt(0)) {
            case 'g' -> chain.startsWith("guest-") || chain.startsWith("group-");
            case 'h' -> chain.startsWith("host-");
            case 'c' -> chain.startsWith("cluster-");
            case 'b' -> chain.startsWith("bridge-");
            case 'l' -> chain.startsWith("log-");
            default -> false;
        };
        return nftables ? Backend.NFTABLES : Backend.IPTABLES;
    }

    /** The message between {@code from} and {@code to}, without the spaces around it and its final ':'. */
    private static String trimMessage(String text, int from, int to) {
        int end = to;
        while (end > from && text.charAt(end - 1) == ' ') {
            end--;
        }
        if (end > from && text.charAt(end - 1) == ':') {
            end--;
        }
        int start = from;
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        if (start == end) {
            return "";
        }
        for (String known : MESSAGES) {
            if (known.length() == end - start && text.startsWith(known, start)) {
                return known;
            }
        }
        return Interned.word(text, start, end);
    }

    /** The messages almost every line carries, shared instead of copied. */
    private static final String[] MESSAGES = {"policy DROP", "DROP", "ACCEPT", "REJECT", "policy REJECT",
        "PVEFW-reject", "PVEFW-SET-ACCEPT-MARK", "RETURN"};
    private static final Action[] MESSAGE_ACTIONS = {Action.DROP, Action.DROP, Action.ACCEPT, Action.REJECT,
        Action.REJECT, Action.REJECT, Action.ACCEPT, Action.ACCEPT};

    /** A line of pvefw-logger about itself, classified; a skip notice without a count is a failure. */
    public static ParseResult statusOf(Instant time, String zoneOffset, String host, int level, String text) {
        long skipped = 0;
        LoggerStatus.Kind kind;
        if (text.startsWith("skipped ")) {
            int end = text.indexOf(' ', 8);
            String count = text.substring(8, end < 0 ? text.length() : end);
            // digits only: Long.parseLong takes a sign too, and a count below zero is no count
            if (count.isEmpty() || count.length() > 18 || !count.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return new ParseResult.Failed("skip notice without a count: '" + text + "'", text);
            }
            skipped = Long.parseLong(count);
            kind = LoggerStatus.Kind.SKIPPED;
        } else if (text.startsWith("starting ")) {
            kind = LoggerStatus.Kind.STARTED;
        } else if (text.startsWith("stopping ") || text.startsWith("received terminate")) {
            kind = LoggerStatus.Kind.STOPPED;
        } else if (level <= 3) {
            kind = LoggerStatus.Kind.ERROR;
        } else {
            kind = LoggerStatus.Kind.OTHER;
        }
        return new ParseResult.Status(kind, time, zoneOffset, host, level, text, skipped);
    }
}
