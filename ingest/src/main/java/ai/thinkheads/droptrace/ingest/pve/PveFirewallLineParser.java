package ai.thinkheads.droptrace.ingest.pve;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.ingest.LineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.packet.PacketFieldParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Parses a line of {@code /var/log/pve-firewall.log} as pvefw-logger writes it:
 * {@code <vmid> <level> <chain> <dd/Mon/yyyy:HH:MM:SS> <+zzzz> <message><packet fields>}.
 *
 * <p>The action is normalised: {@code PVEFW-reject} (the rewritten REJECT of IPv6 rulesets and
 * second NICs) is REJECT, {@code PVEFW-SET-ACCEPT-MARK} and {@code RETURN} are ACCEPT. Lines of the
 * logger about itself are {@link ParseResult.Status}. A foreign or over-long NFLOG prefix, which
 * the logger prints raw with vmid 0 and chain {@code -}, is read back when it has pve's shape.
 */
public final class PveFirewallLineParser implements LineParser {

    private static final String[] FIELD_KEYS = {"PHYSOUT", "PHYSIN", "OUT", "IN", "MAC", "SRC"};

    @Override
    public ParseResult parse(String line, Origin origin) {
        Header header = Header.read(line);
        if (header.error != null) {
            return new ParseResult.Failed(header.error, line);
        }
        String rest = line.substring(header.restStart);
        int fields = fieldStart(rest);
        if (fields < 0) {
            if ("-".equals(header.chain)) {
                return status(header, rest.strip());
            }
            return new ParseResult.Failed("no packet fields after the message", line);
        }
        PacketFieldParser.Result packet = PacketFieldParser.parse(rest, fields);
        if (!packet.ok()) {
            return new ParseResult.Failed(packet.error(), line);
        }
        String message = rest.substring(0, fields);
        int vmid = header.vmid;
        int level = header.level;
        String chain = header.chain;
        Backend backend = null;
        if ("-".equals(chain)) {
            RawPrefix raw = RawPrefix.read(message);
            if (raw != null) {
                vmid = raw.vmid;
                level = raw.level;
                chain = raw.chain;
                message = raw.message;
            } else {
                backend = Backend.KERNEL;
            }
        }
        return event(line, origin, header, vmid, level, chain, message, backend, packet.packet());
    }

    private static ParseResult event(String line, Origin origin, Header header, int vmid, int level, String chain,
            String rawMessage, Backend knownBackend, Packet packet) {
        String message = trimMessage(rawMessage);
        boolean policy = message.startsWith("policy ");
        String verdict = policy ? message.substring(7) : message;
        Backend backend = knownBackend != null ? knownBackend : backendOf(chain);
        return new ParseResult.Parsed(new FirewallEvent(FirewallEvent.SCHEMA_VERSION, header.time, header.zone, null,
                vmid, level, chain, actionOf(verdict), policy, message, backend, packet, line, origin));
    }

    /** Maps the logged verdict word to the real action; {@code null} when the line does not say. */
    static Action actionOf(String verdict) {
        return switch (verdict) {
            case "ACCEPT", "PVEFW-SET-ACCEPT-MARK", "RETURN" -> Action.ACCEPT;
            case "DROP" -> Action.DROP;
            case "REJECT", "PVEFW-reject" -> Action.REJECT;
            default -> null;
        };
    }

    static Backend backendOf(String chain) {
        if (chain.startsWith("guest-") || chain.startsWith("host-") || chain.startsWith("cluster-")
                || chain.startsWith("group-") || chain.startsWith("bridge-") || chain.startsWith("log-")) {
            return Backend.NFTABLES;
        }
        return Backend.IPTABLES;
    }

    private static String trimMessage(String message) {
        String m = message.strip();
        return m.endsWith(":") ? m.substring(0, m.length() - 1) : m;
    }

    private static ParseResult status(Header header, String text) {
        if (text.isEmpty()) {
            return new ParseResult.Failed("no message after the timestamp", header.line);
        }
        long skipped = 0;
        if (text.startsWith("skipped ")) {
            int end = text.indexOf(' ', 8);
            try {
                skipped = Long.parseLong(text.substring(8, end < 0 ? text.length() : end));
            } catch (NumberFormatException e) {
                skipped = 0;
            }
        }
        return new ParseResult.Status(header.time, header.level, text, skipped);
    }

    /**
     * Index where the packet fields start: the first token holding '=', from the start of its key
     * ({@code fooIN=eth0} has the raw prefix {@code foo} glued onto {@code IN=}). -1 when none.
     */
    static int fieldStart(String rest) {
        int eq = rest.indexOf('=');
        if (eq < 0) {
            return -1;
        }
        int tokenStart = rest.lastIndexOf(' ', eq) + 1;
        String key = rest.substring(tokenStart, eq);
        for (String known : FIELD_KEYS) {
            if (key.endsWith(known)) {
                return eq - known.length();
            }
        }
        return tokenStart;
    }

