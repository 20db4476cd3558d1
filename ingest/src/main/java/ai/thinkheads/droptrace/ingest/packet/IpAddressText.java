package ai.thinkheads.droptrace.ingest.packet;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;

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
        return read(text, 0, text.length());
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
        // Any other form of the address (leading zeros, zero groups not compressed, upper case, ::ffff:a00:1) as
        // inet_ntop writes it too: two spellings of one address would be two flows, and a probe of 2001:db8::1 would
        // never meet the drops of a line that wrote 2001:0db8:0000::0001.
        return inNtopForm(text, from, to) ? text.substring(from, to) : IpAddress.ntop(groups(text, from, to));
    }

    /**
     * Whether a valid IPv6 address text is already as {@link IpAddress#ntop(int[])} writes it (pvefw-logger's every
     * line), told in one pass over its characters without reading its groups: lower case, no leading zeros, and
     * {@code ::} for the longest run of two or more zero groups, the first of equals. The forms with a dotted or possibly dotted IPv4
     * part ({@code ::ffff:10.0.0.1}, {@code ::1}) are not told here: they are written out and compared.
     */
    private static boolean inNtopForm(String text, int from, int to) {
        boolean gap = false;
        int k = from;
        if (text.charAt(k) == ':') {
            gap = true;
            k += 2;
        }
        boolean gapAtStart = gap;
        boolean afterGap = gap;
        boolean zero = false;
        int groups = 0;
        int run = 0;
        int runBefore = 0;
        int runAfter = 0;
        while (k < to) {
            int start = k;
            while (k < to && text.charAt(k) != ':') {
                char c = text.charAt(k++);
                if (c == '.' || c >= 'A' && c <= 'F') {
                    return false;
                }
            }
            int digits = k - start;
            if (digits == 0) { // the '::' in the middle or at the end
                if (zero) {
                    return false; // a zero group beside '::' belongs in it
                }
                gap = true;
                afterGap = true;
                run = 0;
            } else {
                if (digits > 1 && text.charAt(start) == '0') {
                    return false;
                }
                zero = digits == 1 && text.charAt(start) == '0';
                if (zero && afterGap) {
                    return false;
                }
                run = zero ? run + 1 : 0;
                if (gap) {
                    runAfter = Math.max(runAfter, run);
                } else {
                    runBefore = Math.max(runBefore, run);
                }
                afterGap = false;
                groups++;
            }
            k++; // the ':' after the group
        }
        if (!gap) {
            return runBefore < 2;
        }
        int compressed = 8 - groups;
        return compressed >= 2 && runBefore < compressed && runAfter <= compressed && !(gapAtStart && groups <= 3);
    }

    /** The eight 16-bit groups of a valid IPv6 address text, a dotted IPv4 tail read as the last two. */
    private static int[] groups(String text, int from, int to) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int value = 0;
        int digits = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c == ':') {
                if (digits > 0) {
                    groups[count++] = value;
                } else if (k > from && text.charAt(k - 1) == ':') {
                    gap = count;
                }
                value = 0;
                digits = 0;
            } else if (c == '.') {
                int v4 = dotted(text, k - digits, to);
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xffff;
                digits = 0;
                break;
            } else {
                value = value * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10); // a valid hex digit
                digits++;
            }
        }
        if (digits > 0) {
            groups[count++] = value;
        }
        if (gap >= 0) { // the groups after '::' move to the end, zeros in between
            int after = count - gap;
            System.arraycopy(groups, gap, groups, 8 - after, after);
            java.util.Arrays.fill(groups, gap, 8 - after, 0);
        }
        return groups;
    }

    /** A valid dotted IPv4 address as a 32-bit number. */
    private static int dotted(String text, int from, int to) {
        int address = 0;
        int part = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c == '.') {
                address = address << 8 | part;
                part = 0;
            } else {
                part = part * 10 + (c - '0');
            }
        }
        return address << 8 | part;
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
        return IpAddress.ntop(groups);
    }
}
