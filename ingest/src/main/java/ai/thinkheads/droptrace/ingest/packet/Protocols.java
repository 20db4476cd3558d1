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
        if (n < 2 || n > 3) {
            return 0;
        }
        for (int b = 0; b < FLAG_WORDS.length; b++) {
            String word = FLAG_WORDS[b];
            if (word.length() == n && text.startsWith(word, i)) {
                return 1 << b;
            }
        }
        return 0;
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
