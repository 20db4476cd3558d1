package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import java.util.Locale;

/**
 * An address of a pair query in the form the pair keys hold it, the firewall log's: an IPv6 address in lower case
 * and compressed ({@code FD00:10:0:0::153} is {@code fd00:10::153}), as {@code droptrace query pair} sends it. A
 * pair asked for in another of its forms would otherwise be "not seen".
 */
final class PairAddress {

    private PairAddress() {
    }

    /** {@code text} in the log's form; a bad request when it is not an IPv4 or IPv6 address. */
    static String logged(String label, String text) {
        IpAddress parsed = IpAddress.parse(text);
        if (parsed == null) {
            throw new IllegalArgumentException(label + " '" + text + "' is not an IP address; give it as the "
                    + "firewall log writes it, like 10.0.0.153 or fd00:10::153");
        }
        if (text.indexOf(':') < 0) {
            return text;
        }
        // An IPv4 tail (::ffff:10.0.0.1) or an IPv4-mapped address is written by the log as it is; Java reads those
        // as IPv4, so only the case is the log's.
        if (parsed.version() == 4 || text.indexOf('.') >= 0) {
            return text.toLowerCase(Locale.ROOT);
        }
        return parsed.toString();
    }
}
