package ai.thinkheads.droptrace.core.firewall.net;

/** Unsigned 128-bit arithmetic on ({@code hi}, {@code lo}) pairs, the little the range code needs. */
final class U128 {

    private U128() {
    }

    static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** The low mask of a prefix: the host bits of a {@code prefix}-bit network in a 128-bit space. */
    static long hostMaskHi(int prefix128) {
        if (prefix128 >= 64) {
            return 0L;
        }
        return prefix128 == 0 ? -1L : (-1L >>> prefix128);
    }

    static long hostMaskLo(int prefix128) {
        if (prefix128 <= 64) {
            return -1L;
        }
        return prefix128 == 128 ? 0L : (-1L >>> (prefix128 - 64));
    }

    static boolean isMax(long hi, long lo) {
        return hi == -1L && lo == -1L;
    }
}
