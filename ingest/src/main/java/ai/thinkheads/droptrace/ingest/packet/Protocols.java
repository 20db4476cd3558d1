package ai.thinkheads.droptrace.ingest.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Protocol names and flag words of netfilter log lines, with the few constants the parser switches on. */
final class Protocols {

    static final int OTHER = 0;
    static final int TCP = 1;
    static final int UDP = 2;
    static final int ICMP = 3;

    /** Flag words in the order the kernel and pvefw-logger print them: CE DF MF, then CWR ECE URG ACK PSH RST SYN FIN. */
    private static final String[] FLAG_WORDS = {"CE", "DF", "MF", "CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"};
    static final int IP_FLAGS = 0b111;
    static final int TCP_FLAGS = 0b11111111000;

    private static final String[] KNOWN = {"TCP", "UDP", "ICMP", "ICMPV6", "SCTP", "UDPLITE", "AH", "ESP", "IGMP",
        "ARP", "GRE", "47", "50", "51", "112"};

    @SuppressWarnings("unchecked")
    private static final List<String>[] FLAG_LISTS = new List[1 << FLAG_WORDS.length];

    private Protocols() {
    }

    /** The protocol as logged, upper case ({@code ICMPv6} of the kernel becomes {@code ICMPV6}); shared instances for the common ones. */
    static String name(String text, int v, int end) {
        int n = end - v;
        if (n == 3 && text.startsWith("TCP", v)) {
            return "TCP";
        }
        if (n == 3 && text.startsWith("UDP", v)) {
            return "UDP";
        }
        for (String known : KNOWN) {
            if (known.length() == end - v && text.regionMatches(true, v, known, 0, known.length())) {
                return known;
            }
        }
        return end == v ? "unknown" : text.substring(v, end).toUpperCase(Locale.ROOT);
    }

    static int kind(String proto) {
        // name() returns these very instances for the common protocols: compare identities first.
        if (proto == "TCP") {
            return TCP;
        }
        if (proto == "UDP") {
            return UDP;
        }
        return switch (proto) {
            case "TCP" -> TCP;
            case "UDP", "UDPLITE" -> UDP;
            case "ICMP", "ICMPV6" -> ICMP;
            default -> OTHER;
        };
    }

    /** The bit of a bare flag word, 0 for any other word. */
    static int flagBit(String text, int i, int end) {
        int n = end - i;
        if (n == 2) {
            char a = text.charAt(i);
            char b = text.charAt(i + 1);
            if (b == 'F' && (a == 'D' || a == 'M')) {
                return a == 'D' ? 1 << 1 : 1 << 2;
            }
            return a == 'C' && b == 'E' ? 1 : 0;
        }
        if (n != 3) {
            return 0;
        }
        int code = text.charAt(i) << 16 | text.charAt(i + 1) << 8 | text.charAt(i + 2);
        return switch (code) {
            case 'C' << 16 | 'W' << 8 | 'R' -> 1 << 3;
            case 'E' << 16 | 'C' << 8 | 'E' -> 1 << 4;
            case 'U' << 16 | 'R' << 8 | 'G' -> 1 << 5;
            case 'A' << 16 | 'C' << 8 | 'K' -> 1 << 6;
            case 'P' << 16 | 'S' << 8 | 'H' -> 1 << 7;
            case 'R' << 16 | 'S' << 8 | 'T' -> 1 << 8;
            case 'S' << 16 | 'Y' << 8 | 'N' -> 1 << 9;
            case 'F' << 16 | 'I' << 8 | 'N' -> 1 << 10;
            default -> 0;
        };
    }

    /** The flag words of a mask in logged order, one shared immutable list per mask; {@code null} for none. */
    static List<String> flagList(int mask) {
        if (mask == 0) {
            return null;
        }
        List<String> list = FLAG_LISTS[mask];
        if (list == null) {
            List<String> words = new ArrayList<>(4);
            for (int b = 0; b < FLAG_WORDS.length; b++) {
                if ((mask & (1 << b)) != 0) {
                    words.add(FLAG_WORDS[b]);
                }
            }
            list = List.copyOf(words);
            FLAG_LISTS[mask] = list;
        }
        return list;
    }
}