    /** The fixed-layout header of a pvefw-logger line. */
    private static final class Header {
        String line;
        String error;
        int vmid;
        int level;
        String chain;
        Instant time;
        String zone;
        int restStart;

        static Header read(String line) {
            Header h = new Header();
            h.line = line;
            int n = line.length();
            int i = 0;
            long vmid = 0;
            while (i < n && i < 10 && isDigit(line.charAt(i))) {
                vmid = vmid * 10 + (line.charAt(i) - '0');
                i++;
            }
            if (i == 0 || i >= n || line.charAt(i) != ' ') {
                return h.fail("not a pve-firewall line: no vmid at the start");
            }
            h.vmid = (int) vmid;
            i++;
            if (i + 1 >= n || !isDigit(line.charAt(i)) || line.charAt(i) > '7' || line.charAt(i + 1) != ' ') {
                return h.fail("not a pve-firewall line: no log level 0-7 after the vmid");
            }
            h.level = line.charAt(i) - '0';
            i += 2;
            int chainEnd = line.indexOf(' ', i);
            if (chainEnd <= i) {
                return h.fail("not a pve-firewall line: no chain after the log level");
            }
            h.chain = line.substring(i, chainEnd);
            i = chainEnd + 1;
            // dd/Mon/yyyy:HH:MM:SS +zzzz
            if (i + 26 > n || line.charAt(i + 20) != ' ') {
                return h.fail("not a pve-firewall line: no timestamp after the chain");
            }
            h.restStart = Math.min(n, i + 27);
            return h.timestamp(line, i);
        }

        private Header timestamp(String s, int i) {
            int day = digits(s, i, 2);
            int month = month(s, i + 3);
            int year = digits(s, i + 7, 4);
            int hour = digits(s, i + 12, 2);
            int minute = digits(s, i + 15, 2);
            int second = digits(s, i + 18, 2);
            char sign = s.charAt(i + 21);
            int zh = digits(s, i + 22, 2);
            int zm = digits(s, i + 24, 2);
            if (s.charAt(i + 2) != '/' || s.charAt(i + 6) != '/' || s.charAt(i + 11) != ':'
                    || s.charAt(i + 14) != ':' || s.charAt(i + 17) != ':' || (sign != '+' && sign != '-')
                    || (s.length() > i + 26 && s.charAt(i + 26) != ' ')
                    || day < 0 || month < 0 || year < 0 || hour < 0 || minute < 0 || second < 0 || zh < 0 || zm < 0) {
                return fail("bad timestamp '" + s.substring(i, Math.min(s.length(), i + 26)) + "'");
            }
            try {
                int offsetSeconds = (zh * 3600 + zm * 60) * (sign == '-' ? -1 : 1);
                time = LocalDateTime.of(year, month, day, hour, minute, second)
                        .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
            } catch (DateTimeException e) {
                return fail("bad timestamp '" + s.substring(i, i + 26) + "': " + e.getMessage());
            }
            zone = s.substring(i + 21, i + 26);
            return this;
        }

        private Header fail(String reason) {
            error = reason;
            return this;
        }

        private static int digits(String s, int at, int count) {
            int v = 0;
            for (int k = at; k < at + count; k++) {
                char c = s.charAt(k);
                if (!isDigit(c)) {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }

        private static int month(String s, int at) {
            return switch (s.substring(at, at + 3)) {
                case "Jan" -> 1;
                case "Feb" -> 2;
                case "Mar" -> 3;
                case "Apr" -> 4;
                case "May" -> 5;
                case "Jun" -> 6;
                case "Jul" -> 7;
                case "Aug" -> 8;
                case "Sep" -> 9;
                case "Oct" -> 10;
                case "Nov" -> 11;
                case "Dec" -> 12;
                default -> -1;
            };
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    /** pve's NFLOG prefix {@code :<vmid>:<level>:<chain>: <message>}, printed raw when the logger could not split it. */
    private record RawPrefix(int vmid, int level, String chain, String message) {

        static RawPrefix read(String prefix) {
            if (!prefix.startsWith(":")) {
                return null;
            }
            int a = prefix.indexOf(':', 1);
            if (a < 2 || a + 3 >= prefix.length() || prefix.charAt(a + 2) != ':') {
                return null;
            }
            int vmid;
            try {
                vmid = Integer.parseInt(prefix.substring(1, a));
            } catch (NumberFormatException e) {
                return null;
            }
            char level = prefix.charAt(a + 1);
            if (level < '0' || level > '7') {
                return null;
            }
            int chainEnd = prefix.indexOf(": ", a + 3);
            if (chainEnd <= a + 3) {
                return null;
            }
            String chain = prefix.substring(a + 3, chainEnd);
            if (chain.indexOf(' ') >= 0 || chain.indexOf(':') >= 0) {
                return null;
            }
            return new RawPrefix(vmid, level - '0', chain, prefix.substring(chainEnd + 2));
        }
    }
}
