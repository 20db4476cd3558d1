package ai.thinkheads.droptrace.ingest.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON is written into as UTF-8, escaping strings exactly as Jackson
 * does: quote and backslash escaped, newline, carriage return, tab, backspace and form feed by
 * their short forms, other control characters as a six-character unicode escape, everything else
 * as is. Not thread-safe: one per thread or batch.
 */
public final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int size;

    public JsonBytes(int capacity) {
        this.buf = new byte[Math.max(16, capacity)];
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** A copy of the bytes from {@code from} to the end. */
    public byte[] copy(int from) {
        return Arrays.copyOfRange(buf, from, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    /** Bytes that need no escaping (field names with their punctuation, pre-encoded constants). */
    public void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** Replaces the byte at {@code index} (written before) with an ASCII character. */
    void set(int index, char c) {
        buf[index] = (byte) c;
    }

    public void ascii(char c) {
        ensure(1);
        buf[size++] = (byte) c;
    }

    public void bool(boolean value) {
        raw(value ? TRUE : FALSE);
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /** A decimal number as {@link Long#toString(long)} writes it. */
    public void number(long value) {
        if (value >= 0 && value < 10) {
            ensure(1);
            buf[size++] = (byte) ('0' + value);
            return;
        }
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            ascii('-');
            value = -value;
        }
        if (value > Integer.MAX_VALUE) {
            long high = value / 100_000_000;
            number(high);
            ensure(8);
            int low = (int) (value - high * 100_000_000);
            pairs(low, size + 8);
            size += 8;
            return;
        }
        int v = (int) value;
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10_000 ? 4 : v < 100_000 ? 5 : v < 1_000_000 ? 6
                : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
        ensure(digits);
        pairs(v, size + digits);
        size += digits;
    }

    /** The decimal digits of {@code v} written backwards from {@code end}, two at a time, down to its first digit. */
    private void pairs(int v, int end) {
        int at = end;
        int rest = v;
        int start = size;
        while (at - start >= 2) {
            int pair = rest % 100;
            rest /= 100;
            buf[--at] = DIGIT_ONES[pair];
            buf[--at] = DIGIT_TENS[pair];
        }
        if (at > start) {
            buf[--at] = (byte) ('0' + rest % 10);
        }
    }

    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        for (int k = 0; k < 100; k++) {
            DIGIT_TENS[k] = (byte) ('0' + k / 10);
            DIGIT_ONES[k] = (byte) ('0' + k % 10);
        }
    }

    /**
     * A named string field ({@code name} written before, with its comma and colon), nothing when
     * {@code value} is {@code null}; {@code plain}: the caller knows it to be plain ({@link #plain}).
     */
    void field(byte[] name, String value, boolean plain) {
        if (value == null) {
            return;
        }
        raw(name);
        if (plain) {
            plain(value);
        } else {
            string(value);
        }
    }

    /** A quoted JSON string. */
    public void string(String s) {
        int n = s.length();
        ensure(n + 2);
        byte[] b = buf;
        int at = size;
        b[at++] = '"';
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                size = at;
                escaped(s, k);
                return;
            }
            b[at++] = (byte) c;
        }
        b[at++] = '"';
        size = at;
    }

    /**
     * A quoted string the caller knows to be plain ({@link PlainText}): copied without looking at
     * its characters again. For such a string the UTF-8, Latin-1 and JSON forms are the same bytes.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies chars below 0x100 as bytes: exact here
    void plain(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[size++] = '"';
        s.getBytes(0, n, buf, size);
        size += n;
        buf[size++] = '"';
    }

    /** The rest of a string from {@code from} on, where a character needs escaping or more than one byte. */
    private void escaped(String s, int from) {
        int n = s.length();
        for (int k = from; k < n; k++) {
            char c = s.charAt(k);
            if (c >= 0x80) {
                k = utf8(s, k, c);
                continue;
            }
            ensure(6);
            if (c >= 0x20 && c != '"' && c != '\\') {
                buf[size++] = (byte) c;
                continue;
            }
            buf[size++] = '\\';
            switch (c) {
                case '"' -> buf[size++] = '"';
                case '\\' -> buf[size++] = '\\';
                case '\n' -> buf[size++] = 'n';
                case '\r' -> buf[size++] = 'r';
                case '\t' -> buf[size++] = 't';
                case '\b' -> buf[size++] = 'b';
                case '\f' -> buf[size++] = 'f';
                default -> {
                    buf[size++] = 'u';
                    buf[size++] = '0';
                    buf[size++] = '0';
                    buf[size++] = HEX[c >> 4];
                    buf[size++] = HEX[c & 0xF];
                }
            }
        }
        ascii('"');
    }

    /**
     * One character at {@code k} as UTF-8; a surrogate (half of a character beyond the BMP, or a lone
     * one) as a unicode escape, as Jackson's UTF-8 generator writes it by default.
     */
    private int utf8(String s, int k, char c) {
        ensure(6);
        if (c < 0x800) {
            buf[size++] = (byte) (0xC0 | c >> 6);
            buf[size++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isSurrogate(c)) {
            buf[size++] = '\\';
            buf[size++] = 'u';
            buf[size++] = HEX[c >> 12];
            buf[size++] = HEX[c >> 8 & 0xF];
            buf[size++] = HEX[c >> 4 & 0xF];
            buf[size++] = HEX[c & 0xF];
        } else {
            buf[size++] = (byte) (0xE0 | c >> 12);
            buf[size++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[size++] = (byte) (0x80 | c & 0x3F);
        }
        return k;
    }
}
