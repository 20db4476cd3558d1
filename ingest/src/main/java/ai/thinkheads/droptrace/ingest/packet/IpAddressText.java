package ai.thinkheads.droptrace.ingest.packet;

/**
 * Checks that a field holds an IPv4 or IPv6 address and returns it in the compressed form
 * pvefw-logger prints ({@code 2a0a:1580::a}): the kernel LOG target prints IPv6 fully expanded
 * ({@code 2001:0db8:0000:...}), and both must give the same flow key.
 */
final class IpAddressText {

    private IpAddressText() {
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
        boolean colon = false;
        int dots = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c == ':') {
                colon = true;
            } else if (c == '.') {
                dots++;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return null;
            }
        }
        if (!colon) {
            return null;
        }
        if (n == 39 && dots == 0) {
            String compressed = compressExpanded(text, from);
            if (compressed != null) {
                return compressed;
            }
        }
        return text.substring(from, to);
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
