package ai.thinkheads.droptrace.ingest.syslog;

import java.nio.charset.StandardCharsets;

/** UTF-8 validation as RFC 3629 defines it, with the position of the first byte that breaks it. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Index of the byte at which the UTF-8 in {@code [from, to)} stops being valid (the byte that
     * cannot continue or start a sequence, or {@code to} when the input ends inside a sequence);
     * -1 when it is all valid.
     */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
            } else if (c == 0xe0) {
                need = 2;
                lo = 0xa0;
            } else if (c >= 0xe1 && c <= 0xef) {
                need = 2;
                if (c == 0xed) {
                    hi = 0x9f;
                }
            } else if (c == 0xf0) {
                need = 3;
                lo = 0x90;
            } else if (c >= 0xf1 && c <= 0xf3) {
                need = 3;
            } else if (c == 0xf4) {
                need = 3;
                hi = 0x8f;
            } else {
                return i;
            }
            for (int k = 1; k <= need; k++) {
                if (i + k >= to) {
                    return to;
                }
                int d = b[i + k] & 0xff;
                int min = k == 1 ? lo : 0x80;
                int max = k == 1 ? hi : 0xbf;
                if (d < min || d > max) {
                    return i + k;
                }
            }
            i += need + 1;
        }
        return -1;
    }

    /** Decodes valid sequences and turns each byte that does not start one into U+FFFD (as Go's decoders do). */
    static String decodeBytewise(byte[] b, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int length = validSequenceLength(b, i, to);
            if (length == 0) {
                out.append('\uFFFD');
                i++;
            } else {
                out.append(new String(b, i, length, StandardCharsets.UTF_8));
                i += length;
            }
        }
        return out.toString();
    }

    /** Length of the valid sequence starting at {@code i}, 0 when none starts there. */
    private static int validSequenceLength(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        if (c < 0x80) {
            return 1;
        }
        int need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
        if (need < 0 || i + need >= to) {
            return 0;
        }
        return firstInvalid(b, i, i + need + 1) < 0 ? need + 1 : 0;
    }
}
