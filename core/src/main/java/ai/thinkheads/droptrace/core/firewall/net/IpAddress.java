package ai.thinkheads.droptrace.core.firewall.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address as a 128-bit number ({@code hi}, {@code lo}). IPv4 addresses live in the
 * IPv4-mapped block {@code ::ffff:0:0/96}, so one sorted range structure serves both families and
 * a v4 range can never match a v6 packet (pve-firewall keeps separate v4 and v6 rulesets).
 */
public record IpAddress(int version, long hi, long lo) implements Comparable<IpAddress> {

    static final long V4_MAPPED_HI = 0L;
    static final long V4_MAPPED_LO_PREFIX = 0x0000_ffff_0000_0000L;

    public IpAddress {
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("IP version must be 4 or 6, was " + version);
        }
    }

    /**
     * {@code address:port} as written for a connection, an IPv6 address in brackets
     * ({@code [2001:db8::12]:80}) so that the port cannot be read as its last group; the address
     * alone when {@code port} is {@code null}.
     */
    public static String withPort(String address, Integer port) {
        if (port == null) {
            return address;
        }
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** Parses an address literal; {@code null} when it is not one. Never resolves a name. */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            long v4 = parseV4(text);
            return v4 < 0 ? null : ofV4(v4);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null;
            }
        }
        try {
            // "::ffff:1.2.3.4" is returned by Java as an IPv4 address; it stays IPv4.
            return of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The address of {@code bytes} as {@link InetAddress#getAddress()} gives them: 4 for IPv4, 16 for IPv6;
     * an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, what a dual-stack socket may report) is IPv4.
     */
    public static IpAddress of(byte[] bytes) {
        if (bytes.length == 4) {
            return ofV4(((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8) | (bytes[3] & 0xffL));
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (bytes[i] & 0xffL);
            lo = (lo << 8) | (bytes[i + 8] & 0xffL);
        }
        if (hi == V4_MAPPED_HI && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED_LO_PREFIX) {
            return ofV4(lo);
        }
        return new IpAddress(6, hi, lo);
    }

    public static IpAddress ofV4(long address) {
        return new IpAddress(4, V4_MAPPED_HI, V4_MAPPED_LO_PREFIX | (address & 0xffff_ffffL));
    }

    /** Dotted quad, four decimal numbers 0-255; -1 when the text is not one. */
    static long parseV4(String text) {
        int n = text.length();
        if (n < 7 || n > 15) {
            return -1;
        }
        long value = 0;
        int octet = 0;
        int digits = 0;
        int dots = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                octet = octet * 10 + (c - '0');
                if (++digits > 3 || octet > 255) {
                    return -1;
                }
            } else if (c == '.' && digits > 0 && dots < 3) {
                value = (value << 8) | octet;
                octet = 0;
                digits = 0;
                dots++;
            } else {
                return -1;
            }
        }
        return digits == 0 || dots != 3 ? -1 : (value << 8) | octet;
    }

    /** Number of bits of this family: 32 or 128. */
    public int bits() {
        return version == 4 ? 32 : 128;
    }

    @Override
    public int compareTo(IpAddress o) {
        return U128.compare(hi, lo, o.hi, o.lo);
    }

    @Override
    public String toString() {
        if (version == 4) {
            long v = lo & 0xffff_ffffL;
            return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (hi >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return ntop(bytes);
    }

    /**
     * The 16 bytes of an IPv6 address as glibc's {@code inet_ntop} writes them, as the firewall log (pvefw-logger) and
     * dig do: RFC 5952's form ({@code 2001:db8::1:0:0:5}), and {@code ::ffff:a.b.c.d} and {@code ::a.b.c.d} dotted. Java
     * writes {@code 2001:db8:0:0:1:0:0:5}, and an IPv4-mapped address as the IPv4 one ({@code 10.0.0.10}), which is not
     * what the record or the packet holds.
     */
    public static String ntop(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + bytes.length);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = (bytes[2 * g] & 0xff) << 8 | (bytes[2 * g + 1] & 0xff);
        }
        return ntop(groups);
    }

    /** The eight 16-bit groups of an IPv6 address as {@link #ntop(byte[])} writes them (the parser reads groups). */
    public static String ntop(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; g++) {
            int run = 0;
            while (g + run < 8 && groups[g + run] == 0) {
                run++;
            }
            if (run > bestLength) {
                bestStart = g;
                bestLength = run;
            }
            g += run;
        }
        StringBuilder out = new StringBuilder(39);
        if (bestStart == 0 && (bestLength == 6 || bestLength == 5 && groups[5] == 0xffff)) {
            // ::a.b.c.d and ::ffff:a.b.c.d, the IPv4 part dotted, as glibc's inet_ntop (pvefw-logger) writes them
            return out.append(bestLength == 6 ? "::" : "::ffff:").append(groups[6] >> 8).append('.')
                    .append(groups[6] & 0xff).append('.').append(groups[7] >> 8).append('.').append(groups[7] & 0xff)
                    .toString();
        }
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append(g == 0 ? "::" : ":");
                g += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(groups[g]));
            if (g < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    /**
     * Java prints {@code 2001:db8:0:0:0:0:0:1}; the logs print the compressed form {@code 2001:db8::1} (RFC 5952: the
     * longest run of two or more zero groups, the first of equals, as {@code ::}).
     */
    public static String compress(String full) {
        String[] groups = full.split(":", -1);
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}
