package ai.thinkheads.droptrace.ingest.packet;

/**
 * Small caches of the strings that repeat from line to line (devices, addresses, chains, TOS
 * values), so the hot path does not allocate a new copy of each for every line. A slot holds one
 * immutable string; a miss simply replaces it, so the caches are safe to share between threads.
 */
public final class Interned {

    private static final int SLOTS = 1024;
    private static final String[] DEVICES = new String[SLOTS];
    private static final String[] ADDRESSES = new String[4 * SLOTS];
    private static final String[] WORDS = new String[SLOTS];

    private Interned() {
    }

    static String device(String text, int from, int to) {
        return lookup(DEVICES, text, from, to);
    }

    static String address(String text, int from, int to) {
        return lookup(ADDRESSES, text, from, to);
    }

    static String hex(String text, int from, int to) {
        return lookup(WORDS, text, from, to);
    }

    static String etherType(String text, int from, int to) {
        return lookup(WORDS, text, from, to);
    }

    /** Any short token that repeats across lines: chain names, zone offsets, hostnames. */
    public static String word(String text, int from, int to) {
        return lookup(WORDS, text, from, to);
    }

    private static String lookup(String[] cache, String text, int from, int to) {
        int length = to - from;
        if (length > 64) {
            return text.substring(from, to);
        }
        int h = length;
        for (int k = from; k < to; k++) {
            h = 31 * h + text.charAt(k);
        }
        int slot = (h ^ (h >>> 16)) & (cache.length - 1);
        String cached = cache[slot];
        if (cached != null && cached.length() == length && text.regionMatches(from, cached, 0, length)) {
            return cached;
        }
        String fresh = text.substring(from, to);
        cache[slot] = fresh;
        return fresh;
    }
}
