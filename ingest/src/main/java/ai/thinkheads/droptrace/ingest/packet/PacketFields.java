package ai.thinkheads.droptrace.ingest.packet;

import ai.thinkheads.droptrace.core.event.Packet;
import java.util.List;

/** The fields of one line as {@link PacketFieldParser} meets them; knows which layer it is in. */
final class PacketFields {

    private static final long NONE = Long.MIN_VALUE;

    private final String text;
    private String in;
    private String out;
    private String physIn;
    private String physOut;
    private String macDst;
    private String macSrc;
    private String etherType;
    private String src;
    private String dst;
    private long length = NONE;
    private String tos;
    private String prec;
    private long ttl = NONE;
    private long ipId = NONE;
    private long frag = NONE;
    private int ipFlags;
    private long tc = NONE;
    private long flowLabel = NONE;
    private long hopLimit = NONE;
    private String proto;
    private int protoKind;
    private long spt = NONE;
    private long dpt = NONE;
    private long seq = NONE;
    private long ack = NONE;
    private long window = NONE;
    private int tcpFlags;
    private long urgp = NONE;
    private long udpLen = NONE;
    private long icmpType = NONE;
    private long icmpCode = NONE;
    private long icmpId = NONE;
    private long icmpSeq = NONE;
    private long mark = NONE;
    private String invalid;
    private String error;

    PacketFields(String text) {
        this.text = text;
    }

    void field(int k, int eq, int end) {
        int keyLength = eq - k;
        int v = eq + 1;
        if (proto == null) {
            l3(k, keyLength, v, end);
        } else {
            l4(k, keyLength, v, end);
        }
    }

    private boolean key(int k, int keyLength, String name) {
        return keyLength == name.length() && text.startsWith(name, k);
    }

    private void l3(int k, int n, int v, int end) {
        switch (text.charAt(k)) {
            case 'I' -> {
                if (key(k, n, "IN")) {
                    in = device(v, end);
                } else if (key(k, n, "ID")) {
                    ipId = number("ID", v, end);
                } else if (key(k, n, "INVALID")) {
                    invalid = text.substring(v, end);
                }
            }
            case 'O' -> {
                if (key(k, n, "OUT")) {
                    out = device(v, end);
                }
            }
            case 'P' -> {
                if (key(k, n, "PROTO")) {
                    protocol(v, end);
                } else if (key(k, n, "PHYSIN")) {
                    physIn = device(v, end);
                } else if (key(k, n, "PHYSOUT")) {
                    physOut = device(v, end);
                } else if (key(k, n, "PREC")) {
                    prec = Interned.hex(text, v, end);
                }
            }
            case 'M' -> {
                if (key(k, n, "MAC")) {
                    mac(v, end);
                }
            }
            case 'S' -> {
                if (key(k, n, "SRC")) {
                    src = IpAddressText.read(text, v, end);
                    if (src == null) {
                        fail("SRC is not an IP address: '" + text.substring(v, end) + "'");
                    }
                }
            }
            case 'D' -> {
                if (key(k, n, "DST")) {
                    dst = IpAddressText.read(text, v, end);
                    if (dst == null) {
                        fail("DST is not an IP address: '" + text.substring(v, end) + "'");
                    }
                }
            }
            case 'L' -> {
                if (key(k, n, "LEN") && length == NONE) {
                    length = number("LEN", v, end);
                }
            }
            case 'T' -> {
                if (key(k, n, "TTL")) {
                    ttl = number("TTL", v, end);
                } else if (key(k, n, "TOS")) {
                    tos = Interned.hex(text, v, end);
                } else if (key(k, n, "TC")) {
                    tc = number("TC", v, end);
                }
                // TYPE= before PROTO= is the IPv6 routing header type: not a packet field we keep.
            }
            case 'F' -> {
                if (key(k, n, "FRAG")) {
                    frag = number("FRAG", v, end);
                } else if (key(k, n, "FLOWLBL")) {
                    flowLabel = number("FLOWLBL", v, end);
                }
            }
            case 'H' -> {
                if (key(k, n, "HOPLIMIT")) {
                    hopLimit = number("HOPLIMIT", v, end);
                }
            }
            case 'm' -> {
                if (key(k, n, "mark")) {
                    mark = number("mark", v, end);
                }
            }
            default -> {
                // NEXTHDR, SEGMENTS, HOME, UID, GID, ...: not packet fields we keep.
            }
        }
    }

