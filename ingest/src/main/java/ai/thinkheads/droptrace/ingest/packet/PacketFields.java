package ai.thinkheads.droptrace.ingest.packet;

import ai.thinkheads.droptrace.core.event.Packet;
import java.util.List;

/**
 * The fields of one line as {@link PacketFieldParser} meets them; knows which layer it is in. A
 * key arrives as the code of its first (up to) four characters and its length (see
 * {@link PacketKeys}); each handler reads its value in place.
 */
final class PacketFields extends ValueReader {

    private String in;
    private String out;
    private String physIn;
    private String physOut;
    private String macDst;
    private String macSrc;
    /** Whether the MACs came from {@code MAC=} (checked as read) rather than the kernel's MACSRC=/MACDST=. */
    private boolean macField;
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
    private boolean arp;
    /** The kernel and ulogd print an IPv6 packet's {@code LEN=} with its 40-byte header; pvefw-logger without. */
    private final boolean ipv6LengthWithHeader;
    /** ulogd's {@code FRAG: 1232 ID: 0a1b2c3d}: the key ({@link PacketKeys#FRAG} or {@link PacketKeys#ID}) the next word is the value of. */
    private int valueOfKey;

    PacketFields(String text, int to, boolean ipv6LengthWithHeader) {
        super(text, to);
        this.ipv6LengthWithHeader = ipv6LengthWithHeader;
    }

    /**
     * One {@code KEY=value} field; the key starts at {@code k}, the value at {@code v}.
     *
     * @return the index after the value
     */
    int field(int code, int n, int k, int v) {
        at = -1;
        if (proto == null) {
            l3(code, n, k, v);
        } else {
            l4(code, n, k, v);
        }
        return at >= 0 ? at : tokenEnd(v);
    }

    private void l3(int code, int n, int k, int v) {
        switch (code) {
            case PacketKeys.IN -> {
                if (n == 2) {
                    if (in != null || out != null) {
                        runTogether("IN"); // every logger writes IN= once, before OUT=
                    }
                    in = text(v);
                }
            }
            case PacketKeys.OUT -> out = n == 3 ? text(v) : out;
            case PacketKeys.PHYS -> {
                if (n == 6 && text.startsWith("IN", k + 4)) {
                    physIn = text(v);
                } else if (n == 7 && text.startsWith("OUT", k + 4)) {
                    physOut = text(v);
                }
            }
            case PacketKeys.MAC -> {
                if (n == 3) {
                    mac(v);
                }
            }
            case PacketKeys.SRC -> {
                if (n == 3) {
                    if (src != null) {
                        runTogether("SRC");
                    }
                    src = address("SRC", v);
                }
            }
            case PacketKeys.DST -> dst = n == 3 ? address("DST", v) : dst;
            case PacketKeys.LEN -> {
                if (n == 3 && length == NONE) {
                    length = number("LEN", v);
                }
            }
            case PacketKeys.TOS -> tos = n == 3 ? hex(v) : tos;
            case PacketKeys.PREC -> prec = n == 4 ? hex(v) : prec;
            case PacketKeys.TTL -> ttl = n == 3 ? number("TTL", v) : ttl;
            case PacketKeys.ID -> ipId = n == 2 ? number("ID", v) : ipId;
            case PacketKeys.PROT -> {
                if (n == 5 && text.charAt(k + 4) == 'O') {
                    protocol(v);
                }
            }
            case PacketKeys.TC -> tc = n == 2 ? number("TC", v) : tc;
            case PacketKeys.FLOW -> flowLabel = n == 7 && text.startsWith("LBL", k + 4) ? number("FLOWLBL", v) : flowLabel;
            case PacketKeys.HOPL -> hopLimit = n == 8 && text.startsWith("IMIT", k + 4) ? number("HOPLIMIT", v) : hopLimit;
            case PacketKeys.FRAG -> frag = n == 4 ? number("FRAG", v) : frag;
            case PacketKeys.MARK -> mark = n == 4 ? number("mark", v) : mark;
            case PacketKeys.MARK_HEX -> mark = n == 4 ? mark("MARK", v) : mark;
            case PacketKeys.INVA -> invalid = n == 7 && text.startsWith("LID", k + 4) ? text.substring(v, tokenEnd(v))
                    : invalid;
            case PacketKeys.MACS -> macSrc = n == 6 && text.startsWith("RC", k + 4) ? text(v) : macSrc;
            case PacketKeys.MACD -> macDst = n == 6 && text.startsWith("ST", k + 4) ? text(v) : macDst;
            case PacketKeys.MACP -> etherType = n == 8 && text.startsWith("ROTO", k + 4) ? etherTypeHex(v) : etherType;
            case PacketKeys.IPSR -> {
                if (n == 5 && text.charAt(k + 4) == 'C') {
                    src = address("IPSRC", v);
                    arp = true;
                }
            }
            case PacketKeys.IPDS -> {
                if (n == 5 && text.charAt(k + 4) == 'T') {
                    dst = address("IPDST", v);
                    arp = true;
                }
            }
            case PacketKeys.SEGM -> {
                if (n == 8 && text.startsWith("ENTS", k + 4)) {
                    segmentsLeft(v);
                }
            }
            default -> {
                // TYPE= before PROTO= (IPv6 routing header), NEXTHDR, UID, GID, ...: not packet fields we keep.
            }
        }
    }

