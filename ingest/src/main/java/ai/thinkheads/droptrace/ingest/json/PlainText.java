package ai.thinkheads.droptrace.ingest.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tells whether bytes are plain text: printable ASCII (0x20-0x7F) without quote or backslash.
 * Such a line is the same in UTF-8, in Latin-1 and inside a JSON string, so it can be turned into
 * a string and written back as JSON by copying. Almost every firewall line is plain; the check
 * reads eight bytes at a time (SWAR), several times faster than a loop over characters.
 */
public final class PlainText {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private PlainText() {
    }

    /** True when every byte from {@code from} to {@code to} is printable ASCII other than quote and backslash. */
    public static boolean isPlain(byte[] bytes, int from, int to) {
        int k = from;
        long flags = 0;
        for (; k + 8 <= to; k += 8) {
            long x = (long) LONGS.get(bytes, k);
            long quote = x ^ QUOTES;
            long backslash = x ^ BACKSLASHES;
            // High bit: a non-ASCII byte; below 0x20: a control character; zero after XOR: quote or backslash.
            flags |= x | (x - SPACES) & ~x | (quote - ONES) & ~quote | (backslash - ONES) & ~backslash;
        }
        if ((flags & HIGH) != 0) {
            return false;
        }
        for (; k < to; k++) {
            byte b = bytes[k];
            if (b < 0x20 || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }
}