    private void l4(int k, int n, int v, int end) {
        switch (text.charAt(k)) {
            case 'S' -> {
                if (key(k, n, "SPT")) {
                    spt = port("SPT", v, end);
                } else if (key(k, n, "SEQ")) {
                    if (protoKind == Protocols.ICMP) {
                        icmpSeq = number("SEQ", v, end);
                    } else {
                        seq = number("SEQ", v, end);
                    }
                }
            }
            case 'D' -> {
                if (key(k, n, "DPT")) {
                    dpt = port("DPT", v, end);
                }
            }
            case 'A' -> {
                if (key(k, n, "ACK")) {
                    ack = number("ACK", v, end);
                }
            }
            case 'W' -> {
                if (key(k, n, "WINDOW")) {
                    window = number("WINDOW", v, end);
                }
            }
            case 'U' -> {
                if (key(k, n, "URGP")) {
                    urgp = number("URGP", v, end);
                }
            }
            case 'L' -> {
                if (key(k, n, "LEN")) {
                    secondLength(v, end);
                }
            }
            case 'T' -> {
                if (key(k, n, "TYPE") && icmpType == NONE) {
                    icmpType = number("TYPE", v, end);
                }
            }
            case 'C' -> {
                if (key(k, n, "CODE") && icmpCode == NONE) {
                    icmpCode = number("CODE", v, end);
                }
            }
            case 'I' -> {
                if (key(k, n, "ID")) {
                    icmpId = number("ID", v, end);
                } else if (key(k, n, "INVALID")) {
                    invalid = text.substring(v, end);
                }
            }
            case 'm' -> {
                if (key(k, n, "mark")) {
                    mark = number("mark", v, end);
                }
            }
            default -> {
                // RES, UID, GID, MTU, GATEWAY, PARAMETER, RA fields: not packet fields we keep.
            }
        }
    }

    void word(int i, int end) {
        int flag = Protocols.flagBit(text, i, end);
        if (flag == 0) {
            return;
        }
        if (proto == null) {
            if ((flag & Protocols.IP_FLAGS) != 0) {
                ipFlags |= flag;
            }
        } else if (protoKind == Protocols.TCP && (flag & Protocols.TCP_FLAGS) != 0) {
            tcpFlags |= flag;
        }
    }

    private void protocol(int v, int end) {
        proto = Protocols.name(text, v, end);
        protoKind = Protocols.kind(proto);
    }

    /** A second LEN= after PROTO=: the UDP length; for other protocols a truncated header's length. */
    private void secondLength(int v, int end) {
        // UDP lines end without a space, so a non-zero mark can be glued on: LEN=58mark=2147483648
        int glued = text.indexOf("mark=", v);
        if (glued > v && glued < end) {
            mark = number("mark", glued + 5, end);
            end = glued;
        }
        if (protoKind == Protocols.UDP) {
            udpLen = number("LEN", v, end);
        } else if (length == NONE) {
            length = number("LEN", v, end);
        }
    }

    private String device(int v, int end) {
        return v == end ? null : Interned.device(text, v, end);
    }

    private void mac(int v, int end) {
        // dst(6) : src(6) : ethertype(2), as colon-separated hex bytes (17 + 1 + 17 + 1 + 5 chars).
        // Some devices log more bytes after the ethertype (the start of the IP header): ignored.
        if (end - v >= 41 && text.charAt(v + 17) == ':' && text.charAt(v + 35) == ':') {
            macDst = text.substring(v, v + 17);
            macSrc = text.substring(v + 18, v + 35);
            etherType = Interned.etherType(text, v + 36, v + 41);
        } else if (end - v == 17) {
            macDst = text.substring(v, end);
        }
    }

    private long port(String key, int v, int end) {
        long port = number(key, v, end);
        if (port != NONE && port > 65535) {
            fail(key + " is not a port: " + text.substring(v, end));
            return NONE;
        }
        return port;
    }

    private long number(String key, int v, int end) {
        int n = end - v;
        if (n <= 0 || n > 18) {
            fail(key + " is not a number: '" + text.substring(v, end) + "'");
            return NONE;
        }
        long value = 0;
        for (int k = v; k < end; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                fail(key + " is not a number: '" + text.substring(v, end) + "'");
                return NONE;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private void fail(String reason) {
        if (error == null) {
            error = reason;
        }
    }

    PacketFieldParser.Result build() {
        if (error != null) {
            return new PacketFieldParser.Result(null, error);
        }
        if (src == null || dst == null) {
            return new PacketFieldParser.Result(null, "no SRC= and DST= in the packet fields");
        }
        if (proto == null) {
            return new PacketFieldParser.Result(null, "no PROTO= in the packet fields");
        }
        if (ttl != NONE && ttl > 255 || hopLimit != NONE && hopLimit > 255) {
            return new PacketFieldParser.Result(null, "TTL or HOPLIMIT is above 255");
        }
        int ipVersion = src.indexOf(':') >= 0 ? 6 : 4;
        List<String> flags = Protocols.flagList(ipFlags);
        List<String> tcp = Protocols.flagList(tcpFlags);
        return new PacketFieldParser.Result(new Packet(in, out, physIn, physOut, macDst, macSrc, etherType, src, dst,
                ipVersion, integer(length), tos, prec, integer(ttl), boxed(ipId), integer(frag), flags, integer(tc),
                boxed(flowLabel), integer(hopLimit), proto, integer(spt), integer(dpt), boxed(seq), boxed(ack),
                integer(window), tcp, integer(urgp), integer(udpLen), integer(icmpType), integer(icmpCode),
                boxed(icmpId), boxed(icmpSeq), boxed(mark), invalid), null);
    }

    private static Integer integer(long value) {
        return value == NONE || value > Integer.MAX_VALUE ? null : SmallNumbers.integer(value);
    }

    private static Long boxed(long value) {
        return value == NONE ? null : SmallNumbers.longValue(value);
    }
}
