package ai.thinkheads.droptrace.ingest.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys and flag words of netfilter log fields as codes: the first (up to) four characters of a
 * word packed into an int, big-endian ({@code "IN"} is {@code 'I' << 8 | 'N'}). A code with the
 * word's length tells a key apart; longer keys are checked for their remaining characters.
 */
final class PacketKeys {

    static final int IN = 'I' << 8 | 'N';
    static final int ID = 'I' << 8 | 'D';
    static final int TC = 'T' << 8 | 'C';
    static final int OUT = 'O' << 16 | 'U' << 8 | 'T';
    static final int MAC = 'M' << 16 | 'A' << 8 | 'C';
    static final int SRC = 'S' << 16 | 'R' << 8 | 'C';
    static final int DST = 'D' << 16 | 'S' << 8 | 'T';
    static final int LEN = 'L' << 16 | 'E' << 8 | 'N';
    static final int TOS = 'T' << 16 | 'O' << 8 | 'S';
    static final int TTL = 'T' << 16 | 'T' << 8 | 'L';
    static final int SPT = 'S' << 16 | 'P' << 8 | 'T';
    static final int DPT = 'D' << 16 | 'P' << 8 | 'T';
    static final int SEQ = 'S' << 16 | 'E' << 8 | 'Q';
    static final int ACK = 'A' << 16 | 'C' << 8 | 'K';
    static final int PREC = 'P' << 24 | 'R' << 16 | 'E' << 8 | 'C';
    static final int FRAG = 'F' << 24 | 'R' << 16 | 'A' << 8 | 'G';
    /** pvefw-logger's {@code mark=} (decimal). */
    static final int MARK = 'm' << 24 | 'a' << 16 | 'r' << 8 | 'k';
    /** The kernel LOG target's {@code MARK=0x...} and ulogd's {@code MARK=...}: hexadecimal, after the protocol's fields. */
    static final int MARK_HEX = 'M' << 24 | 'A' << 16 | 'R' << 8 | 'K';
    static final int URGP = 'U' << 24 | 'R' << 16 | 'G' << 8 | 'P';
    static final int TYPE = 'T' << 24 | 'Y' << 16 | 'P' << 8 | 'E';
    static final int CODE = 'C' << 24 | 'O' << 16 | 'D' << 8 | 'E';
    /** PROTO. */
    static final int PROT = 'P' << 24 | 'R' << 16 | 'O' << 8 | 'T';
    /** PHYSIN, PHYSOUT. */
    static final int PHYS = 'P' << 24 | 'H' << 16 | 'Y' << 8 | 'S';
    /** FLOWLBL. */
    static final int FLOW = 'F' << 24 | 'L' << 16 | 'O' << 8 | 'W';
    /** HOPLIMIT. */
    static final int HOPL = 'H' << 24 | 'O' << 16 | 'P' << 8 | 'L';
    /** WINDOW. */
    static final int WIND = 'W' << 24 | 'I' << 16 | 'N' << 8 | 'D';
    /** MACSRC, MACDST, MACPROTO: the kernel's Ethernet header in the bridge and netdev families. */
    static final int MACS = 'M' << 24 | 'A' << 16 | 'C' << 8 | 'S';
    static final int MACD = 'M' << 24 | 'A' << 16 | 'C' << 8 | 'D';
    static final int MACP = 'M' << 24 | 'A' << 16 | 'C' << 8 | 'P';
    /** IPSRC, IPDST: the protocol addresses of a kernel ARP line. */
    static final int IPSR = 'I' << 24 | 'P' << 16 | 'S' << 8 | 'R';
    static final int IPDS = 'I' << 24 | 'P' << 16 | 'D' << 8 | 'S';
    /** INVALID. */
    static final int INVA = 'I' << 24 | 'N' << 16 | 'V' << 8 | 'A';
    /** SEGMENTS: pvefw-logger's IPv6 routing header, {@code TYPE=%u SEGMENTS=%u} without a space after it. */
    static final int SEGM = 'S' << 24 | 'E' << 16 | 'G' << 8 | 'M';

    /** Flag words in the order the kernel and pvefw-logger print them: CE DF MF, then CWR ECE URG ACK PSH RST SYN FIN. */
    private static final String[] FLAG_WORDS = {"CE", "DF", "MF", "CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"};
    static final int IP_FLAGS = 0b111;
    /** The bit of {@code MF}. */
    static final int MORE_FRAGMENTS = 1 << 2;
    static final int TCP_FLAGS = 0b11111111000;

    @SuppressWarnings("unchecked")
    private static final List<String>[] FLAG_LISTS = new List[1 << FLAG_WORDS.length];

    static {
        for (int mask = 1; mask < FLAG_LISTS.length; mask++) {
            List<String> words = new ArrayList<>(4);
            for (int b = 0; b < FLAG_WORDS.length; b++) {
                if ((mask & (1 << b)) != 0) {
                    words.add(FLAG_WORDS[b]);
                }
            }
            FLAG_LISTS[mask] = List.copyOf(words);
        }
    }

    private PacketKeys() {
    }

    /** The bit of a bare flag word of length {@code n}, 0 for any other word. */
    static int flagBit(int code, int n) {
        if (n == 2) {
            return switch (code) {
                case 'C' << 8 | 'E' -> 1;
                case 'D' << 8 | 'F' -> 1 << 1;
                case 'M' << 8 | 'F' -> 1 << 2;
                default -> 0;
            };
        }
        if (n != 3) {
            return 0;
        }
        return switch (code) {
            case 'C' << 16 | 'W' << 8 | 'R' -> 1 << 3;
            case 'E' << 16 | 'C' << 8 | 'E' -> 1 << 4;
            case 'U' << 16 | 'R' << 8 | 'G' -> 1 << 5;
            case ACK -> 1 << 6;
            case 'P' << 16 | 'S' << 8 | 'H' -> 1 << 7;
            case 'R' << 16 | 'S' << 8 | 'T' -> 1 << 8;
            case 'S' << 16 | 'Y' << 8 | 'N' -> 1 << 9;
            case 'F' << 16 | 'I' << 8 | 'N' -> 1 << 10;
            default -> 0;
        };
    }

    /** The flag words of a mask in logged order, one shared immutable list per mask; {@code null} for none. */
    static List<String> flagList(int mask) {
        return mask == 0 ? null : FLAG_LISTS[mask];
    }
}
