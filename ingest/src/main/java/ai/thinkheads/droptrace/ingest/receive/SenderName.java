package ai.thinkheads.droptrace.ingest.receive;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * How a sender is named in events' origin, dead letters and the counts by sender: {@code udp://10.0.0.5}, or for
 * IPv6 {@code udp://[fd00::5]}, in RFC 5952's short form (as an operator writes it in {@code --allow} and in a
 * sender's configuration) and in brackets, so that {@code udp://[fd00::5]:12} (a dead letter's place) reads one way.
 * Java's own text, {@code fd00:0:0:0:0:0:0:5}, is neither.
 */
public final class SenderName {

    private SenderName() {
    }

    public static String of(String scheme, InetAddress address) {
        return scheme + "://" + address(address);
    }

    /** An IPv4 address as Java writes it; an IPv6 one short and in brackets, its zone kept ({@code [fe80::1%eth0]}). */
    static String address(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        String text = v6.getHostAddress();
        int zone = text.indexOf('%');
        return "[" + shortForm(v6.getAddress()) + (zone < 0 ? "" : text.substring(zone)) + "]";
    }

    /** RFC 5952 section 4: no leading zeros, the longest run of two or more zero groups (the first of equals) as ::. */
    static String shortForm(byte[] bytes) {
        int[] groups = new int[8];
        for (int k = 0; k < 8; k++) {
            groups[k] = (bytes[2 * k] & 0xff) << 8 | bytes[2 * k + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int k = 0; k < 8; ) {
            int end = k;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - k > bestLength) {
                bestStart = k;
                bestLength = end - k;
            }
            k = Math.max(end, k + 1);
        }
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                text.append("::");
                k += bestLength - 1;
                continue;
            }
            if (k > 0 && k != bestStart + bestLength) {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[k]));
        }
        return text.toString();
    }
}