    /**
     * pvefw-logger writes an IPv6 routing header's {@code TYPE=%u SEGMENTS=%u} without a space after it, so the field
     * after it is glued on: {@code SEGMENTS=2PROTO=TCP}, {@code SEGMENTS=1HOME=...}, {@code SEGMENTS=0FRAG=0}. The value
     * is its digits (not kept); the field after them is read as one of its own (read with the value, a routed
     * packet's {@code PROTO=} was lost, and the line a dead letter).
     */
    private void segmentsLeft(int v) {
        int end = tokenEnd(v);
        int d = v;
        while (d < end && text.charAt(d) >= '0' && text.charAt(d) <= '9') {
            d++;
        }
        if (d > v && d < end) {
            at = d;
        }
    }

    private void l4(int code, int n, int k, int v) {
        switch (code) {
            case PacketKeys.SPT -> spt = n == 3 ? port("SPT", v) : spt;
            case PacketKeys.DPT -> dpt = n == 3 ? port("DPT", v) : dpt;
            case PacketKeys.SEQ -> {
                if (n == 3 && protoKind == Protocols.ICMP) {
                    icmpSeq = number("SEQ", v);
                } else if (n == 3) {
                    seq = number("SEQ", v);
                }
            }
            case PacketKeys.ACK -> ack = n == 3 ? number("ACK", v) : ack;
            case PacketKeys.WIND -> window = n == 6 && text.startsWith("OW", k + 4) ? number("WINDOW", v) : window;
            case PacketKeys.URGP -> urgp = n == 4 ? number("URGP", v) : urgp;
            case PacketKeys.LEN -> {
                if (n == 3) {
                    secondLength(v);
                }
            }
            case PacketKeys.TYPE -> icmpType = n == 4 && icmpType == NONE ? number("TYPE", v) : icmpType;
            case PacketKeys.CODE -> icmpCode = n == 4 && icmpCode == NONE ? number("CODE", v) : icmpCode;
            case PacketKeys.ID -> icmpId = n == 2 ? number("ID", v) : icmpId;
            case PacketKeys.INVA -> invalid = n == 7 && text.startsWith("LID", k + 4) ? text.substring(v, tokenEnd(v))
                    : invalid;
            case PacketKeys.MARK -> mark = n == 4 ? number("mark", v) : mark;
            case PacketKeys.MARK_HEX -> mark = n == 4 ? mark("MARK", v) : mark;
            // After PROTO= no logger writes these again (a kernel ICMP error's packet is in brackets, skipped).
            case PacketKeys.IN -> runTogether(n == 2 ? "IN" : null);
            case PacketKeys.SRC -> runTogether(n == 3 ? "SRC" : null);
            case PacketKeys.PROT -> runTogether(n == 5 && text.charAt(k + 4) == 'O' ? "PROTO" : null);
            default -> {
                // RES, UID, GID, MTU, GATEWAY, PARAMETER, RA fields: not packet fields we keep.
            }
        }
    }

    /**
     * Two lines read as one: a second {@code key=} (none when {@code key} is null) where a line has one. Its line end
     * was lost (a writer that ends lines with a bare CR, a line a crash or a full disk cut short before the next was
     * appended, a sender's wrong octet count): read on, the event would have the addresses of one line and the ports
     * of the other, and the second line would be lost without a word.
     */
    private void runTogether(String key) {
        if (key != null) {
            fail("two log lines run together in one (a second " + key + "= in it): a line end was lost, "
                    + "so neither line is read as an event");
        }
    }

    /**
     * A bare word at {@code k}: a flag ({@code DF}, {@code SYN}, ...) of the layer it is in, the
     * kernel's and ulogd's fragment fields written with a colon, or ignored.
     */
    void word(int code, int n, int k) {
        int flag = PacketKeys.flagBit(code, n);
        if (flag == 0) {
            if (proto == null && (n >= 3 || valueOfKey != 0)) {
                colonField(code, n, k);
            }
            return;
        }
        if (proto == null) {
            ipFlags |= flag & PacketKeys.IP_FLAGS;
        } else if (protoKind == Protocols.TCP) {
            tcpFlags |= flag & PacketKeys.TCP_FLAGS;
        }
    }

