package ai.thinkheads.droptrace.ingest.packet;

import ai.thinkheads.droptrace.core.event.Packet;

/**
 * Reads the packet part of a netfilter log line ({@code IN=... SRC=... PROTO=TCP ...}) as
 * pvefw-logger, the kernel LOG target and ulogd's LOGEMU write it.
 *
 * <p>Fields are read <em>in order</em>, switching on {@code PROTO=}: the same key means different
 * things before and after it ({@code LEN} is the IP length, then the UDP length; {@code ID} the IP
 * id (or IPv6 fragment id), then the ICMP echo id; {@code SEQ}/{@code ACK} belong to TCP or ICMP
 * echo; {@code ACK} is also a flag; {@code TYPE} is the IPv6 routing header type before
 * {@code PROTO=} and the ICMP type after it). Unknown keys and words are skipped, so lines of newer
 * loggers still parse. The embedded original packet of kernel ICMP errors ({@code [SRC=... ]}) and
 * {@code INCOMPLETE [n bytes]} are skipped as a whole.
 *
 * <p>One pass over the characters, no regular expression, no per-token substring for keys: this is
 * the hot path of every ingest (see docs/benchmarks.md).
 */
public final class PacketFieldParser {

    private PacketFieldParser() {
    }

    /** Result of {@link #parse}: a packet, or the reason there is none. */
    public record Result(Packet packet, String error) {
        public boolean ok() {
            return packet != null;
        }
    }

    /** Parses the fields of {@code text} from index {@code from} to the end of the text. */
    public static Result parse(String text, int from) {
        return parse(text, from, text.length());
    }

    /** Parses the fields of {@code text} between {@code from} and {@code to}. */
    public static Result parse(String text, int from, int to) {
        PacketFields fields = new PacketFields(text);
        int i = from;
        int bracketDepth = 0;
        while (i < to) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            int end = i + 1;
            int eq = -1;
            while (end < to) {
                char d = text.charAt(end);
                if (d == ' ') {
                    break;
                }
                if (d == '=' && eq < 0) {
                    eq = end;
                }
                end++;
            }
            if (c == '[' || bracketDepth > 0) {
                // Embedded packet of an ICMP error, or INCOMPLETE [n bytes]: skipped as a whole.
                for (int k = i; k < end; k++) {
                    char b = text.charAt(k);
                    if (b == '[') {
                        bracketDepth++;
                    } else if (b == ']') {
                        bracketDepth--;
                    }
                }
                if (bracketDepth < 0) {
                    bracketDepth = 0;
                }
            } else if (eq > i) {
                fields.field(i, eq, end);
            } else {
                fields.word(i, end);
            }
            i = end;
        }
        return fields.build();
    }
}
