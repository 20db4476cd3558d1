package ai.thinkheads.droptrace.ingest.packet;

/**
 * Shared boxes for the numbers 0-65535 (ports, lengths, TTLs, IP ids, windows): most packet
 * fields fall in that range, and boxing each of them anew was a large share of the parser's
 * allocation. About 2.6 MB, allocated once.
 */
final class SmallNumbers {

    private static final int SIZE = 65_536;
    private static final Integer[] INTEGERS = new Integer[SIZE];
    private static final Long[] LONGS = new Long[SIZE];

    static {
        for (int k = 0; k < SIZE; k++) {
            INTEGERS[k] = k;
            LONGS[k] = (long) k;
        }
    }

    private SmallNumbers() {
    }

    static Integer integer(long value) {
        return value >= 0 && value < SIZE ? INTEGERS[(int) value] : Integer.valueOf((int) value);
    }

    static Long longValue(long value) {
        return value >= 0 && value < SIZE ? LONGS[(int) value] : Long.valueOf(value);
    }
}
