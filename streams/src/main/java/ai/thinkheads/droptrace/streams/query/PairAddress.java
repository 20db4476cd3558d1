package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;

/**
 * An address of a pair query in the form the pair keys hold it, the firewall log's: an IPv6 address in lower case
 * and compressed ({@code FD00:10:0:0::153} is {@code fd00:10::153}), as {@code droptrace query pair} sends it. A
 * pair asked for in another of its forms would otherwise be "not seen".
 */
public final class PairAddress {

    private PairAddress() {
    }

    /** {@code text} in the log's form; a bad request when it is not an IPv4 or IPv6 address. */
    static String logged(String label, String text) {
        IpAddress parsed = IpAddress.parse(text);
        if (parsed == null) {
            throw new IllegalArgumentException(label + " '" + text + "' is not an IP address; give it as the "
                    + "firewall log writes it, like 10.0.0.153 or fd00:10::153");
        }
        String decimal = withoutLeadingZeros(text);
        if (decimal != null) {
            throw new IllegalArgumentException(label + " '" + text + "' " + leadingZeros(decimal));
        }
        if (text.indexOf(':') < 0) {
            return text;
        }
        // As inet_ntop writes it, a dotted tail too (1:2:3:4:5:6:1.2.3.4 is 1:2:3:4:5:6:102:304); an IPv4-mapped
        // address, which Java reads as IPv4, is the log's ::ffff:10.0.0.1 however it is written (::ffff:a00:1).
        return parsed.version() == 4 ? "::ffff:" + parsed : parsed.toString();
    }

    /**
     * {@code text} with the leading zeros of its IPv4 parts left out ({@code 10.9.0.1} for {@code 010.009.000.001}, also
     * in an IPv6 address's dotted tail), or {@code null} when none has one. The log never writes them, and they are
     * ambiguous: {@code inet_aton} (ping, curl) reads {@code 010} as octal 8; Python's {@code ipaddress} and Go's
     * {@code net.ParseIP} refuse them for that reason. Taken as written, the pair was "never seen".
     */
    public static String withoutLeadingZeros(String text) {
        int tail = text.lastIndexOf(':') + 1;
        String[] parts = text.substring(tail).split("\\.", -1);
        boolean zeros = false;
        for (int k = 0; k < parts.length; k++) {
            if (parts.length == 4 && parts[k].length() > 1 && parts[k].charAt(0) == '0') {
                zeros = true;
                parts[k] = parts[k].replaceFirst("^0+(?=.)", "");
            }
        }
        return zeros ? text.substring(0, tail) + String.join(".", parts) : null;
    }

    /** What is said of an address with leading zeros, whose decimal reading is {@code decimal}. */
    public static String leadingZeros(String decimal) {
        return "has a part with a leading zero, which some tools read as octal (010 is 8) and the firewall log never "
                + "writes; give it without them, like " + decimal;
    }
}
