package ai.thinkheads.droptrace.ingest.packet;

/**
 * Checks that a field holds an IPv4 or IPv6 address and returns it in the compressed form
 * pvefw-logger prints with glibc's {@code inet_ntop} ({@code 2a0a:1580::a}, {@code ::ffff:10.0.0.1},
 * lower case): the kernel LOG target prints IPv6 fully expanded ({@code 2001:0db8:0000:...}), and
 * both must give the same flow key.
 */
public final class IpAddressText {

    private IpAddressText() {
    }

    /**
     * {@code text} as flow and pair keys hold an address (for {@code droptrace query pair}), or {@code null} when it
     * is not an IPv4 or IPv6 address.
     */
    public static String canonical(String text) {
        String address = read(text, 0, text.length());
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        // A person may write any of an IPv6 address's forms; the log holds the one inet_ntop writes.
        return compressExpanded(expanded(address), 0);
    }

    /** A valid IPv6 address in the kernel's expanded form: eight groups of four hex digits. */
    private static String expanded(String address) {
        String text = address;
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) >= 0) { // a dotted IPv4 tail stands for the last two groups
            String[] octets = text.substring(lastColon + 1).split("\\.");
            text = text.substring(0, lastColon + 1)
                    + Integer.toHexString(Integer.parseInt(octets[0]) << 8 | Integer.parseInt(octets[1])) + ":"
                    + Integer.toHexString(Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]));
        }
        int gap = text.indexOf("::");
        String head = gap < 0 ? text : text.substring(0, gap);
        String tail = gap < 0 ? "" : text.substring(gap + 2);
        String[] first = head.isEmpty() ? new String[0] : head.split(":");
        String[] last = tail.isEmpty() ? new String[0] : tail.split(":");
        StringBuilder out = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            int fromLast = g - (8 - last.length);
            String group = g < first.length ? first[g] : fromLast >= 0 ? last[fromLast] : "0";
            out.append(g == 0 ? "" : ":").append("0".repeat(4 - group.length())).append(group);
        }
        return out.toString();
    }

    /** The address, or {@code null} when the text is not one. */
    static String read(String text, int from, int to) {
        int n = to - from;
        if (n < 2 || n > 45) {
            return null;
        }
        if (ipv4(text, from, to)) {
            return text.substring(from, to);
        }
        if (!ipv6(text, from, to)) {
            return null;
        }
        if (n == 39) {
            String compressed = compressExpanded(text, from);
            if (compressed != null) {
                return compressed;
            }
        }
        String address = text.substring(from, to);
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c >= 'A' && c <= 'F') {
                return address.toLowerCase(java.util.Locale.ROOT); // as inet_ntop writes it
            }
        }
        return address;
    }

    /**
     * The text form of an IPv6 address (RFC 4291 2.2): up to eight groups of 1-4 hex digits, one
     * {@code ::} at most standing for one or more zero groups, the last two groups possibly an IPv4
     * address in dotted form.
     */
    private static boolean ipv6(String text, int from, int to) {
        int groups = 0;
        int digits = 0;
        boolean doubleColon = false;
        int k = from;
        if (text.charAt(k) == ':') {
            if (text.charAt(k + 1) != ':') {
                return false;
            }
            doubleColon = true;
            k += 2;
            if (k == to) {
                return true;
            }
        }
        int groupStart = k;
        for (; k < to; k++) {
            char c = text.charAt(k);
            if (c == ':') {
                if (digits == 0) {
                    if (doubleColon || k != groupStart || k + 1 >= to && groups == 0) {
                        return false;
                    }
                    doubleColon = true; // "::" in the middle or at the end
                } else {
                    groups++;
                }
                digits = 0;
                groupStart = k + 1;
                if (k + 1 == to && !(doubleColon && text.charAt(k - 1) == ':')) {
                    return false; // one colon at the end
                }
            } else if (c == '.') {
                // the rest is an IPv4 address in place of the last two groups
                if (!ipv4(text, groupStart, to)) {
                    return false;
                }
                groups += 2;
                digits = 0;
                break;
            } else if (++digits > 4 || !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        if (digits > 0) {
            groups++;
        }
        return doubleColon ? groups <= 7 : groups == 8;
    }

    /** Four decimal parts 0-255 separated by dots, in one pass. */
    private static boolean ipv4(String text, int from, int to) {
        int parts = 0;
        int value = 0;
        int digits = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && parts < 3) {
                parts++;
                value = 0;
                digits = 0;
            } else {
                return false;
            }
        }
        return parts == 3 && digits > 0;
    }

    /** {@code 2001:0db8:0000:0000:0000:0000:0000:0001} to {@code 2001:db8::1} (RFC 5952); null when not that shape. */
    static String compressExpanded(String text, int from) {
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            int at = from + g * 5;
            if (g < 7 && text.charAt(at + 4) != ':') {
                return null;
            }
            int value = 0;
            for (int k = at; k < at + 4; k++) {
                int digit = Character.digit(text.charAt(k), 16);
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            groups[g] = value;
        }
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
            out.append(bestLength == 6 ? "::" : "::ffff:").append(groups[6] >> 8).append('.').append(groups[6] & 0xff)
                    .append('.').append(groups[7] >> 8).append('.').append(groups[7] & 0xff);
            return out.toString();
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
}