    /**
     * The fragment fields the kernel LOG target and ulogd write with a colon instead of {@code =}:
     * IPv4 {@code FRAG:185} (the offset); IPv6 {@code FRAG:1232 [INCOMPLETE] ID:0a1b2c3d} (the
     * offset, more fragments follow, the identification in hexadecimal); ulogd's IPv6
     * {@code FRAG: 1232 ID: 0a1b2c3d}, the value as the next word.
     */
    private void colonField(int code, int n, int k) {
        int key = valueOfKey;
        valueOfKey = 0;
        if (key == PacketKeys.FRAG) {
            frag = numberUpTo("FRAG", k, k + n);
        } else if (key == PacketKeys.ID) {
            ipId = hexUpTo("ID", k, k + n, k);
        } else if (n < 3) {
            return;
        } else if (code == PacketKeys.FRAG && n >= 5 && text.charAt(k + 4) == ':') {
            if (n == 5) {
                valueOfKey = PacketKeys.FRAG;
            } else {
                frag = numberUpTo("FRAG", k + 5, k + n);
            }
        } else if (text.charAt(k) == 'I' && text.charAt(k + 1) == 'D' && text.charAt(k + 2) == ':') {
            if (n == 3) {
                valueOfKey = PacketKeys.ID;
            } else {
                ipId = hexUpTo("ID", k + 3, k + n, k + 3);
            }
        } else if (n == 10 && frag != NONE && text.startsWith("INCOMPLETE", k)) {
            ipFlags |= PacketKeys.MORE_FRAGMENTS;
        }
    }

    private void protocol(int v) {
        // TCP and UDP are told without looking for the end of the value first (Protocols.name does the rest).
        if (endsAt(v + 3) && text.charAt(v + 2) == 'P') {
            char first = text.charAt(v);
            char second = text.charAt(v + 1);
            if (first == 'T' && second == 'C' || first == 'U' && second == 'D') {
                at = v + 3;
                proto = first == 'T' ? "TCP" : "UDP";
                protoKind = first == 'T' ? Protocols.TCP : Protocols.UDP;
                return;
            }
        }
        int end = tokenEnd(v);
        at = end;
        String name = Protocols.name(text, v, end);
        if (name == null) {
            fail("PROTO is not a protocol name or number: '" + text.substring(v, end) + "'");
            name = "unknown";
        }
        proto = name;
        protoKind = Protocols.kind(proto);
    }

    private String hex(int v) {
        if (endsAt(v + 4) && text.charAt(v) == '0' && text.charAt(v + 1) == 'x' && text.charAt(v + 2) == '0'
                && text.charAt(v + 3) == '0') {
            at = v + 4;
            return "0x00";
        }
        int end = tokenEnd(v);
        at = end;
        if (end - v == 2 && hexDigit(text.charAt(v)) >= 0 && hexDigit(text.charAt(v + 1)) >= 0) {
            return "0x" + text.substring(v, end); // ulogd writes TOS=%02X, without the 0x of the kernel and pvefw-logger
        }
        return text.substring(v, end);
    }

    /** A second LEN= after PROTO=: the UDP length; for other protocols a truncated header's length. */
    private void secondLength(int v) {
        int end = tokenEnd(v);
        at = end;
        // UDP lines end without a space, so a non-zero mark can be glued on: LEN=58mark=2147483648
        int glued = text.indexOf("mark=", v);
        if (glued > v && glued < end) {
            mark = numberUpTo("mark", glued + 5, end);
            end = glued;
        }
        if (protoKind == Protocols.UDP) {
            udpLen = numberUpTo("LEN", v, end);
        } else if (length == NONE) {
            length = numberUpTo("LEN", v, end);
        }
    }

    private void mac(int v) {
        // dst(6) : src(6) : ethertype(2), as colon-separated hex bytes (17 + 1 + 17 + 1 + 5 chars).
        // Some devices log more bytes after the ethertype (the start of the IP header): ignored.
        // Its shape is checked (the colons between the three parts, a length of whole bytes); its digits are not,
        // on every line: the kernel writes them, and a check of all 28 cost the parser some 3 % (docs/benchmarks.md).
        int end = tokenEnd(v);
        at = end;
        macField = true;
        int n = end - v;
        if (n >= 41 && n % 3 == 2 && text.charAt(v + 17) == ':' && text.charAt(v + 35) == ':') {
            macDst = text.substring(v, v + 17);
            macSrc = text.substring(v + 18, v + 35);
            etherType = Interned.etherType(text, v + 36, v + 41);
        } else if (n == 17 && hexBytes(v, end)) {
            macDst = text.substring(v, end);
        } else if (n != 0) {
            fail("MAC is not colon-separated hexadecimal bytes: '" + text.substring(v, end) + "'");
        }
    }

