package ai.thinkheads.droptrace.ingest.packet;

import java.util.Locale;

/** Protocol names of netfilter log lines, with the few constants the parser switches on. */
final class Protocols {

    static final int OTHER = 0;
    static final int TCP = 1;
    static final int UDP = 2;
    static final int ICMP = 3;

    private static final String[] KNOWN = {"TCP", "UDP", "ICMP", "ICMPV6", "SCTP", "UDPLITE", "AH", "ESP", "IGMP",
        "ARP", "GRE", "47", "50", "51", "112"};

    private Protocols() {
    }

    /**
     * The protocol as pvefw-logger names it, upper case ({@code ICMPv6} of the kernel becomes
     * {@code ICMPV6}, its {@code 132} and {@code 2} become {@code SCTP} and {@code IGMP}); shared
     * instances for the common ones; {@code null} for a value that is no protocol's name or number
     * (letters, digits, {@code -} and {@code _} only: it becomes part of the flow key; a number above 255, which
     * the IP header's 8 bits cannot hold, is none).
     */
    static String name(String text, int v, int end) {
        // TCP and UDP are told by the caller (PacketFields.protocol) before the end of the value is looked for.
        if (end - v == 4 && text.charAt(v) == 'I' && text.charAt(v + 1) == 'C' && text.charAt(v + 2) == 'M'
                && text.charAt(v + 3) == 'P') {
            return "ICMP";
        }
        for (String known : KNOWN) {
            if (known.length() == end - v && text.regionMatches(true, v, known, 0, known.length())) {
                return known;
            }
        }
        // The kernel LOG target has no names for these two and prints their numbers; pvefw-logger names them.
        if (end - v == 3 && text.startsWith("132", v)) {
            return "SCTP";
        }
        if (end - v == 1 && text.charAt(v) == '2') {
            return "IGMP";
        }
        if (end == v) {
            return "unknown";
        }
        boolean digits = true;
        int number = 0;
        for (int k = v; k < end; k++) {
            char c = text.charAt(k);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return null; // not a protocol's name or number: the caller's reason for a dead letter
            }
            if (c < '0' || c > '9') {
                digits = false;
            } else if (number <= 255) {
                number = number * 10 + c - '0';
            }
        }
        if (digits && number > 255) {
            return null; // digits only, but no protocol number: the IP header's field is 8 bits
        }
        return text.substring(v, end).toUpperCase(Locale.ROOT);
    }

    static int kind(String proto) {
        // name() returns these very instances for the common protocols: compare identities first.
        if (proto == "TCP") {
            return TCP;
        }
        if (proto == "UDP") {
            return UDP;
        }
        if (proto == "ICMP") {
            return ICMP;
        }
        return switch (proto) {
            case "TCP" -> TCP;
            case "UDP", "UDPLITE" -> UDP;
            case "ICMP", "ICMPV6" -> ICMP;
            default -> OTHER;
        };
    }
}
