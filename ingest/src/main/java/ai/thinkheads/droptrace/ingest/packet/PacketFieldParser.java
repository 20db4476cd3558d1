package ai.thinkheads.droptrace.ingest.packet;

import ai.thinkheads.droptrace.core.event.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the packet part of a netfilter log line ({@code IN=... SRC=... PROTO=TCP ...}) as
 * pvefw-logger and the kernel LOG target write it.
 *
 * <p>Fields are read <em>in order</em>, switching on {@code PROTO=}: the same key means different
 * things before and after it ({@code LEN} is the IP length, then the UDP length; {@code ID} the IP
 * id, then the ICMP echo id; {@code SEQ}/{@code ACK} belong to TCP or ICMP echo; {@code ACK} is
 * also a flag). Unknown keys and words are skipped, so lines of newer loggers still parse. The
 * embedded original packet of kernel ICMP errors ({@code [SRC=... ]}) is skipped as a whole.
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

    public static Result parse(String text, int from) {
        Builder b = new Builder();
        int n = text.length();
        int i = from;
        int bracketDepth = 0;
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int end = text.indexOf(' ', i);
            if (end < 0) {
                end = n;
            }
            char first = text.charAt(i);
            if (first == '[') {
                bracketDepth++;
            }
            if (bracketDepth > 0) {
                if (text.charAt(end - 1) == ']') {
                    bracketDepth--;
                }
                i = end;
                continue;
            }
            int eq = text.indexOf('=', i);
            if (eq > 0 && eq < end) {
                b.field(text.substring(i, eq), text.substring(eq + 1, end));
            } else {
                b.word(text.substring(i, end));
            }
            i = end;
        }
        return b.build();
    }

    /** Collects fields; knows which layer it is in. */
    private static final class Builder {
        private String in;
        private String out;
        private String physIn;
        private String physOut;
        private String macDst;
        private String macSrc;
        private String etherType;
        private String src;
        private String dst;
        private Integer ipVersion;
        private Integer length;
        private String tos;
        private String prec;
        private Integer ttl;
        private Long ipId;
        private Integer frag;
        private List<String> ipFlags;
        private Integer tc;
        private Long flowLabel;
        private Integer hopLimit;
        private String proto;
        private Integer spt;
        private Integer dpt;
        private Long seq;
        private Long ack;
        private Integer window;
        private List<String> tcpFlags;
        private Integer urgp;
        private Integer udpLen;
        private Integer icmpType;
        private Integer icmpCode;
        private Long icmpId;
        private Long icmpSeq;
        private Long mark;
        private String invalid;
        private String error;

        void field(String key, String value) {
            if (proto == null) {
                l3(key, value);
            } else {
                l4(key, value);
            }
        }

        private void l3(String key, String value) {
            switch (key) {
                case "IN" -> in = emptyToNull(value);
                case "OUT" -> out = emptyToNull(value);
                case "PHYSIN" -> physIn = emptyToNull(value);
                case "PHYSOUT" -> physOut = emptyToNull(value);
                case "MAC" -> mac(value);
                case "SRC" -> src = value;
                case "DST" -> dst = value;
                case "LEN" -> {
                    if (length == null) {
                        length = integer(key, value);
                    }
                }
                case "TOS" -> tos = value;
                case "PREC" -> prec = value;
                case "TTL" -> ttl = integer(key, value);
                case "ID" -> ipId = number(key, value);
                case "FRAG" -> frag = integer(key, value);
                case "TC" -> tc = integer(key, value);
                case "FLOWLBL" -> flowLabel = number(key, value);
                case "HOPLIMIT" -> hopLimit = integer(key, value);
                case "PROTO" -> proto = value.isEmpty() ? "unknown" : value.toUpperCase(java.util.Locale.ROOT);
                case "INVALID" -> invalid = value;
                case "mark", "MARK" -> mark(value);
                default -> {
                    // TYPE/SEGMENTS of an IPv6 routing header, NEXTHDR, UID, GID, ...: not needed.
                }
            }
        }

        private void l4(String key, String value) {
            switch (key) {
                case "SPT" -> spt = port(key, value);
                case "DPT" -> dpt = port(key, value);
                case "SEQ" -> {
                    if (isIcmp()) {
                        icmpSeq = number(key, value);
                    } else {
                        seq = number(key, value);
                    }
                }
                case "ACK" -> ack = number(key, value);
                case "WINDOW" -> window = integer(key, value);
                case "URGP" -> urgp = integer(key, value);
                case "LEN" -> udpLength(value);
                case "TYPE" -> {
                    if (icmpType == null) {
                        icmpType = integer(key, value);
                    }
                }
                case "CODE" -> {
                    if (icmpCode == null) {
                        icmpCode = integer(key, value);
                    }
                }
                case "ID" -> icmpId = number(key, value);
                case "INVALID" -> invalid = value;
                case "mark", "MARK" -> mark(value);
                default -> {
                    // RES, UID, GID, MTU, GATEWAY, PARAMETER, RA fields: not needed.
                }
            }
        }

        void word(String word) {
            if (proto == null) {
                if (word.equals("DF") || word.equals("MF") || word.equals("CE")) {
                    ipFlags = add(ipFlags, word);
                }
                return;
            }
            switch (word) {
                case "URG", "ACK", "PSH", "RST", "SYN", "FIN", "CWR", "ECE" -> {
                    if ("TCP".equals(proto)) {
                        tcpFlags = add(tcpFlags, word);
                    }
                }
                default -> {
                    // MF of an IPv6 fragment header, REQUEST/REPLY of ARP, OPT (...): not needed.
                }
            }
        }

        private void udpLength(String value) {
            // UDP lines end without a space, so a non-zero mark can be glued on: LEN=58mark=2147483648
            int glued = value.indexOf("mark=");
            if (glued > 0) {
                mark(value.substring(glued + 5));
                value = value.substring(0, glued);
            }
            if ("UDP".equals(proto) || "UDPLITE".equals(proto)) {
                udpLen = integer("LEN", value);
            } else if (length == null) {
                length = integer("LEN", value);
            }
        }

        private void mac(String value) {
            // dst(6) : src(6) : ethertype(2), as colon-separated hex bytes (17 + 1 + 17 + 1 + 5 chars)
            if (value.length() >= 41 && value.charAt(17) == ':' && value.charAt(35) == ':') {
                macDst = value.substring(0, 17);
                macSrc = value.substring(18, 35);
                etherType = value.substring(36);
            } else if (!value.isEmpty()) {
                macDst = value;
            }
        }

        private void mark(String value) {
            try {
                mark = value.startsWith("0x") ? Long.parseUnsignedLong(value.substring(2), 16) : Long.parseLong(value);
            } catch (NumberFormatException e) {
                fail("mark is not a number: " + value);
            }
        }

        private boolean isIcmp() {
            return "ICMP".equals(proto) || "ICMPV6".equals(proto);
        }

        private Integer port(String key, String value) {
            Integer port = integer(key, value);
            if (port != null && (port < 0 || port > 65535)) {
                fail(key + " is not a port: " + value);
                return null;
            }
            return port;
        }

        private Integer integer(String key, String value) {
            Long n = number(key, value);
            if (n == null) {
                return null;
            }
            if (n > Integer.MAX_VALUE) {
                fail(key + " is out of range: " + value);
                return null;
            }
            return n.intValue();
        }

        private Long number(String key, String value) {
            if (value.isEmpty() || value.length() > 19) {
                fail(key + " is not a number: '" + value + "'");
                return null;
            }
            long n = 0;
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c < '0' || c > '9') {
                    fail(key + " is not a number: '" + value + "'");
                    return null;
                }
                n = n * 10 + (c - '0');
            }
            return n;
        }

        private void fail(String reason) {
            if (error == null) {
                error = reason;
            }
        }

        Result build() {
            if (error != null) {
                return new Result(null, error);
            }
            if (src == null || dst == null) {
                return new Result(null, "no SRC= and DST= in the packet fields");
            }
            if (proto == null) {
                return new Result(null, "no PROTO= in the packet fields");
            }
            ipVersion = src.indexOf(':') >= 0 ? 6 : 4;
            return new Result(new Packet(in, out, physIn, physOut, macDst, macSrc, etherType, src, dst, ipVersion,
                    length, tos, prec, ttl, ipId, frag, ipFlags, tc, flowLabel, hopLimit, proto, spt, dpt, seq, ack,
                    window, tcpFlags, urgp, udpLen, icmpType, icmpCode, icmpId, icmpSeq, mark, invalid), null);
        }

        private static List<String> add(List<String> list, String word) {
            List<String> result = list == null ? new ArrayList<>(4) : list;
            result.add(word);
            return result;
        }

        private static String emptyToNull(String value) {
            return value.isEmpty() ? null : value;
        }
    }
}
