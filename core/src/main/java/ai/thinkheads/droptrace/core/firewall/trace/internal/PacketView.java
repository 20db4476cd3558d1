package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.trace.AddressType;
import java.util.List;
import java.util.Locale;

/**
 * The packet as the matchers see it: numbers, not text. The interfaces change per chain (the
 * kernel sees other devices at each hop), so they are the only mutable fields.
 */
public final class PacketView {

    public static final int FIN = 1;
    public static final int SYN = 2;
    public static final int RST = 4;
    public static final int PSH = 8;
    public static final int ACK = 16;
    public static final int URG = 32;

    final int family;
    final IpAddress source;
    final IpAddress dest;
    final int proto;
    final int dport;
    final int sport;
    final int icmpType;
    final int icmpCode;
    final int tcpFlags;
    final AddressType sourceType;
    final AddressType destType;
    String ifaceIn;
    String ifaceOut;
    /**
     * pve-firewall's accept mark (0x80000000): a guest's OUT chain sets it on what it accepts, a security group clears
     * it as it starts, and it travels on with the packet to the next chain (a guest's packet to the host).
     */
    boolean acceptMark;
    /** The GROUP line whose unconditional mark test accepted the packet, or {@code null}. */
    String acceptedByMark;

    /** @param dport -1 when the packet has none; same for sport, icmpType, icmpCode */
    public PacketView(IpAddress source, IpAddress dest, int proto, int dport, int sport, int icmpType, int icmpCode,
            int tcpFlags, AddressType sourceType, AddressType destType) {
        this.family = source.version();
        this.source = source;
        this.dest = dest;
        this.proto = proto;
        this.dport = dport;
        this.sport = sport;
        this.icmpType = icmpType;
        this.icmpCode = icmpCode;
        this.tcpFlags = tcpFlags;
        this.sourceType = sourceType;
        this.destType = destType;
    }

    public void interfaces(String in, String out) {
        this.ifaceIn = in;
        this.ifaceOut = out;
    }

    public int family() {
        return family;
    }

    public IpAddress source() {
        return source;
    }

    public IpAddress dest() {
        return dest;
    }

    public int proto() {
        return proto;
    }

    /** Flag words ({@code SYN}, {@code ACK}) to a bit mask; unknown words are ignored. */
    public static int flags(List<String> words) {
        int mask = 0;
        for (String w : words) {
            switch (w.toUpperCase(Locale.ROOT)) {
                case "FIN" -> mask |= FIN;
                case "SYN" -> mask |= SYN;
                case "RST" -> mask |= RST;
                case "PSH" -> mask |= PSH;
                case "ACK" -> mask |= ACK;
                case "URG" -> mask |= URG;
                default -> {
                    // CWR, ECE and others play no part in pve-firewall's rules
                }
            }
        }
        return mask;
    }
}