    /** The kernel's {@code MACPROTO=0800} (four hex digits) in {@code MAC=}'s form: {@code 08:00}. */
    private String etherTypeHex(int v) {
        int end = tokenEnd(v);
        at = end;
        if (end - v != 4) {
            return text.substring(v, end);
        }
        String hex = text.substring(v, v + 2) + ':' + text.substring(v + 2, end);
        return Interned.etherType(hex, 0, hex.length());
    }

    PacketFieldParser.Result build() {
        if (error != null) {
            return new PacketFieldParser.Result(null, error);
        }
        if (src == null || dst == null) {
            return new PacketFieldParser.Result(null, MissingFlow.noAddresses(invalid, etherType));
        }
        if (proto == null && arp) {
            proto = "ARP"; // the kernel's ARP line (ARP HTYPE= PTYPE= OPCODE= MACSRC= IPSRC= ...) has no PROTO=
        }
        if (proto == null) {
            return new PacketFieldParser.Result(null, MissingFlow.noProtocol(invalid));
        }
        int ipVersion = src.indexOf(':') >= 0 ? 6 : 4;
        if (ipVersion == 6 && ipv6LengthWithHeader && length >= 40) {
            length -= 40; // the payload length, as pvefw-logger writes it
        }
        widths();
        if (!macField) {
            // The kernel's MACSRC=/MACDST= (bridge-family and ARP lines), checked here, off the loop over the keys
            kernelMac("MACSRC", macSrc);
            kernelMac("MACDST", macDst);
        }
        if (error != null) {
            return new PacketFieldParser.Result(null, error);
        }
        List<String> flags = PacketKeys.flagList(ipFlags);
        List<String> tcp = PacketKeys.flagList(tcpFlags);
        return new PacketFieldParser.Result(new Packet(in, out, physIn, physOut, macDst, macSrc, etherType, src, dst,
                Integer.valueOf(ipVersion), integer(length), tos, prec, integer(ttl), boxed(ipId), integer(frag),
                flags, integer(tc), boxed(flowLabel), integer(hopLimit), proto, integer(spt), integer(dpt), boxed(seq),
                boxed(ack), integer(window), tcp, integer(urgp), integer(udpLen), integer(icmpType), integer(icmpCode),
                boxed(icmpId), boxed(icmpSeq), boxed(mark), invalid), null);
    }

    /**
     * A value wider than its field in the header (SEQ=4294967296, TTL=300) is a corrupt line, not a
     * packet: the numbers of 8 and 16 bits at that width, the ids and sequence numbers (IPv4's and ICMP
     * echo's are 16 bits, IPv6's fragment id 32) at 32 bits, as anonymised samples (Elastic's) carry wider ones.
     */
    private void widths() {
        // NONE (not read) is below every bound; one test on every line, the field named only for a line that fails it
        long u32 = 4294967295L;
        if (!(length > 65535 | ttl > 255 | ipId > u32 | frag > 65535 | tc > 255 | flowLabel > 0xfffff | hopLimit > 255
                | seq > u32 | ack > u32 | window > 65535 | urgp > 65535 | udpLen > 65535 | icmpType > 255
                | icmpCode > 255 | icmpId > u32 | icmpSeq > u32 | mark > u32)) {
            return;
        }
        atMost("LEN", length, 65535);
        atMost("TTL", ttl, 255);
        atMost("ID", ipId, 4294967295L);
        atMost("FRAG", frag, 65535);
        atMost("TC", tc, 255);
        atMost("FLOWLBL", flowLabel, 0xfffff);
        atMost("HOPLIMIT", hopLimit, 255);
        atMost("SEQ", seq, 4294967295L);
        atMost("ACK", ack, 4294967295L);
        atMost("WINDOW", window, 65535);
        atMost("URGP", urgp, 65535);
        atMost("LEN", udpLen, 65535);
        atMost("TYPE", icmpType, 255);
        atMost("CODE", icmpCode, 255);
        atMost("ID", icmpId, 4294967295L);
        atMost("SEQ", icmpSeq, 4294967295L);
        atMost("mark", mark, 4294967295L);
    }

    /** An error unless {@code value} (when read) is a MAC address: six colon-separated hex bytes. */
    private void kernelMac(String key, String value) {
        if (value != null && !macAddress(value)) {
            fail(key + " is not a MAC address: '" + value + "'");
        }
    }

    private static Integer integer(long value) {
        return value == NONE || value > Integer.MAX_VALUE ? null : Integer.valueOf((int) value);
    }

    private static Long boxed(long value) {
        return value == NONE ? null : Long.valueOf(value);
    }
}
