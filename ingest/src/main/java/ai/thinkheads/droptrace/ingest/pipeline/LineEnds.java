package ai.thinkheads.droptrace.ingest.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Finds the next line or frame end in bytes, eight bytes at a time (SWAR): the reading thread's only per-byte work. */
public final class LineEnds {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

    private LineEnds() {
    }

    /** Index of the first LF or CR from {@code from}, or {@code to} when there is none before it. */
    public static int next(byte[] bytes, int from, int to) {
        int k = from;
        for (; k + 8 <= to; k += 8) {
            long x = (long) LONGS.get(bytes, k);
            long lf = x ^ LFS;
            long cr = x ^ CRS;
            // A zero byte after the XOR is an LF or CR; the lowest flagged byte is always a true one.
            long found = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGH;
            if (found != 0) {
                return k + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; k < to; k++) {
            if (bytes[k] == '\n' || bytes[k] == '\r') {
                return k;
            }
        }
        return to;
    }

    /** Index of the first LF or NUL (the trailers of syslog's non-transparent framing) from {@code from}, or {@code to}. */
    public static int nextFrameEnd(byte[] bytes, int from, int to) {
        int k = from;
        for (; k + 8 <= to; k += 8) {
            long x = (long) LONGS.get(bytes, k);
            long lf = x ^ LFS;
            long found = ((lf - ONES) & ~lf | (x - ONES) & ~x) & HIGH;
            if (found != 0) {
                return k + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; k < to; k++) {
            if (bytes[k] == '\n' || bytes[k] == 0) {
                return k;
            }
        }
        return to;
    }
}
