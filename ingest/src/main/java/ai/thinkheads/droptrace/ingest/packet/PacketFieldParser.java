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
 * <p>One pass over the characters: a key is packed into a code while it is read
 * ({@link PacketKeys}), its value is read in place by the field it belongs to. No regular
 * expression, no substring for keys: this is the hot path of every ingest (see docs/benchmarks.md).
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

    /** Parses the fields pvefw-logger wrote in {@code text} from index {@code from} to the end of the text. */
    public static Result parse(String text, int from) {
        return parse(text, from, text.length(), false);
    }

    /**
     * Parses the fields the kernel LOG target or ulogd wrote in {@code text} from index {@code from}
     * to the end: as {@link #parse(String, int)}, but their IPv6 {@code LEN=} counts the 40-byte
     * header, which is taken off so that {@link Packet#length()} means the same for every logger.
     */
    public static Result parseKernel(String text, int from) {
        return parse(text, from, text.length(), true);
    }

    /** Parses the fields of {@code text} between {@code from} and {@code to}. */
    public static Result parse(String text, int from, int to, boolean ipv6LengthWithHeader) {
        PacketFields fields = new PacketFields(text, to, ipv6LengthWithHeader);
        int i = from;
        int bracketDepth = 0;
        while (i < to) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            if (c == '[' || bracketDepth > 0) {
                // Embedded packet of an ICMP error, or INCOMPLETE [n bytes]: skipped as a whole.
                int end = fields.tokenEnd(i);
                bracketDepth = brackets(text, i, end, bracketDepth);
                i = end;
                continue;
            }
            // The key (or word): its first four characters packed into a code, up to '=' or a space.
            int code = 0;
            int wide = 0;
            int k = i;
            char d = c;
            do {
                if (k - i < 4) {
                    code = code << 8 | d;
                }
                wide |= d;
                if (++k == to) {
                    break;
                }
                d = text.charAt(k);
            } while (d != '=' && d != ' ');
            if (wide >= 0x80) {
                code = 0; // not an ASCII key: no field or flag of ours
            }
            if (k < to && d == '=') {
                i = fields.field(code, k - i, i, k + 1);
            } else {
                fields.word(code, k - i, i);
                i = k;
            }
        }
        return fields.build();
    }

    private static int brackets(String text, int from, int end, int depth) {
        int d = depth;
        for (int k = from; k < end; k++) {
            char b = text.charAt(k);
            if (b == '[') {
                d++;
            } else if (b == ']') {
                d--;
            }
        }
        return Math.max(d, 0);
    }
}
