package ai.thinkheads.droptrace.core.firewall.net;

/**
 * An inclusive range of addresses of one IP version, in the 128-bit space of {@link IpAddress}.
 * Parsed from a single address, a CIDR ({@code 10.0.0.0/24}) or a range ({@code a-b}).
 */
public record AddressRange(long startHi, long startLo, long endHi, long endLo, int version) {

    public AddressRange {
        if (U128.compare(startHi, startLo, endHi, endLo) > 0) {
            throw new IllegalArgumentException("range start is after its end");
        }
    }

    public static AddressRange of(IpAddress address) {
        return new AddressRange(address.hi(), address.lo(), address.hi(), address.lo(), address.version());
    }

    /** The network of {@code prefix} bits that contains {@code address} (host bits cleared). */
    public static AddressRange prefix(IpAddress address, int prefix) {
        int p128 = address.version() == 4 ? prefix + 96 : prefix;
        long maskHi = U128.hostMaskHi(p128);
        long maskLo = U128.hostMaskLo(p128);
        return new AddressRange(address.hi() & ~maskHi, address.lo() & ~maskLo,
                address.hi() | maskHi, address.lo() | maskLo, address.version());
    }

    /** True when {@code address} has no bits set beyond {@code prefix} (a proper network address). */
    public static boolean isNetworkAddress(IpAddress address, int prefix) {
        int p128 = address.version() == 4 ? prefix + 96 : prefix;
        return (address.hi() & U128.hostMaskHi(p128)) == 0 && (address.lo() & U128.hostMaskLo(p128)) == 0;
    }

    public boolean contains(IpAddress address) {
        return U128.compare(startHi, startLo, address.hi(), address.lo()) <= 0
                && U128.compare(address.hi(), address.lo(), endHi, endLo) <= 0;
    }

    public IpAddress start() {
        return new IpAddress(version, startHi, startLo);
    }

    public IpAddress end() {
        return new IpAddress(version, endHi, endLo);
    }

    @Override
    public String toString() {
        if (startHi == endHi && startLo == endLo) {
            return start().toString();
        }
        int bits = version == 4 ? 32 : 128;
        for (int p = 0; p <= bits; p++) {
            AddressRange net = prefix(start(), p);
            if (net.startHi == startHi && net.startLo == startLo && net.endHi == endHi && net.endLo == endLo) {
                return start() + "/" + p;
            }
        }
        return start() + "-" + end();
    }
}
