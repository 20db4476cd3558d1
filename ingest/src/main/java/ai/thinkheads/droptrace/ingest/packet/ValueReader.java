package ai.thinkheads.droptrace.ingest.packet;

/**
 * Reads the value of a {@code KEY=value} field of a log line in place: a value runs to the next
 * space (or the end of the fields). Each read leaves {@link #at} after the value, so every
 * character of a line is looked at once; the first malformed value is kept as the line's error.
 */
abstract class ValueReader {

    static final long NONE = Long.MIN_VALUE;

    final String text;
    final int to;
    /** Index after the value read last. */
    int at;
    String error;

    ValueReader(String text, int to) {
        this.text = text;
        this.to = to;
    }

    /** The index of the next space at or after {@code from}, or the end of the fields. */
    final int tokenEnd(int from) {
        int k = text.indexOf(' ', from);
        return k < 0 || k > to ? to : k;
    }

    /** Whether a value can end at {@code end}: the end of the fields, or a space there. */
    final boolean endsAt(int end) {
        return end == to || end < to && text.charAt(end) == ' ';
    }

    /** The value from {@code v} as text ({@code null} when empty). */
    final String text(int v) {
        int end = tokenEnd(v);
        at = end;
        return v == end ? null : text.substring(v, end);
    }

    /** A decimal number of at most 18 digits, or {@link #NONE} and an error. */
    final long number(String key, int v) {
        long value = 0;
        int k = v;
        while (k < to) {
            int digit = text.charAt(k) - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
            k++;
        }
        if (k == v || k - v > 18 || k < to && text.charAt(k) != ' ') {
            int end = tokenEnd(k);
            fail(key + " is not a number: '" + text.substring(v, end) + "'");
            at = end;
            return NONE;
        }
        at = k;
        return value;
    }

    /** A number between {@code v} and {@code end} that must not run to a space (a value split in two). */
    final long numberUpTo(String key, int v, int end) {
        int n = end - v;
        if (n <= 0 || n > 18) {
            fail(key + " is not a number: '" + text.substring(v, end) + "'");
            return NONE;
        }
        long value = 0;
        for (int k = v; k < end; k++) {
            int digit = text.charAt(k) - '0';
            if (digit < 0 || digit > 9) {
                fail(key + " is not a number: '" + text.substring(v, end) + "'");
                return NONE;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * A mark: 32 bits in hexadecimal, as the kernel LOG target writes it ({@code MARK=0x%x}) and
     * ulogd's LOGEMU does ({@code MARK=%x}, without {@code 0x}); {@link #NONE} and an error when it
     * is not one.
     */
    final long mark(String key, int v) {
        int end = tokenEnd(v);
        at = end;
        boolean prefixed = v + 1 < end && text.charAt(v) == '0' && text.charAt(v + 1) == 'x';
        return hexUpTo(key, prefixed ? v + 2 : v, end, v);
    }

    /**
     * At most 8 hexadecimal digits between {@code from} and {@code end} (a 32-bit value); {@link #NONE}
     * and an error naming the value from {@code shown} when it is not one.
     */
    final long hexUpTo(String key, int from, int end, int shown) {
        int digits = end - from;
        if (digits < 1 || digits > 8) {
            fail(key + " is not a hexadecimal number: '" + text.substring(shown, end) + "'");
            return NONE;
        }
        long value = 0;
        for (int k = from; k < end; k++) {
            int digit = hexDigit(text.charAt(k));
            if (digit < 0) {
                fail(key + " is not a hexadecimal number: '" + text.substring(shown, end) + "'");
                return NONE;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /**
     * Whether the text between {@code from} and {@code end} is colon-separated bytes of two hex digits
     * ({@code bc:24:11}), or nothing (the kernel's {@code MAC=} of a device without a link-layer header).
     */
    final boolean hexBytes(int from, int end) {
        if (end == from) {
            return true;
        }
        if ((end - from) % 3 != 2) {
            return false;
        }
        // Without a branch per character (a MAC has 28 digits and 13 colons): any wrong one leaves a bit in bad.
        long bad = 0;
        int k = from;
        for (; k < end - 2; k += 3) {
            bad |= notHex(text.charAt(k)) | notHex(text.charAt(k + 1)) | text.charAt(k + 2) ^ ':';
        }
        return (bad | notHex(text.charAt(k)) | notHex(text.charAt(k + 1))) == 0;
    }

    /** Whether {@code value} is six colon-separated bytes of two hex digits ({@code bc:24:11:12:34:56}). */
    static boolean macAddress(String value) {
        if (value.length() != 17) {
            return false;
        }
        long bad = 0;
        for (int k = 0; k < 17; k += 3) {
            bad |= notHex(value.charAt(k)) | notHex(value.charAt(k + 1)) | (k < 15 ? value.charAt(k + 2) ^ ':' : 0);
        }
        return bad == 0;
    }

    /** Bit {@code c - '0'} set for each ASCII hexadecimal digit {@code c} ({@code 'f' - '0'} is 54). */
    private static final long HEX_DIGITS = 0x3ffL | 0x3fL << ('A' - '0') | 0x3fL << ('a' - '0');

    /** 0 when {@code c} is an ASCII hexadecimal digit, not 0 otherwise. */
    private static long notHex(char c) {
        int d = c - '0';
        return d >>> 6 | ~HEX_DIGITS >>> d & 1;
    }

    /** The value of an ASCII hexadecimal digit, -1 for any other character. */
    static int hexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** A port number 0-65535. */
    final long port(String key, int v) {
        long port = number(key, v);
        if (port != NONE && port > 65535) {
            fail(key + " is not a port: " + text.substring(v, at));
            return NONE;
        }
        return port;
    }

    /** An IPv4 or IPv6 address, compressed like pvefw-logger writes it; an error when it is not one. */
    final String address(String key, int v) {
        // The usual IPv4 address is checked while its end is looked for: one pass.
        int parts = 0;
        int value = 0;
        int digits = 0;
        int k = v;
        for (; k < to; k++) {
            char c = text.charAt(k);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    break;
                }
            } else if (c == '.' && digits > 0 && parts < 3) {
                parts++;
                value = 0;
                digits = 0;
            } else {
                break;
            }
        }
        if (parts == 3 && digits > 0 && (k == to || text.charAt(k) == ' ')) {
            at = k;
            return text.substring(v, k);
        }
        int end = tokenEnd(v);
        at = end;
        String address = IpAddressText.read(text, v, end);
        if (address == null) {
            fail(key + " is not an IP address: '" + text.substring(v, end) + "'");
        }
        return address;
    }

    /** An error when {@code value} (read, not {@link #NONE}) is above {@code max}, the largest its header field holds. */
    final void atMost(String key, long value, long max) {
        if (value != NONE && value > max) {
            fail(key + " is above " + max + ": '" + value + "'");
        }
    }

    final void fail(String reason) {
        if (error == null) {
            error = reason;
        }
    }
}
