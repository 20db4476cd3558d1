package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
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
        return zone < 0 ? "[" + IpAddress.compress(text) + "]"
                : "[" + IpAddress.compress(text.substring(0, zone)) + text.substring(zone) + "]";
    }
}
